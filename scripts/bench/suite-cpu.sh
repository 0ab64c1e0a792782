#!/usr/bin/env bash
# Where the suite's CPU goes: runs `mvn -B verify` (or the Maven arguments given) under the kernel's process accounting
# (acct: every process's CPU when it ends, none missed however short) while a sampler notes the command line of every
# JVM once a second, then prints the CPU per kind of process: the test JVMs, the controllers they start (by verb), Maven,
# the Artemis brokers, and what runs under each (the demo host's commands run under the test JVMs' in-process SSH
# servers). With JFR=1 the test JVMs also record Java Flight Recorder profiles; the script prints their hottest methods
# and the first project frame of each sample. docs/contributing.md, "The suite's time", has the figures.
#
# Usage: sudo [JFR=1] [OUT=target/suite-cpu] scripts/bench/suite-cpu.sh [maven arguments, default: -B verify]
# Needs root (accton) and python3; installs acct with apt-get when missing. Writes into OUT (removed first).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "suite-cpu: needs root (process accounting)" >&2; exit 2; }
command -v accton >/dev/null 2>&1 || { apt-get install -y -q acct >/dev/null; }
command -v python3 >/dev/null 2>&1 || { echo "suite-cpu: needs python3" >&2; exit 2; }
out=${OUT:-target/suite-cpu}
rm -rf "$out"; mkdir -p "$out"; out=$(cd "$out" && pwd)
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(-B verify)
if [ -n "${JFR:-}" ]; then
  mkdir -p "$out/jfr"
  args+=("-DargLine=-XX:StartFlightRecording=dumponexit=true,filename=$out/jfr/,settings=profile")
fi
: >"$out/pacct"
accton "$out/pacct"
sampler() {
  while [ ! -e "$out/stop" ]; do
    ps -eo pid=,ppid=,args= | awk -v t="$(date +%s)" '$3 ~ /(^|\/)java$/ {print t, $0}' >>"$out/jvms.txt"
    sleep 1
  done
}
sampler & sp=$!
stop() { touch "$out/stop"; wait "$sp" 2>/dev/null || true; accton off >/dev/null 2>&1 || true; }
trap stop EXIT
start=$(date +%s)
set +e
mvn "${args[@]}" >"$out/mvn.log" 2>&1
rc=$?
set -e
end=$(date +%s)
stop
trap - EXIT
echo "mvn ${args[*]}: exit $rc, $((end - start)) s wall (log: $out/mvn.log)"
dump-acct "$out/pacct" >"$out/pacct.txt"
python3 - "$out" <<'PY'
import collections, datetime, re, subprocess, sys, os
out = sys.argv[1]
recs = []
for line in open(out + '/pacct.txt'):
    f = [x.strip() for x in line.split('|')]
    if len(f) < 15:
        continue
    start = datetime.datetime.strptime(f[14], '%a %b %d %H:%M:%S %Y').timestamp()
    recs.append(dict(comm=f[0], cpu=(float(f[2]) + float(f[3])) / 100, et=float(f[4]) / 100, pid=int(f[9]), ppid=int(f[10]), start=start))
by_pid = collections.defaultdict(list)
for i, r in enumerate(recs):
    by_pid[r['pid']].append(i)
def alive(pid, t):
    # pids are reused (pid_max is often 32768): the record of that pid that lived at t
    for i in by_pid.get(pid, []):
        r = recs[i]
        if r['start'] - 1 <= t <= r['start'] + r['et'] + 2:
            return r
    return None
for line in open(out + '/jvms.txt'):
    p = line.split(None, 3)
    if len(p) == 4:
        r = alive(int(p[1]), int(p[0]))
        if r is not None and 'args' not in r:
            r['args'] = p[3].strip()
def kind(r):
    a = r.get('args')
    if not a:
        return 'JVM not sampled (ended within a second)' if r['comm'] == 'java' else None
    if 'plexus-classworlds' in a:
        return 'Maven'
    if 'surefire' in a:
        return 'test JVMs (surefire/failsafe forks)'
    if 'artemis' in a.lower():
        return 'Artemis (standalone pair)'
    m = re.search(r'(sth-bench-automation\.jar|org\.sth\.automation\.cli\.Main)\s+(\S+)', a)
    if m:
        return 'controller: ' + m.group(2)
    return 'other JVM'
def owner(r):
    for _ in range(64):
        k = kind(r)
        if k:
            return k
        r = alive(r['ppid'], r['start'])
        if r is None:
            return None
    return None
own = collections.Counter(); count = collections.Counter(); under = collections.Counter(); comms = collections.defaultdict(collections.Counter)
for r in recs:
    k = kind(r)
    if k:
        own[k] += r['cpu']; count[k] += 1
    else:
        o = owner(r) or 'no JVM above it (scripts, sshd of the lab, Chromium, ...)'
        under[o] += r['cpu']; comms[o][r['comm']] += r['cpu']
total = sum(r['cpu'] for r in recs)
print(f"\nCPU of every process that ended meanwhile: {total:.0f} s")
print(f"{'JVMs':52} {'CPU s':>8} {'count':>6}")
for k, v in own.most_common():
    print(f"{k:52} {v:8.0f} {count[k]:6d}")
print(f"\n{'processes under them':52} {'CPU s':>8}  most CPU")
for k, v in under.most_common(8):
    top = ', '.join(f"{c} {s:.0f}" for c, s in comms[k].most_common(6))
    print(f"{k:52} {v:8.0f}  {top}")
jfr = out + '/jfr'
if os.path.isdir(jfr):
    top = collections.Counter(); first = collections.Counter(); n = 0
    for f in sorted(os.listdir(jfr)):
        text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '64', os.path.join(jfr, f)],
                              capture_output=True, text=True).stdout
        for ev in text.split('jdk.ExecutionSample')[1:]:
            frames = re.findall(r'^\s+([\w.$<>/]+)\(', ev, re.M)
            if not frames:
                continue
            n += 1
            top[frames[0]] += 1
            first[next((x for x in frames if x.startswith('org.sth')), '(no project frame)')] += 1
    print(f"\nJFR samples of the test JVMs: {n}")
    print("hottest methods:"); [print(f"  {v:6d} {k}") for k, v in top.most_common(12)]
    print("first project frame:"); [print(f"  {v:6d} {k}") for k, v in first.most_common(15)]
PY
exit "$rc"
