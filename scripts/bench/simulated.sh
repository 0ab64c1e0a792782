#!/usr/bin/env bash
# A campaign over N simulated hosts on this machine, no lab: `demo-server --hosts N` (N loopback SSH servers,
# sim-1 … sim-N, in one JVM), then one cold `run` of BENCHMARKS over all of them under GNU time, with the
# launcher's defaults (or STH_HEAP_OPTS / STH_JAVA_OPTS as given). Prints the wall time, the controller's peak RSS,
# the run states and where the time went (scripts/bench/campaign-facts.jq), and writes it all as JSON to OUT.
#
# Usage: [N=200] [BENCHMARKS=system-info] [BOUND_S=2400] [OUT=target/bench/simulated-STAMP.json] [SERVER_HEAP_OPTS=...]
#        scripts/bench/simulated.sh
# Needs the packaged jar (mvn -q -DskipTests package), jq and GNU time. Every wait is bounded: the simulated hosts
# stop after BOUND_S + 120 s in any case (--max-lifetime), the run after BOUND_S (--timeout).
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-200}
BENCHMARKS=${BENCHMARKS:-system-info}
BOUND_S=${BOUND_S:-2400}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-target/bench/simulated-$STAMP.json}

die() { echo "simulated: $*" >&2; exit 2; }
[[ "$N" =~ ^[0-9]+$ ]] && ((N >= 1 && N <= 1000)) || die "N must be 1..1000 (got '$N')"
[[ "$BOUND_S" =~ ^[0-9]+$ ]] && ((BOUND_S >= 60 && BOUND_S <= 86400)) || die "BOUND_S must be 60..86400 s (got '$BOUND_S')"
[ -f target/sth-bench-automation.jar ] || die "no target/sth-bench-automation.jar: run mvn -q -DskipTests package first"
command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"
[ -x /usr/bin/time ] || die "GNU time is needed (apt-get install -y time)"

work=$(mktemp -d /tmp/sth-simulated.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "[simulated] starting $N simulated hosts" >&2
# the simulated hosts are not what is measured: their JVM keeps the JVM's default heap (SERVER_HEAP_OPTS replaces it)
STH_HEAP_OPTS="${SERVER_HEAP_OPTS:- }" bin/sth-bench-automation demo-server --dir "$work/demo" --hosts "$N" --max-lifetime "PT$((BOUND_S + 120))S" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^Config: ' "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "demo-server exited before it was ready"; }
  sleep 0.5
done
config=$(sed -n 's/^Config: //p' "$work/server.log" | head -1)
[ -n "$config" ] || die "demo-server not ready within 300 s (log: $work/server.log)"
hosts=$(seq -f 'sim-%g' 1 "$N" | paste -sd, -)

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "[simulated] cold run of $BENCHMARKS over $N hosts (load $load_start)" >&2
t0=$(date +%s%N)
rc=0
/usr/bin/time -f '%M' -o "$work/rss" bin/sth-bench-automation run --config "$config" --host "$hosts" \
  --benchmarks "$BENCHMARKS" --progress plain --timeout "PT${BOUND_S}S" >"$work/run.log" 2>&1 || rc=$?
t1=$(date +%s%N)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

runs_root=$(dirname "$config")/automation-runs
mapfile -t files < <(find "$runs_root" -mindepth 3 -maxdepth 3 -type d -exec sh -c \
  'for f in status.json events.jsonl command_ledger.jsonl transfer_ledger.jsonl; do [ -f "$1/$f" ] && echo "$1/$f"; done' _ {} \;)
facts=$( ((${#files[@]} > 0)) && jq -n -c --argjson t0 "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t / 1e9 }')" \
  -f scripts/bench/campaign-facts.jq "${files[@]}" || echo null)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
rss_kib=$(tail -1 "$work/rss" 2>/dev/null || echo null)

mkdir -p "$(dirname "$OUT")"
jq -n --arg cmd "$(printf '%q ' env N="$N" BENCHMARKS="$BENCHMARKS" BOUND_S="$BOUND_S" scripts/bench/simulated.sh)" \
  --argjson n "$N" --arg benchmarks "$BENCHMARKS" --argjson wall "$wall" --argjson rc "$rc" \
  --argjson rss "${rss_kib:-null}" --argjson facts "$facts" --arg heap "${STH_HEAP_OPTS-launcher default}" \
  --arg java_opts "${STH_JAVA_OPTS:-}" --arg load_start "$load_start" --arg load_end "$load_end" \
  --arg nproc "$(nproc)" --arg cpu "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
  --arg java "$(java -version 2>&1 | head -1)" \
  '{command: $cmd, n: $n, benchmarks: $benchmarks, exit_code: $rc, wall_s: $wall, peak_rss_mib: (if $rss then ($rss / 1024 | . * 10 | round / 10) else null end),
    heap_opts: $heap, java_opts: $java_opts, machine: {nproc: $nproc, cpu: $cpu, java: $java, loadavg_at_start: $load_start, loadavg_at_end: $load_end},
    facts: $facts}' | tee "$OUT"
echo "[simulated] written: $OUT (the run's output: exit $rc; last lines below)" >&2
tail -5 "$work/run.log" >&2
