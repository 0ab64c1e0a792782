#!/usr/bin/env bash
# Compares, in one invocation on the OpenSSH lab, the engine's transport with OpenSSH:
#  (a) COMMANDS x `true` on lab-t1 through the jump host: engine (one reused chain) vs `ssh` per
#      command (fresh connection through the jump each time) vs OpenSSH ControlMaster;
#  (b) uploading an UPLOAD_MB random file: engine upload() vs `scp` (fresh, through the jump; and
#      over the ControlMaster, i.e. without connect cost, like the engine's figure).
# Usage: sudo scripts/bench/transport.sh [COMMANDS=50] [UPLOAD_MB=100]
# Needs root (the lab) and the packaged jar + target/lib (mvn -o -q -DskipTests package). OpenSSH gets
# the jump password through the lab's SSH_ASKPASS helper, the engine through STH_LAB_JUMP_PASSWORD.
# Brings the lab up (lab/up 1) only if it is not up, and then takes it down again at the end.
# Prints one JSON line per measurement, a JSON line of ratios and a verdict line.
# Engine upload figures: "warm" (the same upload repeated in the JVM) is used for the ratio; "cold"
# (the JVM's first bulk transfer, JIT compiling as it goes) is reported next to it.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMANDS=${COMMANDS:-${1:-50}}
UPLOAD_MB=${UPLOAD_MB:-${2:-100}}
[[ $COMMANDS =~ ^[0-9]+$ ]] && ((COMMANDS >= 1 && COMMANDS <= 1000)) || { echo "COMMANDS must be 1..1000" >&2; exit 2; }
[[ $UPLOAD_MB =~ ^[0-9]+$ ]] && ((UPLOAD_MB >= 1 && UPLOAD_MB <= 2000)) || { echo "UPLOAD_MB must be 1..2000" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (the lab uses network namespaces): sudo $0" >&2; exit 2; }
jar=target/sth-bench-automation.jar
[ -f "$jar" ] && [ -d target/lib ] && [ -d target/test-classes ] || { echo "build first: mvn -o -q -DskipTests package" >&2; exit 2; }
export LAB_DIR=${LAB_DIR:-/tmp/sth-lab}

work=$(mktemp -d)
cm_path="$work/cm.sock"
started_lab=0
remote_dir="/tmp/sth-tbench-$$"
cleanup() {
  set +e
  if [ -S "$cm_path" ]; then
    ssh -F "$LAB_DIR/ssh_config" -o ControlPath="$cm_path" sthlab-t1 "rm -rf -- '$remote_dir'" >/dev/null 2>&1
    ssh -F "$LAB_DIR/ssh_config" -o ControlPath="$cm_path" -O exit sthlab-t1 >/dev/null 2>&1
  elif [ "$started_lab" = 0 ] && [ -f "$LAB_DIR/ssh_config" ]; then
    # failed before the master was up, on a lab we keep: the engine may have left its remote dir
    timeout 30 ssh -F "$LAB_DIR/ssh_config" sthlab-t1 "rm -rf -- '$remote_dir'" </dev/null >/dev/null 2>&1
  fi
  rm -rf "$work"
  if [ "$started_lab" = 1 ]; then lab/down >/dev/null 2>&1; fi
}
trap cleanup EXIT

if ip netns list 2>/dev/null | grep -q '^sthlab-t1\b' && [ -f "$LAB_DIR/lab.toml" ]; then
  echo "{\"lab\":\"reused\",\"lab_dir\":\"$LAB_DIR\"}"
else
  lab/up 1 >"$work/lab-up.log" 2>&1 || { cat "$work/lab-up.log" >&2; exit 1; }
  started_lab=1
  echo "{\"lab\":\"started\",\"lab_dir\":\"$LAB_DIR\"}"
fi
cfg="$LAB_DIR/ssh_config"
export SSH_ASKPASS="$LAB_DIR/askpass" SSH_ASKPASS_REQUIRE=force
STH_LAB_JUMP_PASSWORD=$(cat "$LAB_DIR/jump_password")
export STH_LAB_JUMP_PASSWORD

bundle="$work/bundle.bin"
head -c "$((UPLOAD_MB * 1024 * 1024))" /dev/urandom >"$bundle"
bytes=$(stat -c %s "$bundle")

now() { date +%s%N; }
# stats NAME FILE: one JSON line with n, total, mean, p50, p95 (ms) of the nanosecond values in FILE
stats() {
  sort -n "$2" | awk -v name="$1" '{ v[NR] = $1; t += $1 } END {
    i50 = int(0.50 * NR + 0.999999); i95 = int(0.95 * NR + 0.999999);
    printf "{\"measurement\":\"%s\",\"n\":%d,\"total_ms\":%.1f,\"mean_ms\":%.2f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"min_ms\":%.2f,\"max_ms\":%.2f}\n",
      name, NR, t / 1e6, t / NR / 1e6, v[i50] / 1e6, v[i95] / 1e6, v[1] / 1e6, v[NR] / 1e6 }'
}
field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" <<<"$2" | head -1; }

# (a1)+(b1) engine: one session, COMMANDS x true, then the upload
engine=$(timeout 600 java -cp "$jar:target/test-classes:target/lib/*" org.sth.automation.transport.TransportBench \
  --config "$LAB_DIR/lab.toml" --host lab-t1 --commands "$COMMANDS" --warmup 5 \
  --upload "$bundle" --remote-path "$remote_dir/engine.bin")
echo "{\"measurement\":\"engine\",\"result\":$engine}"
engine_cmd=$(sed -n 's/.*"per_command_ms":{[^}]*"mean":\([0-9.]*\).*/\1/p' <<<"$engine")
engine_up=$(sed -n 's/.*"upload_warm":{"seconds":[0-9.eE+-]*,"MiBps":\([0-9.eE+-]*\).*/\1/p' <<<"$engine")
engine_up_cold=$(sed -n 's/.*"upload_cold":{"seconds":[0-9.eE+-]*,"MiBps":\([0-9.eE+-]*\).*/\1/p' <<<"$engine")

# (a2) plain ssh per command: every command a fresh connection through the jump host
: >"$work/ssh.ns"
for _ in $(seq "$COMMANDS"); do
  s=$(now); timeout 60 ssh -F "$cfg" sthlab-t1 true </dev/null; e=$(now)
  echo $((e - s)) >>"$work/ssh.ns"
done
ssh_line=$(stats ssh_per_command "$work/ssh.ns"); echo "$ssh_line"

# (a3) ControlMaster: one master connection, then COMMANDS x true over it
s=$(now)
timeout 60 ssh -F "$cfg" -o ControlMaster=yes -o ControlPath="$cm_path" -o ControlPersist=60 -fN sthlab-t1
e=$(now)
echo "{\"measurement\":\"controlmaster_connect\",\"ms\":$(((e - s) / 1000000))}"
for _ in $(seq 3); do ssh -F "$cfg" -o ControlPath="$cm_path" -o ControlMaster=no sthlab-t1 true </dev/null; done
: >"$work/cm.ns"
for _ in $(seq "$COMMANDS"); do
  s=$(now); timeout 60 ssh -F "$cfg" -o ControlPath="$cm_path" -o ControlMaster=no sthlab-t1 true </dev/null; e=$(now)
  echo $((e - s)) >>"$work/cm.ns"
done
cm_line=$(stats controlmaster_per_command "$work/cm.ns"); echo "$cm_line"
# (a4) the same with one line of output: shows the server's Nagle/delayed-ACK round an output packet costs
: >"$work/cm_out.ns"
for _ in $(seq "$COMMANDS"); do
  s=$(now); timeout 60 ssh -F "$cfg" -o ControlPath="$cm_path" -o ControlMaster=no sthlab-t1 'echo x' </dev/null >/dev/null; e=$(now)
  echo $((e - s)) >>"$work/cm_out.ns"
done
stats controlmaster_per_command_with_output "$work/cm_out.ns"

# (b2) scp through the jump (fresh connection, as an operator would run it) and over the master
timeout 600 ssh -F "$cfg" -o ControlPath="$cm_path" sthlab-t1 "mkdir -p -- '$remote_dir'" </dev/null
s=$(now); timeout 600 scp -q -F "$cfg" "$bundle" "sthlab-t1:$remote_dir/scp.bin"; e=$(now)
scp_s=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.3f", ns / 1e9 }')
scp_up=$(awk -v b="$bytes" -v ns=$((e - s)) 'BEGIN { printf "%.1f", b / 1048576 / (ns / 1e9) }')
echo "{\"measurement\":\"scp_fresh\",\"bytes\":$bytes,\"seconds\":$scp_s,\"MiBps\":$scp_up,\"includes\":\"connect through the jump + transfer\"}"
timeout 60 ssh -F "$cfg" -o ControlPath="$cm_path" sthlab-t1 "rm -f -- '$remote_dir/scp.bin'" </dev/null
s=$(now); timeout 600 scp -q -F "$cfg" -o ControlPath="$cm_path" -o ControlMaster=no "$bundle" "sthlab-t1:$remote_dir/scp.bin"; e=$(now)
scpcm_s=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.3f", ns / 1e9 }')
scpcm_up=$(awk -v b="$bytes" -v ns=$((e - s)) 'BEGIN { printf "%.1f", b / 1048576 / (ns / 1e9) }')
echo "{\"measurement\":\"scp_controlmaster\",\"bytes\":$bytes,\"seconds\":$scpcm_s,\"MiBps\":$scpcm_up,\"includes\":\"transfer only (connection already up)\"}"

ssh_cmd=$(field mean_ms "$ssh_line"); cm_cmd=$(field mean_ms "$cm_line")
awk -v ec="$engine_cmd" -v sc="$ssh_cmd" -v cc="$cm_cmd" -v eu="$engine_up" -v euc="$engine_up_cold" -v su="$scp_up" -v scu="$scpcm_up" 'BEGIN {
  r_cm = ec / cc; r_ssh = ec / sc; r_up = eu / su; r_upcm = eu / scu;
  printf "{\"engine_per_cmd_ms\":%.2f,\"ssh_per_cmd_ms\":%.2f,\"controlmaster_per_cmd_ms\":%.2f,", ec, sc, cc;
  printf "\"engine_over_controlmaster\":%.2f,\"engine_over_ssh\":%.3f,", r_cm, r_ssh;
  printf "\"engine_MiBps\":%.1f,\"engine_cold_MiBps\":%.1f,\"scp_MiBps\":%.1f,\"scp_controlmaster_MiBps\":%.1f,", eu, euc, su, scu;
  printf "\"engine_cold_upload_over_scp\":%.2f,", euc / su;
  printf "\"engine_upload_over_scp\":%.2f,\"engine_upload_over_scp_controlmaster\":%.2f,", r_up, r_upcm;
  ok_cm = r_cm <= 1.5; ok_ssh = r_ssh <= 0.5; ok_up = r_up >= 0.8;
  printf "\"goal_per_cmd_within_1.5x_controlmaster\":%s,\"goal_far_below_ssh_per_cmd\":%s,\"goal_upload_at_least_0.8x_scp\":%s}\n",
    ok_cm ? "true" : "false", ok_ssh ? "true" : "false", ok_up ? "true" : "false";
  printf "verdict: %s\n", (ok_cm && ok_ssh && ok_up) ? "all transport goals met" : "MISSED at least one transport goal";
}'
