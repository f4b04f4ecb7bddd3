namespace Hale.Failover;

/// <summary>The bash script a <see cref="LeaseFence"/> runs as its watchdog process (<c>/bin/bash -c SCRIPT hale-fence GROUP</c>).</summary>
/// <remarks>
/// <para>Protocol on its stdin, one line per message, written by Hale:</para>
/// <list type="bullet">
/// <item><c>arm MS PGID</c>: fence unless another line arrives within <c>MS</c> milliseconds of reading this one (≤ 0: at once);
/// <c>PGID</c> is the process group to kill, 0 for none.</item>
/// <item><c>disarm</c>: no deadline any more.</item>
/// <item>End of file while armed (Hale died or closed the pipe): fire at once, then exit 0. End of file while disarmed: exit 0.</item>
/// </list>
/// <para>
/// Firing sends SIGKILL to the group (when <c>PGID</c> &gt; 1), then to every process whose environment holds
/// <c>HALE_FENCE=$HALE_FENCE_MARKER</c> (when that variable is set: the service was started with the marker, so a process that
/// left the group, or a service started after the last arm, is found too; <c>/proc</c> is listed again until a pass finds no new
/// one, at least twice and at most ten times, so that a child forked during a pass is found by the next), runs
/// <c>$HALE_FENCE_COMMAND</c> (when set) through <c>/bin/sh -c</c> with stdin from <c>/dev/null</c> under
/// <c>timeout -k 1 10</c>, writes one line
/// <c>fired: WHY: WHAT</c> to stderr and goes back to disarmed. Other lines on stderr are the fence command's output or
/// <c>ignored: …</c> for a malformed message. Deadlines use <c>/proc/uptime</c> (monotonic, 10 ms steps), never the wall clock;
/// <c>read -t</c> takes fractional seconds and returns more than 128 on a timeout, 1 at end of file; a timeout in the middle of
/// a line returns the part read so far, which is kept for the rest of the line (else an <c>arm</c> that arrives just as the
/// deadline passes would be lost and the fence left disarmed). SIGHUP, SIGINT and SIGPIPE
/// are ignored, so a terminal hang-up, a Ctrl-C meant for Hale or a write to the pipe of a dead Hale cannot end it before it fires.
/// </para>
/// </remarks>
internal static class FenceScript
{
    /// <summary>The script.</summary>
    public const string Text = """
        # Hale's lease fence (issue 9, "Fencing"): stops the active service when Hale stops renewing its lease.
        # stdin, one line each, from Hale: "arm MS PGID" (fence unless told again within MS ms; PGID 0: no group), "disarm".
        # EOF while armed: Hale went away, fire now. Fire: SIGKILL the group and every process marked HALE_FENCE=$HALE_FENCE_MARKER,
        # run $HALE_FENCE_COMMAND, report on stderr.
        trap '' HUP INT PIPE
        exec 1>&2
        armed=0 pgid=0 ms=0 deadline=0 now=0 pending=""
        clock() { local up; read -r up _ </proc/uptime; now=$((10#${up/./} * 10)); }  # monotonic ms, 10 ms steps
        fire() {
          local did="no process group"
          if ((pgid > 1)); then
            if kill -KILL -- "-$pgid" 2>/dev/null; then did="killed process group $pgid"; else did="process group $pgid was gone"; fi
          fi
          if [[ -n ${HALE_FENCE_MARKER-} ]]; then
            # Listed again until a pass finds no new one (at least 2, at most 10 passes): a marked process may fork after the
            # listing of /proc and before its kill, and its environment cannot be read while it execs.
            local file pid marked=0 pass fresh
            local -A killed=()
            for ((pass = 0; pass < 10; pass++)); do
              fresh=0
              for file in $(grep -lsFxz -- "HALE_FENCE=$HALE_FENCE_MARKER" /proc/[0-9]*/environ); do
                pid=${file#/proc/}; pid=${pid%/environ}
                if ((pid != $$)) && [[ -z ${killed[$pid]-} ]] && kill -KILL "$pid" 2>/dev/null; then killed[$pid]=1; fresh=1; marked=$((marked + 1)); fi
              done
              ((fresh || pass == 0)) || break
            done
            did+=", killed $marked marked processes"
          fi
          if [[ -n ${HALE_FENCE_COMMAND-} ]]; then
            timeout -k 1 10 /bin/sh -c "$HALE_FENCE_COMMAND" </dev/null
            did+=", fence command exited $?"
          fi
          echo "fired: $1: $did"
          armed=0
        }
        while :; do
          if ((armed)); then
            clock
            left=$((deadline - now))
            if ((left <= 0)); then fire "lease not renewed for $ms ms"; continue; fi
            printf -v wait '%d.%03d' $((left / 1000)) $((left % 1000))
            read -r -t "$wait" line
          else
            read -r line
          fi
          status=$?
          # A timeout in the middle of a line returns what was read so far: keep it, the rest follows.
          line=$pending$line pending=""
          if ((status > 128)); then pending=$line; continue; fi
          if ((status != 0)); then
            if ((armed)); then fire "Hale went away (its pipe closed while armed)"; fi
            exit 0
          fi
          read -r verb a b <<<"$line"
          case $verb in
            arm)
              if [[ $a =~ ^-?[0-9]{1,12}$ && $b =~ ^[0-9]{1,10}$ ]]; then
                clock; ms=$a pgid=$b deadline=$((now + a)) armed=1
              else
                echo "ignored: bad line: arm $a $b"
              fi ;;
            disarm) armed=0 ;;
            *) echo "ignored: bad line: $verb $a $b" ;;
          esac
        done
        """;
}
