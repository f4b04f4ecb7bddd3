#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to its project's PublicAPI.Unshipped.txt,
# and removes what it reports as declared but gone (RS0017). Run it after a deliberate change to the public surface,
# then review the diff of the PublicAPI files like code.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build Hale.slnx -c Release -nologo -clp:ErrorsOnly > "$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, collections, os
added = collections.defaultdict(set)
removed = collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"(RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*\.csproj)\]", line)
    if m:
        (added if m.group(1) == "RS0016" else removed)[os.path.dirname(m.group(3))].add(m.group(2))
for project in set(added) | set(removed):
    path = os.path.join(project, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")] if os.path.exists(path) else ["#nullable enable"]
    body = (set(lines[1:]) | added[project]) - removed[project]
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in sorted(x for x in body if x)))
    print(f"{path}: +{len(added[project])} -{len(removed[project])}")
PY
