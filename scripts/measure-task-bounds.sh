#!/usr/bin/env bash
# Measures whether the platform bounds a task that never finishes: drops a `bounds-probe` request
# (a benchmark that deliberately never ends) with a short ceiling into a `serve` controller's inbox
# and records what happens: stdout is JSON lines only (one per event, the last one the verdict), so `jq` reads it whole;
# the verdict in words and how to read the events go to stderr.
#
# Usage: scripts/measure-task-bounds.sh [--demo | --lab | --config FILE --host NAME | --judge RUN_DIR] [--ceiling SECS]
#   --demo                 (default) start `demo-server` (loopback SSH server on this machine)
#   --lab                  the namespace lab: $LAB_DIR/lab.toml (LAB_DIR default /tmp/sth-lab), host lab-t1
#   --config F --host H    any configured host; refused unless tagged `lab` or `demo`, or CONFIRM_NON_LAB=yes
#   --judge RUN_DIR        start nothing: judge a bounds-probe run directory again (one kept with KEEP=1)
#   --ceiling SECS         the ceiling set for bounds-probe (default 5)
# Env: CONFIG, HOST, CEILING, LAB_DIR, DRY_RUN=1 (print the plan, start and write nothing),
#      KEEP=1 (keep the temp dir with the run directory), CONFIRM_NON_LAB=yes, STH_JAR.
# Exit: 0 bound confirmed, 1 bound missing (or the run did not end in time), 2 usage / refused / setup failure,
#       3 inconclusive (the heartbeat source, the run's events.jsonl, is unavailable: nothing can be judged).
# Needs the packaged jar (mvn -q -DskipTests package) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

GRACE_SECS=5      # the engine's TERM -> KILL grace
SLACK_SECS=2      # connection set-up, scheduling on a busy machine
mode=${HOST:+config}; mode=${mode:-demo}; run_dir=""
config=${CONFIG:-}; host=${HOST:-}; ceiling=${CEILING:-5}
LAB_DIR=${LAB_DIR:-/tmp/sth-lab}

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --demo) mode=demo; shift ;;
    --lab) mode=lab; shift ;;
    --config) config=${2:?--config needs a file}; mode=config; shift 2 ;;
    --host) host=${2:?--host needs a name}; mode=config; shift 2 ;;
    --judge) run_dir=${2:?--judge needs a run directory}; mode=judge; shift 2 ;;
    --ceiling) ceiling=${2:?--ceiling needs seconds}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[[ $ceiling =~ ^[1-9][0-9]{0,4}$ ]] || { echo "--ceiling must be a whole number of seconds >= 1, got '$ceiling'" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 (3.11+, for tomllib) is needed (sudo apt-get install -y python3)" >&2; exit 2; }
# the interpreter itself, not a version-manager shim: one start per event line must stay cheap
py=$(python3 -c 'import sys, tomllib; print(sys.executable)' 2>/dev/null) || { echo "python3 3.11+ is needed (tomllib)" >&2; exit 2; }

# emit EVENT key=string key:=json ... -> one JSON line on stdout
emit() {
  "$py" - "$@" <<'PY'
import json, sys, datetime
out = {"ts": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"), "event": sys.argv[1]}
for a in sys.argv[2:]:
    k, v = a.split("=", 1)
    if k.endswith(":"): out[k[:-1]] = json.loads(v)
    else: out[k] = v
print(json.dumps(out, separators=(",", ":")), flush=True)
PY
}

# say_verdict KIND TEXT -> the verdict as the last JSON line on stdout, in words on stderr
say_verdict() {
  emit verdict verdict="$1" message="$2"
  echo "verdict: $2" >&2
}

# host_tags CONFIG HOST -> the host's tags, space separated; exit 1 when the host is not defined
host_tags() {
  "$py" - "$1" "$2" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    cfg = tomllib.load(f)
for h in cfg.get("hosts", []):
    if h.get("name") == sys.argv[2]:
        print(" ".join(h.get("tags", []))); sys.exit(0)
sys.exit(1)
PY
}

guide() {
  cat >&2 <<EOF
# How to read this:
#   bound confirmed: terminated_observed.outcome = "terminated", elapsed_secs <= ceiling + ${GRACE_SECS} s TERM->KILL grace
#     + ${SLACK_SECS} s slack (within_bound = true), remote_leftovers engine_count = 0 and harness_count = 0 (or null when the
#     harness cannot look), and run_completed.state is terminal (completed_with_failures is expected: collect has nothing).
#   bound MISSING: any of these fails: outcome "failed" (the probe ended by itself: something killed it early or the
#     ceiling was not applied), no outcome (the run never reached execute or did not end within max_wait_secs: the
#     ceiling did not fire), within_bound = false (termination took longer than ceiling + grace), or leftovers > 0
#     (the process group outlived the kill). heartbeat_trace.max_gap_secs far above the config's heartbeat_secs means
#     the controller was starved while the step ran. Keep the evidence with KEEP=1 and read the step manifest.
#   INCONCLUSIVE (exit 3): heartbeat_trace.source = "unavailable": the run's events.jsonl is missing, unreadable or has
#     no bounds-probe/execute step in it, so neither the step's start nor its heartbeats can be seen. Nothing is judged.
EOF
}

if [[ $mode == judge ]]; then
  [[ -f $run_dir/state/plan.json ]] || { echo "--judge $run_dir: not a run directory (no state/plan.json)" >&2; exit 2; }
  run_dir=$(cd "$run_dir" && pwd)
fi

# --- target ------------------------------------------------------------------------------------
case $mode in
  judge) host=""; tags="judge" ;;
  demo) host=demo-local; tags=demo ;;
  lab)
    config="$LAB_DIR/lab.toml"; host=${host:-lab-t1}
    [[ -f $config ]] || { echo "no lab at $LAB_DIR (lab.toml missing): start one with sudo lab/up 1, or use --demo" >&2; exit 2; }
    [[ -r $LAB_DIR/jump_password ]] || { echo "$LAB_DIR/jump_password not readable (the lab's jump host password)" >&2; exit 2; }
    tags=$(host_tags "$config" "$host") || { echo "host '$host' is not in $config" >&2; exit 2; } ;;
  config)
    [[ -n $config && -n $host ]] || { echo "--config and --host go together" >&2; exit 2; }
    [[ -f $config ]] || { echo "config not found: $config" >&2; exit 2; }
    config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
    tags=$(host_tags "$config" "$host") || { echo "host '$host' is not in $config" >&2; exit 2; } ;;
esac
if [[ $mode != judge && " $tags " != *" lab "* && " $tags " != *" demo "* ]]; then
  if [[ ${CONFIRM_NON_LAB:-} != yes ]]; then
    emit refused host="$host" tags="$tags" reason="host is tagged neither lab nor demo; this harness starts a never-ending process on it" \
      hint="re-run with CONFIRM_NON_LAB=yes if this host may run it"
    say_verdict not_measured "not measured (non-lab target refused)"
    exit 2
  fi
fi

jar=${STH_JAR:-$root/target/sth-bench-automation.jar}
request_id="bounds-$(date -u +%Y%m%dT%H%M%SZ)-$$"
max_wait=$((ceiling + 120))

if [[ ${DRY_RUN:-0} == 1 ]]; then
  emit plan dry_run:=true target="$mode" host="$host" tags="$tags" config="${config:-<written by demo-server into a new temp dir>}" \
    ceiling_secs:="$ceiling" grace_secs:=$GRACE_SECS slack_secs:=$SLACK_SECS max_wait_secs:=$max_wait request_id="$request_id" jar="$jar"
  [[ $mode == demo ]] && emit plan_step step="start" what="bin/sth-bench-automation demo-server --dir <tmp>/demo (background, stopped at exit)"
  emit plan_step step="config_copy" what="copy of the config with [execution.max_execution_secs_per_adapter] bounds-probe = $ceiling and work_root/runs_root under <tmp>"
  emit plan_step step="start" what="bin/sth-bench-automation serve --config <copy> (background, stopped at exit)"
  emit plan_step step="drop" what="<tmp>/work/inbox/$request_id.toml: hosts = [\"$host\"], benchmarks = [\"bounds-probe\"]"
  emit plan_step step="watch" what="<tmp>/work/requests/$request_id.json -> run dir; status.json until terminal (at most ${max_wait} s)"
  emit plan_step step="check" what="step manifest state/steps/bounds-probe/execute.json, heartbeats in events.jsonl, pgrep for the probe's marker on the host"
  emit plan_step step="cleanup" what="stop background processes by PID; remove <tmp> and the config copy unless KEEP=1"
  say_verdict dry_run "dry run, nothing started or written"
  guide
  exit 0
fi
[[ $mode == judge || -f $jar ]] || { echo "$jar not found; build it first: mvn -q -DskipTests package" >&2; exit 2; }

# --- cleanup -----------------------------------------------------------------------------------
tmp=""; copy=""; serve_pid=""; demo_pid=""; cleaned=0
verdict_kind=not_measured; verdict="not measured (the harness stopped before a result; see the events above)"
stop_pid() { # NAME PID: TERM, wait (bounded), KILL
  local name=$1 pid=$2
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  emit cleanup_failed what="$name" pid:="$pid" error="did not stop within 10 s of SIGTERM; sent SIGKILL" hint="check: ps -p $pid"
}
cleanup() {
  local rc=$?
  [[ $cleaned == 1 ]] && return; cleaned=1
  trap - EXIT INT TERM
  [[ $rc == 130 || $rc == 143 ]] && { verdict_kind=not_measured; verdict="not measured (interrupted by signal)"; }
  stop_pid serve "$serve_pid"
  stop_pid demo-server "$demo_pid"
  for p in "$copy" "$tmp"; do
    [[ -n $p && -e $p ]] || continue
    if [[ ${KEEP:-0} == 1 ]]; then emit cleanup_kept path="$p"; continue; fi
    if rm -rf -- "$p" 2>/dev/null && [[ ! -e $p ]]; then emit cleanup_deleted path="$p"
    else emit cleanup_failed path="$p" error="could not remove" hint="rm -rf -- '$p'"; fi
  done
  say_verdict "$verdict_kind" "$verdict"
  guide
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $mode == judge ]]; then
state=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("state",""))' "$run_dir/status.json" 2>/dev/null || true)
waited=null; max_wait=null
emit judging run_dir="$run_dir" ceiling_secs:="$ceiling" state="$state"
else
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sth-bounds.XXXXXX")
emit run_started target="$mode" host="$host" tags="$tags" ceiling_secs:="$ceiling" grace_secs:=$GRACE_SECS slack_secs:=$SLACK_SECS \
  request_id="$request_id" tmp_dir="$tmp" jar="$jar"

wait_for_line() { # FILE PATTERN PID SECONDS -> the first matching line
  local file=$1 pattern=$2 pid=$3 secs=$4 line
  for _ in $(seq 1 $((secs * 5))); do
    line=$(grep -m1 -- "$pattern" "$file" 2>/dev/null || true)
    [[ -n $line ]] && { echo "$line"; return 0; }
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

if [[ $mode == demo ]]; then
  java ${STH_JAVA_OPTS:-} -jar "$jar" demo-server --dir "$tmp/demo" --max-lifetime "PT$((max_wait + 120))S" \
    > "$tmp/demo-server.log" 2>&1 < /dev/null &
  demo_pid=$!
  line=$(wait_for_line "$tmp/demo-server.log" '^Config: ' "$demo_pid" 60) \
    || { emit setup_failed what=demo-server log="$tmp/demo-server.log" hint="read the log; KEEP=1 keeps it"; exit 2; }
  config=${line#Config: }
  emit demo_server_started pid:="$demo_pid" config="$config"
fi

# the copy sits next to the original so its relative paths (keys, known_hosts) still resolve;
# its own work and runs roots keep this measurement away from any other controller's inbox
copy="$(dirname "$config")/.$(basename "$config" .toml).bounds-$$.toml"
"$py" - "$config" "$copy" "$ceiling" "$tmp" <<'PY'
import re, sys
src, dst, ceiling, tmp = sys.argv[1:5]
lines = open(src, encoding="utf-8").read().splitlines()
out, section, seen_paths, seen_ceil = [], None, False, False
header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
for line in lines:
    m = header.match(line)
    if m:
        section = m.group(1)
        out.append(line)
        if section == "paths":
            seen_paths = True
            out += [f'runs_root = "{tmp}/automation-runs"', f'work_root = "{tmp}/work"']
        elif section == "execution.max_execution_secs_per_adapter":
            seen_ceil = True
            out.append(f"bounds-probe = {ceiling}")
        continue
    key = line.split("=", 1)[0].strip().strip('"')
    if section == "paths" and key in ("runs_root", "work_root"):
        continue
    if section == "execution.max_execution_secs_per_adapter" and key == "bounds-probe":
        continue
    out.append(line)
if not seen_paths:
    out += ["", "[paths]", f'runs_root = "{tmp}/automation-runs"', f'work_root = "{tmp}/work"']
if not seen_ceil:
    out += ["", "[execution.max_execution_secs_per_adapter]", f"bounds-probe = {ceiling}"]
open(dst, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
emit config_written config="$copy" from="$config" ceiling_secs:="$ceiling"

serve_env=()
[[ $mode == lab ]] && serve_env=(env "STH_LAB_JUMP_PASSWORD=$(cat "$LAB_DIR/jump_password")")
"${serve_env[@]}" java ${STH_JAVA_OPTS:-} -jar "$jar" serve --config "$copy" > "$tmp/serve.log" 2>&1 < /dev/null &
serve_pid=$!
wait_for_line "$tmp/serve.log" '^Watching ' "$serve_pid" 60 > /dev/null \
  || { emit setup_failed what=serve log="$tmp/serve.log" hint="read the log; KEEP=1 keeps it"; exit 2; }
emit serve_started pid:="$serve_pid" config="$copy"

inbox="$tmp/work/inbox"; mkdir -p "$inbox"
{
  printf 'request_id = "%s"\nhosts = ["%s"]\nbenchmarks = ["bounds-probe"]\n' "$request_id" "$host"
  # a confirmed non-lab target may carry a protected tag; the confirmation covers it
  [[ ${CONFIRM_NON_LAB:-} == yes ]] && echo "allow_protected = true"
} > "$inbox/.$request_id.toml.tmp"
mv "$inbox/.$request_id.toml.tmp" "$inbox/$request_id.toml"
dropped_at=$(date +%s)
emit request_dropped path="$inbox/$request_id.toml" request_id="$request_id" host="$host" benchmarks:='["bounds-probe"]'

# --- watch -------------------------------------------------------------------------------------
record="$tmp/work/requests/$request_id.json"; run_dir=""
for _ in $(seq 1 300); do
  if [[ -f $record ]]; then
    run_dir=$("$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((x["run_dir"] for x in r.get("runs",[]) if x.get("run_dir")), ""))' "$record" 2>/dev/null || true)
    [[ -n $run_dir ]] && break
  fi
  [[ -n $(ls "$inbox/.rejected" 2>/dev/null) ]] && { emit request_rejected dir="$inbox/.rejected" error="$(cat "$inbox"/.rejected/*.error.txt 2>/dev/null | head -c 500)"; exit 2; }
  sleep 0.2
done
[[ -n $run_dir ]] || { emit setup_failed what="request not accepted within 60 s" record="$record" hint="read $tmp/serve.log"; exit 2; }
emit request_accepted run_dir="$run_dir"

state=""
while (( $(date +%s) - dropped_at < max_wait )); do
  state=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("state",""))' "$run_dir/status.json" 2>/dev/null || true)
  case $state in completed|completed_with_failures|failed|recovery|interrupted) break ;; esac
  kill -0 "$serve_pid" 2>/dev/null || { emit serve_died log="$tmp/serve.log"; break; }
  sleep 0.5
done
waited=$(( $(date +%s) - dropped_at ))
fi

# --- measure -----------------------------------------------------------------------------------
run_id=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("run_id",""))' "$run_dir/status.json" 2>/dev/null || true)
marker="sth-bounds-probe-${run_id:-unknown}"
ceiling_args=("$run_dir" "$ceiling" "$GRACE_SECS" "$SLACK_SECS")
measured=$("$py" - "${ceiling_args[@]}" <<'PY'
import json, sys, datetime
run_dir, ceiling, grace, slack = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def ts(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
try:
    step = json.load(open(f"{run_dir}/state/steps/bounds-probe/execute.json"))
except OSError:
    step = {}
d = step.get("details") or {}
events = []
readable = True
try:
    for line in open(f"{run_dir}/events.jsonl", encoding="utf-8"):
        try: events.append(json.loads(line))
        except ValueError: pass
except (OSError, UnicodeDecodeError):
    readable = False
def of(e): return e.get("adapter") == "bounds-probe" and e.get("phase") == "execute"
started = next((ts(e["ts"]) for e in events if e.get("event") == "step_started" and of(e)), None)
finished = next((ts(e["ts"]) for e in events if e.get("event") == "step_finished" and of(e)), None)
beats = [ts(e["ts"]) for e in events if e.get("event") == "heartbeat" and of(e)]
marks = ([started] if started else []) + beats + ([finished] if finished else [])
gaps = [(b - a).total_seconds() for a, b in zip(marks, marks[1:])]
elapsed = d.get("elapsed_secs")
print(json.dumps({
    "outcome": step.get("outcome"),
    "ceiling_secs": d.get("ceiling_secs"),
    "elapsed_secs": elapsed,
    "step_wall_secs": round((finished - started).total_seconds(), 3) if started and finished else None,
    "bound_secs": ceiling + grace + slack,
    "within_bound": elapsed is not None and elapsed <= ceiling + grace + slack,
    "command_outcome": d.get("command_outcome"),
    "engine_leftovers": d.get("remote_leftovers"),
    "heartbeats": len(beats),
    "heartbeat_max_gap_secs": round(max(gaps), 3) if gaps else None,
    # the heartbeat source: the run's events (the step's start, its heartbeats); without them nothing can be judged
    "heartbeat_source": "events.jsonl" if readable and started else "unavailable",
}))
PY
)
field() { "$py" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else json.dumps(v))' "$measured" "$1"; }
outcome=$(field outcome); within=$(field within_bound); engine_left=$(field engine_leftovers)
emit terminated_observed outcome:="${outcome:-null}" ceiling_secs:="$(field ceiling_secs | grep . || echo null)" \
  elapsed_secs:="$(field elapsed_secs | grep . || echo null)" step_wall_secs:="$(field step_wall_secs | grep . || echo null)" \
  bound_secs:="$(field bound_secs)" within_bound:="$within" command_outcome:="$(field command_outcome | grep . || echo null)" \
  step_manifest="$run_dir/state/steps/bounds-probe/execute.json"
heartbeat_source=$(field heartbeat_source | tr -d '"')
emit heartbeat_trace source="$heartbeat_source" count:="$(field heartbeats)" max_gap_secs:="$(field heartbeat_max_gap_secs | grep . || echo null)" \
  note="gaps between step_started, each heartbeat and step_finished of bounds-probe/execute" events="$run_dir/events.jsonl"

# our own look at the host, independent of the engine's count: processes naming this run's marker,
# and any `sleep 10000[01]` (the probe's children do not carry the marker), with their age in seconds
ps_snippet="ps -eo pid=,etimes=,args= | grep -E -- '[s]${marker:1}|[s]leep 10000[01]\$' || true"
own_left=null; own_sleepers=null; own_list="[]"; how=""; listing=""; checked=0
case $mode in
  judge) how="not checked (judging a kept run directory: the host is not looked at)" ;;
  demo) listing=$(bash -c "$ps_snippet"); checked=1; how="ps on this machine (the demo host runs commands locally)" ;;
  lab)
    alias="sthlab-${host#lab-}"
    if listing=$(SSH_ASKPASS="$LAB_DIR/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
        timeout 20 ssh -F "$LAB_DIR/ssh_config" "$alias" "$ps_snippet" < /dev/null 2>/dev/null); then
      checked=1; how="ssh -F \$LAB_DIR/ssh_config $alias ps"
    else how="ssh to $alias failed; not checked"; fi ;;
  config) how="not checked by the harness (no generic SSH access); the engine's count stands" ;;
esac
if [[ $checked == 1 ]]; then
  own_left=$(grep -c -- "${marker}" <<< "$listing" || true)
  own_sleepers=$(grep -cE -- 'sleep 10000[01]$' <<< "$listing" || true)
  own_list=$("$py" -c 'import json,sys; print(json.dumps([l.strip()[:160] for l in sys.stdin if l.strip()][:12]))' <<< "$listing")
fi
emit remote_leftovers marker="$marker" engine_count:="${engine_left:-null}" harness_count:="${own_left:-null}" \
  harness_probe_sleepers:="${own_sleepers:-null}" harness_processes:="$own_list" harness_check="$how" \
  note="engine_count = the step's own check after termination (processes carrying this run's marker, re-checked for up to 5 s); harness_count = the same marker, checked later by the harness"

emit run_completed state="${state:-unknown}" waited_secs:="$waited" max_wait_secs:="$max_wait" run_dir="$run_dir"

# --- verdict -----------------------------------------------------------------------------------
terminal=0; case $state in completed|completed_with_failures|failed|recovery|interrupted) terminal=1 ;; esac
if [[ $heartbeat_source == unavailable ]]; then
  verdict_kind=inconclusive
  verdict="inconclusive: the heartbeat source is unavailable ($run_dir/events.jsonl missing, unreadable or without the bounds-probe/execute step): neither the step's start nor its heartbeats can be seen"
  exit 3
fi
if [[ $outcome == '"terminated"' && $within == true && $engine_left == 0 && ( $own_left == null || $own_left == 0 ) && $terminal == 1 ]]; then
  verdict_kind=bound_confirmed
  verdict="bound confirmed: bounds-probe terminated after $(field elapsed_secs) s with a ${ceiling} s ceiling (bound ${ceiling}+${GRACE_SECS}+${SLACK_SECS} s), no processes left, run ended '$state'"
  exit 0
fi
why=""
if [[ ${engine_left:-0} =~ ^[1-9] && $own_left == 0 ]]; then
  why=" (the engine saw processes right after termination that the harness no longer sees: the kill finished after the engine's check, or another run's probe shared the host; see harness_processes)"
fi
verdict_kind=bound_missing
verdict="bound MISSING${why}: outcome=${outcome:-none} within_bound=${within:-?} engine_leftovers=${engine_left:-?} harness_leftovers=$own_left run_state=${state:-unknown} (waited ${waited} s of ${max_wait}); read $run_dir/state/steps/bounds-probe/execute.json and status.json (KEEP=1 keeps them)"
exit 1
