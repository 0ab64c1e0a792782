#!/usr/bin/env bash
# Measures what the key exchange costs the engine's connections on a cold JVM, in one invocation, alternating:
# curve25519-sha256 (classic), sntrup761x25519-sha512 (the post-quantum hybrid OpenSSH 9.x and MINA prefer), and the
# engine's default offer, each against a real OpenSSH sshd started here on loopback (no lab, no root needed).
# Every measurement is a fresh JVM: time from start to an authenticated session and to the end of `true`, then the
# same for a second connection in that JVM (warm). Prints one JSON line per measurement and a table of medians.
# Usage: scripts/bench/kex.sh [REPS=7]      (build first: mvn -o -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-${1:-7}}
[[ $REPS =~ ^[0-9]+$ ]] && ((REPS >= 1 && REPS <= 100)) || { echo "REPS must be 1..100" >&2; exit 2; }
jar=target/sth-bench-automation.jar
[ -f "$jar" ] && [ -d target/lib ] && [ -d target/test-classes ] || { echo "build first: mvn -o -q -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq (apt-get install -y jq)" >&2; exit 2; }
[ -x /usr/sbin/sshd ] || { echo "needs openssh-server (/usr/sbin/sshd)" >&2; exit 2; }

work=$(mktemp -d -t sth-kex-XXXXXX)
chmod 700 "$work"
sshd_pid=
cleanup() {
  if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ssh-keygen -q -t ed25519 -N '' -f "$work/host_ed25519"
ssh-keygen -q -t ecdsa -b 256 -N '' -f "$work/host_ecdsa"
ssh-keygen -q -t ed25519 -N '' -f "$work/client"
cp "$work/client.pub" "$work/authorized_keys"
chmod 600 "$work/authorized_keys"
port=
for p in $(seq 21000 21999); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port in 21000..21999" >&2; exit 1; }
cat >"$work/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_ed25519
HostKey $work/host_ecdsa
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $work/sshd.pid
LogLevel ERROR
CFG
/usr/sbin/sshd -D -f "$work/sshd_config" -E "$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
{ printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$work/host_ecdsa.pub")"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$work/host_ed25519.pub")"; } >"$work/known_hosts"

variants=(curve25519-sha256 sntrup761x25519-sha512@openssh.com default)
out="$work/results.jsonl"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(/usr/sbin/sshd -V 2>&1 | head -1 || true)" >&2
for ((r = 0; r < REPS; r++)); do
  for ((i = 0; i < ${#variants[@]}; i++)); do
    v=${variants[$(((i + r) % ${#variants[@]}))]}
    line=$(timeout 120 java -cp "$jar:target/test-classes:target/lib/*" org.sth.automation.transport.KexBench \
      127.0.0.1 "$port" "$(id -un)" "$work/client" "$work/known_hosts" "$v" 2>>"$work/bench.err") || {
      echo "measurement failed for $v: $(tail -3 "$work/bench.err")" >&2; exit 1; }
    echo "$line"
    echo "$line" >>"$out"
  done
done
echo
jq -s -r 'group_by(.kex_offered) | map({offered: .[0].kex_offered, negotiated: .[0].kex,
    cold: (map(.cold_connect_ms) | sort | .[length/2|floor]), cold_cmd: (map(.cold_command_ms) | sort | .[length/2|floor]),
    warm: (map(.warm_connect_ms) | sort | .[length/2|floor])})
  | (["offered", "negotiated", "cold connect ms (median)", "cold connect+true ms", "warm connect ms"] | @tsv),
    (.[] | [.offered, .negotiated, .cold, .cold_cmd, .warm] | @tsv)' "$out" | column -t -s $'\t'
