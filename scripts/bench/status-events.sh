#!/usr/bin/env bash
# Measures `status` on a run directory with 100,000 events against the same run with its original
# few dozen events, and against a baseline (the same JVM printing --version), in one invocation.
# Usage: scripts/bench/status-events.sh [EVENTS=100000] [REPEAT=5]
# Prints one JSON line per measurement and a verdict; needs the packaged jar (mvn -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${EVENTS:-${1:-100000}}
REPEAT=${REPEAT:-${2:-5}}
jar=target/sth-bench-automation.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin/sth-bench-automation demo --dir "$work/demo" > "$work/demo.log" 2>&1
small=$(sed -n 's/^Run directory: //p' "$work/demo.log" | head -1)
big="$work/big-run"
cp -r "$small" "$big"
# the big run: same state, plus EVENTS heartbeat events in its ledger
run_id=$(sed -n 's/.*"run_id" : "\([^"]*\)".*/\1/p' "$big/status.json" | head -1)
awk -v n="$EVENTS" -v id="$run_id" 'BEGIN { for (i = 0; i < n; i++) printf "{\"ts\":\"2026-01-01T00:00:00Z\",\"run_id\":\"%s\",\"event\":\"heartbeat\",\"adapter\":\"system-info\",\"phase\":\"execute\",\"seq\":%d}\n", id, i }' >> "$big/events.jsonl"
lines=$(wc -l < "$big/events.jsonl")

measure() { # name, command...
  local name=$1; shift
  local best=999999 total=0
  for _ in $(seq "$REPEAT"); do
    local s e ms
    s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
    ms=$(( (e - s) / 1000000 )); total=$((total + ms)); [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "{\"measurement\":\"$name\",\"best_ms\":$best,\"mean_ms\":$((total / REPEAT)),\"repeat\":$REPEAT}"
  eval "best_$name=$best"
}

measure baseline_jvm java -jar "$jar" --version
measure status_small bin/sth-bench-automation status --run-dir "$small"
measure status_big bin/sth-bench-automation status --run-dir "$big"
own_small=$((best_status_small - best_baseline_jvm)); own_big=$((best_status_big - best_baseline_jvm))
ratio=$(awk -v a="$best_status_big" -v b="$best_status_small" 'BEGIN { printf "%.2f", a / b }')
echo "{\"events_in_big_run\":$lines,\"own_work_small_ms\":$own_small,\"own_work_big_ms\":$own_big,\"big_over_small\":$ratio}"
if [ "$own_big" -lt 1000 ]; then
  echo "verdict: status answers a ${lines}-event run in ${own_big} ms of its own work (beyond JVM start), ${ratio}x the small run"
else
  echo "verdict: SLOW: ${own_big} ms of own work on ${lines} events"
  exit 1
fi
