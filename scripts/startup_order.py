#!/usr/bin/env python3
"""The symbols of the NativeAOT hale that an idle `hale run` executes, for ILC's method order (scripts/startup-order.sh).

  startup_order.py callgrind CALLGRIND_OUT SYMBOLS > ORDER
      every symbol an instruction of which callgrind counted (valgrind --tool=callgrind --dump-instr=yes --compress-pos=no).
  startup_order.py faults PERF_SCRIPT CODE_BASE SYMBOLS ORDER > ORDER
      ORDER, plus the symbols whose code page-faulted on a native run (perf record -e page-faults -d; perf script -F addr,ip).

SYMBOLS is `nm -n --defined-only hale.dbg`. Valgrind maps the managed code (outside .text) as an anonymous object "???" at
the executable's load address, 0x108000 for a position-independent executable (valgrind's ELF loader), so its addresses are
turned back into link addresses; the runtime's own code (.text) is reported with link addresses.
"""
import bisect
import re
import sys

VALGRIND_PIE_BASE = 0x108000


def code_symbols(path):
    syms = []
    for line in open(path):
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT":
            syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return syms


def containing(syms, starts, address):
    i = bisect.bisect_right(starts, address) - 1
    return syms[i][1] if i >= 0 else None


def from_callgrind(out, symbols):
    syms = code_symbols(symbols)
    starts = [s[0] for s in syms]
    low, high = starts[0], syms[-1][0] + 4096
    objects, current, addresses = {}, None, set()
    for line in open(out):
        if line[0] == "0":
            try:
                address = int(line.split()[0], 16)
            except ValueError:
                continue
            if current is not None and current.endswith("/hale"):
                addresses.add(address)
            elif current == "???" and low <= address - VALGRIND_PIE_BASE < high:
                addresses.add(address - VALGRIND_PIE_BASE)
            continue
        match = re.match(r"^(c?)ob=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if match:
            if match.group(3):
                objects[match.group(2)] = match.group(3)
            if not match.group(1):
                current = objects.get(match.group(2))
    first = {}
    for address in sorted(addresses):
        name = containing(syms, starts, address)
        if name is not None and name not in first:
            first[name] = address
    if "hale__Module___StartupCodeMain" not in first:
        sys.exit("startup_order.py: the managed start-up code is not among the executed symbols (has valgrind's load address changed?)")
    return sorted(first, key=first.get)


def from_faults(script, code_base, symbols, order):
    syms = code_symbols(symbols)
    starts = [s[0] for s in syms]
    names = [line.strip() for line in open(order) if line.strip()]
    known = set(names)
    for line in open(script):
        match = re.match(r"^\s*([0-9a-f]+)\s+([0-9a-f]+)\s*$", line)
        if not match:
            continue
        address, ip = int(match.group(1), 16), int(match.group(2), 16)
        if address != ip:
            continue   # a data read, not an instruction fetch
        name = containing(syms, starts, address - code_base)
        if name is not None and name not in known:
            known.add(name)
            names.append(name)
    return names


def main():
    if sys.argv[1] == "callgrind":
        names = from_callgrind(sys.argv[2], sys.argv[3])
    else:
        names = from_faults(sys.argv[2], int(sys.argv[3], 16), sys.argv[4], sys.argv[5])
    sys.stdout.write("\n".join(names) + "\n")


main()
