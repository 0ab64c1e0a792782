#!/usr/bin/env bash
# The scaling law of broker mode (issue 21): a declared benchmark that sleeps SLEEP_S seconds on N simulated hosts
# (`demo-server --hosts N`, loopback SSH servers in one JVM), max_parallel_hosts = P per controller, run by 1 and then
# by C controllers of one work root (the first with the embedded broker, the others joining it). A sleep costs no CPU,
# so the ideal is independent of the machine's cores: ceil(N / (controllers * P)) waves of SLEEP_S seconds. For each
# count of controllers it drops one request for all N hosts and times it until every run is completed, REPS times,
# and prints one JSON line per measurement plus the medians (OUT keeps them all).
#
# Usage: [N=48] [P=8] [SLEEP_S=10] [COUNTS="1 3"] [REPS=2] [REBALANCE=true] [OUT=target/bench/scaling-STAMP.jsonl]
#        scripts/bench/scaling.sh
# Needs the packaged jar (mvn -q -DskipTests package) and jq. Every wait is bounded (BOUND_S, default 900 s).
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-48}
P=${P:-8}
SLEEP_S=${SLEEP_S:-10}
COUNTS=${COUNTS:-1 3}
REPS=${REPS:-2}
REBALANCE=${REBALANCE:-true}
BOUND_S=${BOUND_S:-900}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-target/bench/scaling-$STAMP.jsonl}

die() { echo "scaling: $*" >&2; exit 2; }
[[ "$N" =~ ^[0-9]+$ ]] && ((N >= 1 && N <= 1000)) || die "N must be 1..1000 (got '$N')"
[ -f "${STH_JAR:-target/sth-bench-automation.jar}" ] || die "no ${STH_JAR:-target/sth-bench-automation.jar}: run mvn -q -DskipTests package first (or set STH_JAR)"
command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"

work=$(mktemp -d /tmp/sth-scaling.XXXXXX)
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
  done
  pids=()
}
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT INT TERM

wait_for() { # file text seconds
  for _ in $(seq 1 $(($3 * 2))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  return 1
}

echo "[scaling] starting $N simulated hosts" >&2
STH_HEAP_OPTS=" " bin/sth-bench-automation demo-server --dir "$work/demo" --hosts "$N" --max-lifetime "PT$((BOUND_S * 4))S" \
  --extra-toml "$(printf '[benchmarks.nap]\ncommand = "sleep %s && echo ok=1 > r.txt"\nrequires = ["sleep"]\nresults = ["r.txt"]\nparser = "key=value"\n' "$SLEEP_S")" \
  >"$work/server.log" 2>&1 &
server=$!
wait_for "$work/server.log" '^Config: ' 300 || die "demo-server not ready (log: $work/server.log)"
config=$(sed -n 's/^Config: //p' "$work/server.log" | head -1)
sed -i "s/^\[execution\]$/[execution]\nmax_parallel_hosts = $P/" "$config"
props="$work/bench.properties"
echo "sth.broker.groupRebalance = $REBALANCE" >"$props"
hosts=$(seq -f '"sim-%g"' 1 "$N" | paste -sd, -)
port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$(dirname "$OUT")"

measure() { # controllers rep
  local c=$1 rep=$2 i log t0 t1 runs done_count
  rm -rf "$(dirname "$config")/work" "$(dirname "$config")/automation-runs"
  for ((i = 1; i <= c; i++)); do
    log="$work/c$i-$c-$rep.log"
    if ((i == 1)); then
      bin/sth-bench-automation serve --config "$config" --properties "$props" --embedded-broker --broker-port "$port" >"$log" 2>&1 &
    else
      bin/sth-bench-automation serve --config "$config" --properties "$props" --broker "tcp://127.0.0.1:$port" >"$log" 2>&1 &
    fi
    pids+=($!)
    wait_for "$log" '^Watching' 240 || die "controller $i did not start (log: $log)"
  done
  local inbox; inbox=$(dirname "$config")/work/inbox
  mkdir -p "$inbox"
  printf '{"request_id": "scale-%s-%s", "hosts": [%s], "benchmarks": ["nap"]}\n' "$c" "$rep" "$hosts" >"$inbox/.scale.tmp"
  t0=$(date +%s%N)
  mv "$inbox/.scale.tmp" "$inbox/scale.json"
  runs=$(dirname "$config")/automation-runs
  for _ in $(seq 1 $((BOUND_S * 5))); do
    done_count=$(find "$runs" -name status.json -newer "$props" 2>/dev/null | xargs -r jq -r .state 2>/dev/null | grep -c '^completed$' || true)
    [ "$done_count" -ge "$N" ] && break
    sleep 0.2
  done
  t1=$(date +%s%N)
  local by; by=$(find "$runs" -name events.jsonl | xargs -r jq -r 'select(.event=="phase_entered" and .phase=="execute") | .controller' | sort | uniq -c | awk '{print $1}' | paste -sd/ -)
  stop_all
  jq -n -c --argjson c "$c" --argjson rep "$rep" --argjson n "$N" --argjson p "$P" --argjson sleep "$SLEEP_S" \
    --argjson done "$done_count" --arg wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" \
    --arg rebalance "$REBALANCE" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg execute_by "$by" \
    '{controllers: $c, rep: $rep, hosts: $n, max_parallel_hosts: $p, sleep_s: $sleep, completed: $done, wall_s: ($wall | tonumber),
      ideal_s: (((($n + $c * $p - 1) / ($c * $p)) | floor) * $sleep), group_rebalance: $rebalance, executes_by_controller: $execute_by,
      loadavg: $load}' | tee -a "$OUT"
}

for ((rep = 1; rep <= REPS; rep++)); do
  for c in $COUNTS; do measure "$c" "$rep"; done
done
kill "$server" 2>/dev/null || true
echo "[scaling] medians (wall s by controllers):" >&2
jq -s -r 'group_by(.controllers) | .[] | "\(.[0].controllers) controller(s): median \((map(.wall_s) | sort | .[(length - 1) / 2 | floor])) s, ideal \(.[0].ideal_s) s, \(length) rep(s)"' "$OUT" >&2
echo "[scaling] machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); written: $OUT" >&2
