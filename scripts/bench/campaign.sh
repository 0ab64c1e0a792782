#!/usr/bin/env bash
# Campaign benchmark: the same benchmark over N lab targets behind the jump host, compared in ONE
# invocation on the OpenSSH lab between the engine and the usual ways to run a command list on a rack:
#   engine-cold        bin/sth-bench-automation run --host lab-t1,...,lab-tN (fresh JVM each time)
#   ssh-parallel       one `ssh -F ssh_config sthlab-tK bash -s < script &` per target, then wait
#                      (fresh connection through the jump each time)
#   ssh-controlmaster  the same over pre-warmed ControlMaster sockets (the floor)
#   ansible            ansible campaign -i INVENTORY -m script -a SCRIPT -f N
#   pdsh               pdsh -R ssh -f N -w sthlab-t[1-N] 'echo BASE64 | base64 -d | bash -s'
#   engine-serve-warm  one request file dropped into the inbox of a warm `serve` daemon
#   engine-broker-2    (only when named in CONTENDERS) the same into the shared inbox of two warm `serve`s in
#                      broker mode: A with --embedded-broker, B with --broker tcp://127.0.0.1:PORT
# SCRIPT replays the remote commands of one host's warm-up engine run (its command_ledger.jsonl, in
# ledger order, each in its own `bash -c` as the engine runs each in its own exec channel).
#
# Usage: sudo [N="1 4 16"] [REPS=5] [BENCHMARKS=system-info] [EXTRA_TOML=file] [LABEL=...]
#             [CONTENDERS="engine-cold ssh-parallel ..."] [OUT=target/bench/campaign-STAMP.json]
#             scripts/bench/campaign.sh
# Needs root (the lab) and the packaged jar (mvn -o -q -DskipTests package). Installs jq, GNU time,
# ansible and pdsh with apt-get when missing. Brings the lab up (lab/up MAX_N) only if it is not up
# with enough targets, and then takes it down again at the end.
# Prints one JSON line per measurement, a table per N, the goal ratios, and writes everything to OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR source=../../lab/lib.sh
source lab/lib.sh # LAB_DIR default, LAB_MAX_HOSTS

ALL_CONTENDERS="engine-cold ssh-parallel ssh-controlmaster ansible pdsh engine-serve-warm"
# not run unless named in CONTENDERS: two warm `serve`s on one work root in broker mode (docs/scaling.md)
OPTIONAL_CONTENDERS="engine-broker-2"
N_LIST=${N:-"4 16"}
REPS=${REPS:-5}
BENCHMARKS=${BENCHMARKS:-system-info}
EXTRA_TOML=${EXTRA_TOML:-}
CONTENDERS=${CONTENDERS:-$ALL_CONTENDERS}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-target/bench/campaign-$STAMP.json}
if [[ -z ${LABEL+x} ]]; then
  if [[ $BENCHMARKS == system-info ]]; then LABEL=""; else LABEL=probe; fi
fi

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }
die() { echo "campaign.sh: $*" >&2; exit 2; }
case ${1:-} in -h | --help) usage; exit 0 ;; "") ;; *) usage; die "no positional arguments (use the environment variables above)" ;; esac

# --- arguments ----------------------------------------------------------------------------------
read -r -a ns <<<"$N_LIST"
((${#ns[@]} >= 1 && ${#ns[@]} <= 8)) || die "N must list 1..8 host counts (got '$N_LIST')"
declare -A seen_n=()
for n in "${ns[@]}"; do
  [[ $n =~ ^[1-9][0-9]{0,3}$ ]] || die "each N must be a number 1..$LAB_MAX_HOSTS (got '$n')"
  ((n >= 1 && n <= LAB_MAX_HOSTS)) || die "each N must be 1..$LAB_MAX_HOSTS (got '$n')"
  [[ -z ${seen_n[$n]:-} ]] || die "N lists $n twice"
  seen_n[$n]=1
done
mapfile -t ns < <(printf '%s\n' "${ns[@]}" | sort -n)
n_max=${ns[-1]}
[[ $REPS =~ ^[1-9][0-9]{0,3}$ ]] || die "REPS must be a number 1..50 (got '$REPS')"
((REPS >= 1 && REPS <= 50)) || die "REPS must be 1..50 (got '$REPS')"
[[ $BENCHMARKS =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] || die "BENCHMARKS must be a comma list of names like system-info (got '$BENCHMARKS')"
[[ $LABEL =~ ^[a-z0-9-]*$ ]] || die "LABEL may hold only a-z, 0-9 and '-' (got '$LABEL')"
if [[ -n $EXTRA_TOML ]]; then [[ -f $EXTRA_TOML && -r $EXTRA_TOML ]] || die "EXTRA_TOML '$EXTRA_TOML' is not a readable file"; fi
read -r -a contenders <<<"$CONTENDERS"
((${#contenders[@]} >= 1)) || die "CONTENDERS is empty"
for c in "${contenders[@]}"; do
  [[ " $ALL_CONTENDERS $OPTIONAL_CONTENDERS " == *" $c "* ]] || die "unknown contender '$c' (known: $ALL_CONTENDERS $OPTIONAL_CONTENDERS)"
done
[[ $OUT != */ && -n $OUT ]] || die "OUT must name a file (got '$OUT')"
wants() { [[ " ${contenders[*]} " == *" $1 "* ]]; }
# Bounds (seconds) of one measurement: generous (a loaded 2-core lab machine); they only stop a hung contender.
engine_bound() { echo $((180 + 30 * $1)); }
ssh_bound() { echo $((90 + 5 * $1)); }

[ "$(id -u)" = 0 ] || die "needs root (the lab uses network namespaces): sudo $0"
jar=target/sth-bench-automation.jar
if [ ! -f "$jar" ] || [ ! -d target/lib ]; then die "build first: mvn -o -q -DskipTests package"; fi
[[ $LAB_DIR == /* && $LAB_DIR != / ]] || die "LAB_DIR must be an absolute path other than /"
export LAB_DIR

# --- tools ------------------------------------------------------------------------------------
need_pkgs=()
command -v jq >/dev/null 2>&1 || need_pkgs+=(jq)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v base64 >/dev/null 2>&1 || need_pkgs+=(coreutils)
if wants ansible && ! command -v ansible >/dev/null 2>&1; then need_pkgs+=(ansible); fi
if wants pdsh && ! command -v pdsh >/dev/null 2>&1; then need_pkgs+=(pdsh); fi
if ((${#need_pkgs[@]} > 0)); then
  echo "installing ${need_pkgs[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! timeout 900 apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null; then
    timeout 600 apt-get update -q >/dev/null || die "apt-get update failed"
    timeout 900 apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null || die "could not install ${need_pkgs[*]}"
  fi
fi

# --- state and cleanup ------------------------------------------------------------------------
work=$(mktemp -d -t sth-campaign.XXXXXX) # short: ControlPath sockets live here
chmod 700 "$work"
tag="c$$$(date +%s | tail -c 5)"  # names this invocation's remote scratch dirs and request ids
started_lab=0
summary_written=0
serve_pid=""
scratch_parent=""              # where the engine makes its remote scratch (mktemp -d), learned from the warm-up run
declare -a cm_hosts=()         # targets with a ControlMaster up
cfg="$LAB_DIR/ssh_config"

cm_path() { echo "$work/cm-$1.sock"; }
close_masters() {
  local h
  for h in "${cm_hosts[@]}"; do
    timeout 10 ssh -F "$cfg" -o ControlPath="$(cm_path "$h")" -O exit "$h" >/dev/null 2>&1 || true
  done
  cm_hosts=()
}
close_ansible_masters() { # dir: ansible's ControlPersist masters of one measurement
  local s
  for s in "$1"/*; do
    [ -S "$s" ] && timeout 10 ssh -o ControlPath="$s" -O exit campaign >/dev/null 2>&1
  done
  return 0
}
stop_serve() {
  [[ -n $serve_pid ]] || return 0
  if kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 150; i++)); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$serve_pid" 2>/dev/null || true
  fi
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=""
}
remove_remote_scratch() {
  # the replays' scratch dirs carry this invocation's tag; the engine's are recorded in each run directory
  # (state/remote_scratch.json, collected in engine-scratch as "host path"): runs that ended normally removed
  # theirs, a run killed by its bound may not have
  [[ -n $scratch_parent && $scratch_parent == /* && -f $cfg ]] || return 0
  local h paths pids=()
  # + the runs of measurements cut short (their run directories are still in the work roots)
  local w x
  for w in "$work"/*/work; do
    [ -d "$w" ] || continue
    while IFS= read -r x; do
      [ -f "$x/state/remote_scratch.json" ] && jq -r '.host + " " + .path' "$x/state/remote_scratch.json" >>"$work/engine-scratch" 2>/dev/null
    done < <(run_dirs_of "$w")
  done
  for ((h = 1; h <= n_max; h++)); do
    paths=$(awk -v h="lab-t$h" '$1 == h && $2 ~ /^\/[A-Za-z0-9._\/+-]*sth-bench-automation\.[A-Za-z0-9]+$/ { printf "%s ", $2 }' \
      "$work/engine-scratch" 2>/dev/null || true)
    timeout 30 ssh -F "$cfg" "sthlab-t$h" "rm -rf -- '$scratch_parent'/sth-bench-automation.campaign-$tag-* $paths" </dev/null >/dev/null 2>&1 &
    pids+=($!)
  done
  for h in "${pids[@]}"; do wait "$h" || true; done
}
# Every process this invocation started and that still runs (by pid, walking down from this shell).
descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do
    echo "$c"
    descendants "$c"
  done
}
stop_children() {
  local pids=() p i alive
  mapfile -t pids < <(descendants $$)
  ((${#pids[@]} > 0)) || return 0
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.2
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  return 0
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_serve
  declare -F stop_brokers >/dev/null && stop_brokers
  stop_children
  if [ "$summary_written" = 0 ] && [ -s "${results:-}" ] && grep -q '"measurement":"run"' "$results"; then
    write_summary null true && log "stopped early: the measurements so far are in $OUT (partial)"
  fi
  close_masters
  for d in "$work"/ansible-cp-*; do [ -d "$d" ] && close_ansible_masters "$d"; done
  if [ "$started_lab" = 0 ]; then remove_remote_scratch; fi
  rm -rf "$work"
  if [ "$started_lab" = 1 ]; then lab/down >/dev/null 2>&1; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# OUT: every JSON line so far, the summary per N and the goals. Also written (partial: true) by cleanup
# when the invocation stops early, so the finished measurements are not lost.
write_summary() { # bench_seconds partial
  local cmdline
  mkdir -p "$(dirname "$OUT")"
  cmdline="$(printf '%q ' env N="$N_LIST" REPS="$REPS" BENCHMARKS="$BENCHMARKS" LABEL="$LABEL" CONTENDERS="$CONTENDERS" ${EXTRA_TOML:+EXTRA_TOML="$EXTRA_TOML"} scripts/bench/campaign.sh)"
  jq -s --arg cmd "${cmdline% }" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg lbl "$LABEL" --argjson bench_s "$1" \
    --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson partial "$2" -f scripts/bench/campaign-summary.jq "$results" >"$OUT.tmp"
  mv "$OUT.tmp" "$OUT"
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
log() { echo "[campaign] $*" >&2; }
# Runs a command in the background and waits for it: a trapped INT/TERM then runs cleanup at once
# (bash runs traps only after a foreground command ends, and the bounds below reach 10 minutes).
waitable() {
  "$@" &
  wait $!
}

# --- lab --------------------------------------------------------------------------------------
lab_size=$(cat "$LAB_DIR/state/size" 2>/dev/null || echo 0)
[[ $lab_size =~ ^[0-9]+$ ]] || lab_size=0
if ip netns list 2>/dev/null | grep -q "^sthlab-t$n_max\b" && [ -f "$LAB_DIR/lab.toml" ] && ((lab_size >= n_max)); then
  lab_line="{\"lab\":\"reused\",\"lab_dir\":\"$LAB_DIR\",\"targets\":$lab_size}"
else
  log "bringing the lab up: lab/up $n_max (a lab with fewer targets is replaced)"
  started_lab=1 # from here on, cleanup takes it down (a half-built one too)
  waitable lab/up "$n_max" >"$work/lab-up.log" 2>&1 || { cat "$work/lab-up.log" >&2; exit 1; }
  lab_line="{\"lab\":\"started\",\"lab_dir\":\"$LAB_DIR\",\"targets\":$n_max,\"up_seconds\":$(cat "$LAB_DIR/state/up_seconds")}"
fi
grep -q '^  ProxyJump sthlab-jump' "$cfg" || die "$cfg has no ProxyJump for the targets"
export SSH_ASKPASS="$LAB_DIR/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none
STH_LAB_JUMP_PASSWORD=$(cat "$LAB_DIR/jump_password")
export STH_LAB_JUMP_PASSWORD

targets() { # n sep prefix: lab-t1,lab-t2,... or sthlab-t1 sthlab-t2 ...
  local i out=()
  for ((i = 1; i <= $1; i++)); do out+=("$3t$i"); done
  local IFS=$2
  echo "${out[*]}"
}

# Engine config: lab.toml with its own runs/work roots (so nothing accumulates in the lab's) + EXTRA_TOML.
engine_config() { # dir -> writes dir/lab.toml with roots under dir
  mkdir -p "$1/runs" "$1/work"
  sed -e "s|^runs_root = .*|runs_root = \"$1/runs\"|" -e "s|^work_root = .*|work_root = \"$1/work\"|" "$LAB_DIR/lab.toml" >"$1/lab.toml"
  if [[ -n $EXTRA_TOML ]]; then { echo; cat "$EXTRA_TOML"; } >>"$1/lab.toml"; fi
}
run_dirs_of() { # work_root -> the run dirs of every accepted request, one a line
  local f
  for f in "$1"/requests/*.json; do [ -f "$f" ] && jq -r '.runs[].run_dir' "$f"; done
  return 0
}
engine_facts() { # t0_ns run_dir... -> facts JSON (scripts/bench/campaign-facts.jq)
  local t0=$1 d files=()
  shift
  for d in "$@"; do
    for f in status.json events.jsonl command_ledger.jsonl transfer_ledger.jsonl; do [ -f "$d/$f" ] && files+=("$d/$f"); done
  done
  ((${#files[@]} > 0)) || { echo '{"hosts":0,"all_completed":false}'; return 0; }
  jq -n -c --argjson t0 "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t / 1e9 }')" -f scripts/bench/campaign-facts.jq "${files[@]}"
}

results="$work/results.jsonl"
: >"$results"
emit() { echo "$1" | tee -a "$results"; }
emit "$lab_line"
name_of() { echo "$1${LABEL:+-$LABEL}"; }
bench_toml_list() { local IFS=,; read -r -a b <<<"$BENCHMARKS"; printf '"%s", ' "${b[@]}" | sed 's/, $//'; }

# --- warm-up engine run and the replay script -------------------------------------------------------
log "warm-up engine run on lab-t1 (extracts the command list)"
mkdir -p "$work/warmup"
engine_config "$work/warmup"
# sshd (LogLevel VERBOSE) logs one "Starting session" per channel that runs a command or a subsystem: one per
# command on a channel each, one for the engine's runner (+ its SFTP transfers, if any)
t1_log="$LAB_DIR/hosts/sthlab-t1/sshd.log"
sessions_before=$(grep -c "Starting session" "$t1_log" 2>/dev/null || true)
t0=$(now_ns)
rc=0
waitable timeout "$(engine_bound 1)" bin/sth-bench-automation run --config "$work/warmup/lab.toml" --host lab-t1 --benchmarks "$BENCHMARKS" \
  >"$work/warmup/stdout" 2>"$work/warmup/stderr" || rc=$?
t1=$(now_ns)
sessions_after=$(grep -c "Starting session" "$t1_log" 2>/dev/null || true)
emit "{\"measurement\":\"sshd_sessions\",\"contender\":\"engine-cold\",\"host\":\"lab-t1\",\"benchmarks\":\"$BENCHMARKS\",\"sessions\":$(( ${sessions_after:-0} - ${sessions_before:-0} ))}"
mapfile -t wdirs < <(run_dirs_of "$work/warmup/work")
if ((${#wdirs[@]} != 1)) || [ ! -s "${wdirs[0]}/command_ledger.jsonl" ]; then
  tail -n 30 "$work/warmup/stdout" "$work/warmup/stderr" >&2
  die "warm-up run left no command ledger (exit $rc)"
fi
wfacts=$(engine_facts "$t0" "${wdirs[0]}")
emit "{\"measurement\":\"warmup\",\"contender\":\"engine-cold\",\"n\":1,\"exit_code\":$rc,\"wall_s\":$(secs "$t0" "$t1"),\"facts\":$wfacts}"
jq -r '.run_id' "${wdirs[0]}/command_ledger.jsonl" | head -1 >>"$work/engine-run-ids"
ledger="$work/ledger.jsonl"
cp "${wdirs[0]}/command_ledger.jsonl" "$ledger"
cp "${wdirs[0]}/transfer_ledger.jsonl" "$work/transfers.jsonl" 2>/dev/null || : >"$work/transfers.jsonl"
warm_rid=$(jq -r '.run_id' "$ledger" | head -1)
[[ $warm_rid =~ ^[A-Za-z0-9._-]+$ ]] || die "unexpected run_id '$warm_rid' in the warm-up ledger"
# the engine's remote scratch: a private directory it made with mktemp -d (state/remote_scratch.json)
warm_scratch=$(jq -r '.path // empty' "${wdirs[0]}/state/remote_scratch.json" 2>/dev/null || true)
[[ -z $warm_scratch || $warm_scratch =~ ^/[A-Za-z0-9._/+-]*sth-bench-automation\.[A-Za-z0-9]+$ ]] || die "unexpected scratch '$warm_scratch'"
scratch_parent=$(dirname "${warm_scratch:-/tmp/sth-bench-automation.x}")
ncmd=$(wc -l <"$ledger")
# One script for every host: each ledger command in ledger order, in its own bash -c, stdin closed; the
# warm-up's run id becomes a per-host, per-replay id resolved on the host (campaign-TAG-HOSTNAME-PID), its scratch
# a directory of that name (made where the engine's mktemp -d made its own, removed by the replayed cleanup).
script="$work/replay.sh"
{
  echo '#!/bin/bash'
  echo "# replay of the $ncmd commands of engine run $warm_rid (benchmarks: $BENCHMARKS)"
  echo "rid=\"campaign-$tag-\$(hostname)-\$\$\""
  echo "scr='$scratch_parent'/sth-bench-automation.\$rid"
  echo 'failed=0'
  jq -r --arg rid "$warm_rid" --arg scr "${warm_scratch:-@NO-SCRATCH@}" '
    (if .step == "host/scratch" then "mkdir -m 700 -p -- @SCR@ && echo @SCR@" else .command end) as $c
    | "c=" + ($c | split($scr) | join("@SCR@") | split($rid) | join("@RID@") | @sh)
      + "; c=${c//@SCR@/$scr}; bash -c \"${c//@RID@/$rid}\" </dev/null || failed=$((failed + 1))"' "$ledger"
  echo "echo \"replay: $ncmd commands on \$(hostname), \$failed non-zero\" >&2"
  echo 'exit 0'
} >"$script"
chmod 755 "$script"
bash -n "$script" || die "generated replay script does not parse"
script_b64=$(base64 -w0 "$script")
transfers=$(jq -s -c '{count: length, uploads: map(select(.direction == "upload")) | length, downloads: map(select(.direction == "download")) | length, bytes: (map(.bytes // 0) | add // 0), replayed: false}' "$work/transfers.jsonl")
emit "{\"measurement\":\"replay_script\",\"from_run\":\"$warm_rid\",\"commands\":$ncmd,\"script_bytes\":$(stat -c %s "$script"),\"transfers\":$transfers,\"note\":\"transfers of the engine run are counted, not replayed\"}"
rm -rf "$work/warmup"

# --- contenders -------------------------------------------------------------------------------------
# Each prints one JSON object (without the common fields) on stdout; wall_s is what is compared.

measure_engine_cold() { # n rep
  local n=$1 rep=$2 d="$work/m-cold-$1-$2" rc=0 t0 t1 rss facts
  mkdir -p "$d"
  engine_config "$d"
  t0=$(now_ns)
  timeout "$(engine_bound "$n")" /usr/bin/time -f %M -o "$d/rss" bin/sth-bench-automation run --config "$d/lab.toml" \
    --host "$(targets "$n" , lab-)" --benchmarks "$BENCHMARKS" >"$d/stdout" 2>"$d/stderr" || rc=$?
  t1=$(now_ns)
  rss=$(grep -E '^[0-9]+$' "$d/rss" 2>/dev/null | tail -1 || true)
  local dirs=()
  mapfile -t dirs < <(run_dirs_of "$d/work")
  for x in "${dirs[@]}"; do basename "$(dirname "$x")"-"$(basename "$x")"; done >>"$work/engine-run-ids"
  for x in "${dirs[@]}"; do [ -f "$x/state/remote_scratch.json" ] && jq -r '.host + " " + .path' "$x/state/remote_scratch.json"; done \
    >>"$work/engine-scratch" 2>/dev/null || true
  facts=$(engine_facts "$t0" "${dirs[@]}")
  [ "$rc" = 0 ] || tail -n 5 "$d/stderr" >&2
  echo "{\"exit_code\":$rc,\"wall_s\":$(secs "$t0" "$t1"),\"peak_rss_kib\":${rss:-null},\"ok\":$(jq -r --argjson n "$n" '.all_completed and .hosts == $n' <<<"$facts"),\"facts\":$facts}"
  rm -rf "$d"
}

run_ssh_jobs() { # n label ssh-extra-args...: the replay on targets 1..n in parallel; prints JSON
  local n=$1 d="$work/m-$2" i t0 t1 fails=0 pids=()
  shift 2
  mkdir -p "$d"
  t0=$(now_ns)
  for ((i = 1; i <= n; i++)); do
    timeout "$(ssh_bound "$n")" ssh -F "$cfg" "$@" "sthlab-t$i" bash -s <"$script" >"$d/t$i.out" 2>"$d/t$i.err" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || fails=$((fails + 1)); done
  t1=$(now_ns)
  local replayed
  replayed=$(cat "$d"/t*.err | grep -c '^replay: ' || true)
  ((fails == 0)) || cat "$d"/t*.err | grep -v '^replay: ' | tail -n 5 >&2
  echo "{\"wall_s\":$(secs "$t0" "$t1"),\"failed_hosts\":$fails,\"hosts_replayed\":$replayed,\"ok\":$([ "$fails" = 0 ] && [ "$replayed" = "$n" ] && echo true || echo false)}"
  rm -rf "$d"
}
measure_ssh_parallel() { run_ssh_jobs "$1" parallel -o ControlMaster=no -o ControlPath=none; }
measure_ssh_controlmaster() { run_ssh_jobs "$1" cm -o ControlMaster=no -o "ControlPath=$work/cm-%n.sock"; }

start_masters() { # n: one ControlMaster per target (through the jump), ControlPersist, before timing
  local n=$1 i pids=() bad=0
  for ((i = 1; i <= n; i++)); do
    timeout 60 ssh -F "$cfg" -o ControlMaster=yes -o ControlPath="$(cm_path "sthlab-t$i")" -o ControlPersist=1800 -fN "sthlab-t$i" </dev/null &
    pids+=($!)
    cm_hosts+=("sthlab-t$i")
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  for ((i = 1; i <= n; i++)); do
    # untimed set-up: a master that did not come up (N parallel logins on a loaded machine) gets one more try
    if ! timeout 10 ssh -F "$cfg" -o ControlPath="$(cm_path "sthlab-t$i")" -O check "sthlab-t$i" 2>/dev/null; then
      log "ControlMaster for sthlab-t$i did not come up; trying once more"
      timeout 60 ssh -F "$cfg" -o ControlMaster=yes -o ControlPath="$(cm_path "sthlab-t$i")" -o ControlPersist=1800 -fN "sthlab-t$i" </dev/null || true
    fi
    timeout 30 ssh -F "$cfg" -o ControlPath="$(cm_path "sthlab-t$i")" -o ControlMaster=no "sthlab-t$i" true </dev/null || bad=$((bad + 1))
  done
  ((bad == 0)) || die "could not start $n ControlMasters ($bad of them do not answer)"
}

measure_ansible() { # n rep
  local n=$1 d="$work/m-ansible" cp="$work/ansible-cp-$1-$2" inv="$work/inventory-$1.ini" rc=0 t0 t1 rss
  mkdir -p "$d" "$cp"
  [ -f "$work/ansible.cfg" ] || printf '[defaults]\n' >"$work/ansible.cfg" # defaults only, no user or system config
  {
    echo "[campaign]"
    targets "$n" $'\n' sthlab-
    echo
    echo "[campaign:vars]"
    echo "ansible_ssh_common_args='-F $cfg'"
  } >"$inv"
  t0=$(now_ns)
  # ANSIBLE_SSH_CONTROL_PATH_DIR: ansible's own ControlPersist masters live for this measurement only;
  # ANSIBLE_TIMEOUT: its ConnectTimeout (default 10 s) as the lab's ssh_config has it for the others
  ANSIBLE_SSH_CONTROL_PATH_DIR="$cp" ANSIBLE_TIMEOUT=30 ANSIBLE_LOCAL_TEMP="$d/tmp" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
    ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_CONFIG="$work/ansible.cfg" \
    timeout "$(ssh_bound "$n")" /usr/bin/time -f %M -o "$d/rss" ansible campaign -i "$inv" -m script -a "$script" -f "$n" \
    >"$d/out" 2>"$d/err" || rc=$?
  t1=$(now_ns)
  close_ansible_masters "$cp"
  rm -rf "$cp"
  rss=$(grep -E '^[0-9]+$' "$d/rss" 2>/dev/null | tail -1 || true)
  local ok_hosts replayed
  ok_hosts=$(grep -cE '^sthlab-t[0-9]+ \| CHANGED' "$d/out" || true)
  replayed=$(grep -c 'replay: ' "$d/out" || true)
  [ "$rc" = 0 ] || { grep -E '^sthlab-t[0-9]+ \| (UNREACHABLE|FAILED)' -A3 "$d/out" | head -n 20; tail -n 5 "$d/err"; } >&2
  echo "{\"exit_code\":$rc,\"wall_s\":$(secs "$t0" "$t1"),\"largest_process_rss_kib\":${rss:-null},\"hosts_changed\":$ok_hosts,\"ok\":$([ "$rc" = 0 ] && [ "$ok_hosts" = "$n" ] && echo true || echo false)}"
  : "$replayed"
  rm -rf "$d"
}

measure_pdsh() { # n rep
  local n=$1 d="$work/m-pdsh" rc=0 t0 t1 rss
  mkdir -p "$d"
  t0=$(now_ns)
  # pdsh passes no stdin to the remote command: the script travels base64-encoded on the command line.
  PDSH_SSH_ARGS="-F $cfg -x %h" PDSH_SSH_ARGS_APPEND="" \
    timeout "$(ssh_bound "$n")" /usr/bin/time -f %M -o "$d/rss" pdsh -S -R ssh -f "$n" -w "sthlab-t[1-$n]" \
    "echo $script_b64 | base64 -d | bash -s" >"$d/out" 2>"$d/err" || rc=$?
  t1=$(now_ns)
  rss=$(grep -E '^[0-9]+$' "$d/rss" 2>/dev/null | tail -1 || true)
  local replayed
  replayed=$(grep -c 'replay: ' "$d/err" || true)
  [ "$rc" = 0 ] || grep -v 'replay: ' "$d/err" | tail -n 5 >&2
  echo "{\"exit_code\":$rc,\"wall_s\":$(secs "$t0" "$t1"),\"largest_process_rss_kib\":${rss:-null},\"hosts_replayed\":$replayed,\"ok\":$([ "$rc" = 0 ] && [ "$replayed" = "$n" ] && echo true || echo false)}"
  rm -rf "$d"
}

serve_dir="$work/serve"
start_serve() {
  mkdir -p "$serve_dir"
  engine_config "$serve_dir"
  bin/sth-bench-automation serve --config "$serve_dir/lab.toml" >"$serve_dir/stdout" 2>"$serve_dir/stderr" &
  serve_pid=$! # the launcher execs java: this is the JVM's pid
  local i
  for ((i = 0; i < 600; i++)); do
    grep -q '^Watching ' "$serve_dir/stdout" 2>/dev/null && return 0
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$serve_dir/stdout" "$serve_dir/stderr" >&2
  die "serve did not start watching its inbox within 120 s"
}
# serve_request id n bound_s -> JSON; drops the request atomically, waits for every run's terminal state
serve_request() {
  local id=$1 n=$2 bound=$3 inbox="$serve_dir/work/inbox" rec="$serve_dir/work/requests/$1.json" t0 t1 deadline
  local hosts
  hosts=$(targets "$n" , lab- | sed 's/[^,]*/"&"/g; s/,/, /g')
  printf 'request_id = "%s"\nhosts = [%s]\nbenchmarks = [%s]\n' "$id" "$hosts" "$(bench_toml_list)" >"$inbox/.$id.tmp"
  t0=$(now_ns)
  mv "$inbox/.$id.tmp" "$inbox/$id.toml"
  deadline=$(($(date +%s) + bound))
  local dirs=() statuses=() terminal timed_out=0
  while :; do
    if [ -f "$rec" ] && ((${#dirs[@]} == 0)); then
      mapfile -t dirs < <(jq -r '.runs[].run_dir' "$rec" 2>/dev/null || true)
      statuses=("${dirs[@]/%//status.json}")
    fi
    if ((${#dirs[@]} == n)); then
      # one jq for all runs per poll (status.json is replaced atomically); a missing file is not terminal
      terminal=$( (jq -r '.state' "${statuses[@]}" 2>/dev/null || true) \
        | grep -cxE 'completed|completed_with_failures|failed|recovery|interrupted' || true)
      ((terminal == n)) && break
    fi
    [ -f "$inbox/.rejected/$id.toml" ] && { cat "$inbox/.rejected/$id.toml.error.txt" >&2; timed_out=2; break; }
    (($(date +%s) < deadline)) || { timed_out=1; break; }
    kill -0 "$serve_pid" 2>/dev/null || { timed_out=3; break; }
    sleep 0.1
  done
  t1=$(now_ns)
  local hwm facts
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$serve_pid/status" 2>/dev/null || true)
  for x in "${dirs[@]}"; do basename "$(dirname "$x")"-"$(basename "$x")"; done >>"$work/engine-run-ids"
  for x in "${dirs[@]}"; do [ -f "$x/state/remote_scratch.json" ] && jq -r '.host + " " + .path' "$x/state/remote_scratch.json"; done \
    >>"$work/engine-scratch" 2>/dev/null || true
  facts=$(engine_facts "$t0" "${dirs[@]}")
  ((timed_out == 0)) || log "serve request $id: $([ $timed_out = 1 ] && echo "not terminal within ${bound}s" || echo "rejected or daemon gone ($timed_out)")"
  echo "{\"wall_s\":$(secs "$t0" "$t1"),\"wait_outcome\":$timed_out,\"peak_rss_kib\":${hwm:-null},\"ok\":$(jq -r --argjson n "$n" '.all_completed and .hosts == $n' <<<"$facts"),\"facts\":$facts}"
  # the run directories are not needed any more: keep the runs root from growing
  for x in "${dirs[@]}"; do [[ $x == "$serve_dir"/runs/* ]] && rm -rf "$x"; done
  return 0
}
measure_engine_serve_warm() { serve_request "campaign-$tag-n$1-r$2" "$1" "$(engine_bound "$1")"; }

# engine-broker-2: controller A `serve --embedded-broker`, controller B `serve --broker tcp://127.0.0.1:PORT`, one work
# root; the request goes into the shared inbox and is timed like engine-serve-warm (peak RSS: A's VmHWM, which runs the
# broker; B's is in broker_b_peak_rss_kib)
broker_dir="$work/broker"
broker_a_pid=""
broker_b_pid=""
stop_brokers() {
  local p
  for p in "$broker_b_pid" "$broker_a_pid"; do
    [[ -n $p ]] || continue
    kill -TERM "$p" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  broker_a_pid=""
  broker_b_pid=""
}
await_watching() { # stdout-file pid
  local i
  for ((i = 0; i < 600; i++)); do
    grep -q '^Watching ' "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$1" >&2
  die "a broker-mode serve did not start watching its inbox within 120 s"
}
start_brokers() {
  mkdir -p "$broker_dir"
  engine_config "$broker_dir"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  bin/sth-bench-automation serve --config "$broker_dir/lab.toml" --embedded-broker --broker-port "$port" \
    >"$broker_dir/a.stdout" 2>"$broker_dir/a.stderr" &
  broker_a_pid=$!
  await_watching "$broker_dir/a.stdout" "$broker_a_pid"
  bin/sth-bench-automation serve --config "$broker_dir/lab.toml" --broker "tcp://127.0.0.1:$port" \
    >"$broker_dir/b.stdout" 2>"$broker_dir/b.stderr" &
  broker_b_pid=$!
  await_watching "$broker_dir/b.stdout" "$broker_b_pid"
}
measure_engine_broker_2() {
  local serve_dir="$broker_dir" serve_pid="$broker_a_pid" r hwm_b
  r=$(serve_request "campaign-$tag-b2-n$1-r$2" "$1" "$(engine_bound "$1")")
  kill -0 "$broker_b_pid" 2>/dev/null || r=$(jq -c '.ok = false | .controller_b_gone = true' <<<"$r")
  hwm_b=$(awk '/^VmHWM:/ { print $2 }' "/proc/$broker_b_pid/status" 2>/dev/null || true)
  jq -c --argjson b "${hwm_b:-null}" '. + {broker_b_peak_rss_kib: $b}' <<<"$r"
}

# --- machine facts ------------------------------------------------------------------------------------
machine=$(jq -n -c --arg nproc "$(nproc)" --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
  --arg kernel "$(uname -srm)" --arg java "$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
  --arg ssh "$(ssh -V 2>&1)" --arg ansible "$(ansible --version 2>/dev/null | head -1 || true)" \
  --arg pdsh "$(pdsh -V 2>&1 | head -1 || true)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg mem "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" --arg os "$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')" \
  '{nproc: ($nproc | tonumber), cpu_model: $cpu, kernel: $kernel, os: $os, mem_total_kib: ($mem | tonumber), java: $java,
    openssh: $ssh, ansible: $ansible, pdsh: $pdsh, loadavg_at_start: $load}')
emit "{\"measurement\":\"machine\",\"facts\":$machine}"

# --- the campaign ---------------------------------------------------------------------------------------
if wants engine-serve-warm; then
  log "starting serve and warming it with one campaign at N=$n_max"
  start_serve
  waitable serve_request "campaign-$tag-warmup" "$n_max" "$(engine_bound "$n_max")" >"$work/result.json"
  w=$(cat "$work/result.json")
  emit "{\"measurement\":\"warmup\",\"contender\":\"engine-serve-warm\",\"n\":$n_max,\"result\":$w}"
fi
if wants engine-broker-2; then
  log "starting two broker-mode serves (embedded broker) and warming them with one campaign at N=$n_max"
  start_brokers
  waitable measure_engine_broker_2 "$n_max" 0 >"$work/result.json"
  w=$(cat "$work/result.json")
  emit "{\"measurement\":\"warmup\",\"contender\":\"engine-broker-2\",\"n\":$n_max,\"result\":$w}"
fi

bench_started=$(now_ns)
for n in "${ns[@]}"; do
  if wants ssh-controlmaster; then start_masters "$n"; fi
  for ((rep = 1; rep <= REPS; rep++)); do
    # round robin, starting one contender later each repetition so no contender always goes first
    for ((k = 0; k < ${#contenders[@]}; k++)); do
      c=${contenders[$(((k + rep - 1) % ${#contenders[@]}))]}
      log "N=$n rep $rep/$REPS: $c"
      waitable "measure_${c//-/_}" "$n" "$rep" >"$work/result.json"
      r=$(cat "$work/result.json")
      emit "$(jq -c --arg c "$(name_of "$c")" --argjson n "$n" --argjson rep "$rep" --arg b "$BENCHMARKS" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
        '{measurement: "run", contender: $c, n: $n, rep: $rep, benchmarks: $b} + . + {loadavg_1m: ($load | tonumber)}' <<<"$r")"
    done
  done
  if wants ssh-controlmaster; then close_masters; fi
done
bench_s=$(secs "$bench_started" "$(now_ns)")
stop_serve
stop_brokers

# --- summary --------------------------------------------------------------------------------------------
summary_written=1
write_summary "$bench_s" false
jq -r -f scripts/bench/campaign-table.jq "$OUT"
echo "written: $OUT"
if jq -e '[.measurements[] | select(.ok == false)] | length > 0' "$OUT" >/dev/null; then
  log "some measurements were not ok (see \"ok\":false lines above)"
  exit 1
fi
