#!/usr/bin/env bash
# The whole suite with the machine's clock (and zone) pinned to awkward moments, to prove that no test
# depends on the hour, the weekday or the date it runs. Needs libfaketime (Debian: apt-get install faketime).
# Usage: scripts/test-any-hour.sh [vitest args…]   (e.g. test/faults to try one folder)
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install -y faketime" >&2; exit 2; }

# "zone|start (in that zone's terms, as UTC)|what it is"
moments=(
  "UTC|2026-11-30 01:30:00|Monday 09:30 Beijing: the digest's catch-up window"
  "UTC|2026-12-31 15:59:30|23:59:30 Beijing on the last day of the month and year"
  "UTC|2027-02-28 15:59:40|Beijing midnight into March (a month end, 28 days)"
  "America/Los_Angeles|2026-06-01 01:30:00|machine in Los Angeles, Monday 09:30 Beijing"
)
status=0
for entry in "${moments[@]}"; do
  IFS='|' read -r zone start what <<<"$entry"
  echo "== ${what} (TZ=${zone}, faketime @${start} UTC)"
  # FAKETIME_DONT_RESET: child processes (the fault suite's bots) continue the same fake clock instead of
  # each starting again at the pinned moment.
  out=$(TZ=UTC FAKETIME_DONT_RESET=1 faketime -f "@${start}" env TZ="$zone" npx vitest run --reporter=dot "$@" 2>&1)
  code=$?
  echo "$out" | grep -E "Test Files|Tests " | sed 's/\x1b\[[0-9;]*m//g'
  if [ $code -ne 0 ]; then
    status=1
    echo "$out" | grep -E "FAIL|×" | sed 's/\x1b\[[0-9;]*m//g' | head -20
    # Why it failed (a flake seen once is gone on the next run): the errors here, the whole output kept.
    echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -E "Error:|Error\b.*:|timed out|expected " | head -20
    log=$(mktemp "${TMPDIR:-/tmp}/tierbot-any-hour-XXXXXX.log")
    echo "$out" > "$log"
    echo "(whole output: $log)"
  fi
done
exit $status
