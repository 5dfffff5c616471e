#!/usr/bin/env bash
# Poor man's sampling profiler of a validator's consensus thread: a thread dump every 200 ms
# (jcmd Thread.print), then a tally of (thread state, top org.carechain frame).
# usage: bench/sample-consensus-thread.sh <validator pid> [seconds=20] [thread=consensus-ehr]
set -euo pipefail
pid="$1"; seconds="${2:-20}"; thread="${3:-consensus-ehr}"
samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
for _ in $(seq 1 $((seconds * 5))); do
  jcmd "$pid" Thread.print 2>/dev/null | awk -v t="\"$thread\"" 'index($0, t) == 1 {p = 1} p && /^$/ {p = 0; print "----"} p {print}' >>"$samples"
  sleep 0.2
done
awk 'BEGIN {RS = "----\n"} {
  state = ""; top = "";
  n = split($0, lines, "\n");
  for (i = 1; i <= n; i++) {
    if (lines[i] ~ /java.lang.Thread.State/) { state = lines[i]; sub(/.*State: /, "", state) }
    if (top == "" && lines[i] ~ /at org.carechain/) { top = lines[i]; sub(/^[ \t]*at /, "", top) }
  }
  if (state != "") print state " | " top
}' "$samples" | sort | uniq -c | sort -rn
