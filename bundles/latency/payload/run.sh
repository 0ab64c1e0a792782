#!/bin/sh
# Usage: sh run.sh OUTDIR [ITERATIONS] [SAMPLES]
# Runs core-to-core-latency (from PATH) the way its maintainer does (`5000 300 --csv`) and writes
# OUTDIR/latency.csv plus OUTDIR/status.txt. The CSV is moved into place only when complete, so
# an empty or partial file never looks like a result.
set -u
out=${1:?usage: run.sh OUTDIR [ITERATIONS] [SAMPLES]}
iterations=${2:-5000}
samples=${3:-300}
mkdir -p "$out" || exit 1
if ! command -v core-to-core-latency >/dev/null 2>&1; then
    echo "core-to-core-latency not found on PATH (build it: cargo install --locked core-to-core-latency)" >&2
    echo "status=missing_runner" > "$out/status.txt"
    exit 127
fi
core-to-core-latency "$iterations" "$samples" --csv > "$out/latency.csv.part" 2> "$out/latency.stderr.txt"
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$out/latency.csv.part" ]; then
    mv "$out/latency.csv.part" "$out/latency.csv"
    echo "status=ok" > "$out/status.txt"
    exit 0
fi
echo "status=failed exit_code=$rc" > "$out/status.txt"
[ "$rc" -ne 0 ] || rc=1
exit "$rc"
