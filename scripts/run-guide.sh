#!/usr/bin/env bash
# Runs docs/run-guide.md: every ```bash block of the page, in order, in one shell (set -euo pipefail), on the loopback
# demo host, so the guide says what works. Prints each block before it runs; exit 0 when every command did what the
# guide says, else the exit code of the first that did not (its block and line are printed on stderr).
#
# Usage: scripts/run-guide.sh        Env: KEEP=1 keeps the guide's folder (LAB), STH_JAVA_OPTS (passed to the launcher).
# Needs the packaged jar (mvn -q -B -DskipTests package), git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
guide="$root/docs/run-guide.md"
[[ -f $root/target/sth-bench-automation.jar ]] || { echo "build the jar first: mvn -q -B -DskipTests package" >&2; exit 2; }
for tool in git python3; do command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }; done

LAB=$(mktemp -d "${TMPDIR:-/tmp}/sth-run-guide.XXXXXX")
STH="$root/bin/sth-bench-automation"
export LAB STH
script="$LAB/guide.sh"
# the bash blocks, each announced before it runs
awk '/^```bash$/ {inblock=1; n++; print "echo \"--- block " n "\" >&2"; next} /^```$/ {inblock=0; next} inblock {print}' "$guide" > "$script"
cleanup() {
  local rc=$?
  if [[ -f $LAB/demo-server.pid ]] && kill -0 "$(cat "$LAB/demo-server.pid")" 2>/dev/null; then
    kill "$(cat "$LAB/demo-server.pid")" 2>/dev/null || true
  fi
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept: $LAB" >&2; else rm -rf -- "$LAB"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash -euo pipefail "$script"
echo "run guide: every command ran as written ($(grep -c '^echo "--- block' "$script") blocks)"
