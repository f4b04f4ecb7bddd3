using Hale.LoadBalancers;

namespace Hale.HAProxy.Supervisor;

/// <summary>
/// <c>hale supervisor-haproxy</c>: a supervisord event listener that tells HAProxy when watched programs change state
/// (a drop-in for the Python <c>supervisor-haproxy</c>).
/// </summary>
public static class SupervisorHAProxyListener
{
    /// <summary>
    /// Runs the listener until the input ends: writes <c>READY\n</c>, reads an event, answers <c>RESULT 2\nOK</c> or
    /// <c>RESULT 4\nFAIL</c>, repeatedly. The output carries protocol bytes only, flushed after each write; every log
    /// line goes to <paramref name="log"/>. A malformed header is logged and answered FAIL; an input that ends inside
    /// an event is logged and ends the listener. Never throws for bad input.
    /// </summary>
    /// <param name="input">supervisord's side to the listener (stdin).</param>
    /// <param name="output">The listener's side to supervisord (stdout).</param>
    /// <param name="log">Where log lines go (stderr).</param>
    /// <param name="runtime">The load balancer to tell, e.g. an <see cref="HAProxyRuntimeClient"/>; its calls carry their own timeout.</param>
    /// <param name="programs">The watched programs.</param>
    /// <param name="timeProvider">The clock of the log times and of the skip window.</param>
    /// <param name="cancellationToken">Stops the listener (then it returns).</param>
    /// <returns>A task that completes when the input ended, the output broke or the token was cancelled.</returns>
    public static async Task RunAsync(
        Stream input,
        Stream output,
        TextWriter log,
        ILoadBalancerRuntime runtime,
        IReadOnlyList<ProgramMapping> programs,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var protocol = new EventListenerProtocol(input, output);
        var handler = new SupervisorEventHandler(programs, runtime, timeProvider, log);
        try
        {
            while (true)
            {
                await protocol.WriteReadyAsync(cancellationToken).ConfigureAwait(false);
                SupervisorEvent? received;
                try
                {
                    received = await protocol.ReadEventAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (EndOfStreamException ex)
                {
                    await WriteLineAsync(log, $"ERROR: {ex.Message}").ConfigureAwait(false);
                    return;
                }

                if (received is null)
                {
                    return;
                }

                bool ok;
                if (received.Malformed is { } why)
                {
                    await WriteLineAsync(log, $"ERROR: malformed event header {PythonRepr.Of(received.HeaderLine)}: {why}").ConfigureAwait(false);
                    ok = false;
                }
                else
                {
                    ok = await handler.HandleAsync(received, cancellationToken).ConfigureAwait(false);
                }

                await protocol.WriteResultAsync(ok, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            // supervisord went away (a broken pipe): nothing left to answer.
            await WriteLineAsync(log, $"ERROR: {ex.Message}").ConfigureAwait(false);
        }
    }

    private static async Task WriteLineAsync(TextWriter log, string line)
    {
        await log.WriteLineAsync(line).ConfigureAwait(false);
        await log.FlushAsync().ConfigureAwait(false);
    }
}
