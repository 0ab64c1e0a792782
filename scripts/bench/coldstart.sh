#!/usr/bin/env bash
# Cold start of the launcher with and without its class-data-sharing archive, in ONE invocation, alternating:
#   version   bin/sth-bench-automation --version                  (JVM + picocli only: the floor)
#   status    bin/sth-bench-automation status --run-dir RUN_DIR   (reads status.json; never starts Camel)
#   dry-run   bin/sth-bench-automation run --config DEMO_TOML --host demo-local --benchmarks system-info --dry-run
#   demo      bin/sth-bench-automation demo --dir FRESH_DIR       (README's first command: a loopback SSH server in
#             process, then a full system-info run on this machine through every phase; a fresh dir each time)
# each as `cds` (the launcher's default: target/sth-bench-automation.jsa, built by `mvn package`) and `no-cds`
# (STH_NO_CDS=1, the launcher's switch to leave the archive out). Every measurement is a fresh JVM, timed from
# process start to exit; peak RSS from GNU time. RUN_DIR and DEMO_TOML come from one untimed demo run first.
#
# Usage: [REPS=5] [VERBS="version status dry-run demo"] [OUT=target/bench/coldstart-STAMP.json] scripts/bench/coldstart.sh
# Needs the packaged jar and its archive (mvn -o -q -DskipTests package), jq and GNU time (/usr/bin/time). No root,
# no lab. Prints one JSON line per measurement and a table of medians; writes everything to OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."

ALL_VERBS="version status dry-run demo"
REPS=${REPS:-5}
VERBS=${VERBS:-$ALL_VERBS}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-target/bench/coldstart-$STAMP.json}

die() { echo "coldstart.sh: $*" >&2; exit 2; }
case ${1:-} in
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
  "") ;;
  *) die "no positional arguments (use REPS, VERBS, OUT)" ;;
esac
[[ $REPS =~ ^[1-9][0-9]?$ ]] || die "REPS must be a number 1..99 (got '$REPS')"
read -r -a verbs <<<"$VERBS"
((${#verbs[@]} >= 1)) || die "VERBS is empty"
for v in "${verbs[@]}"; do [[ " $ALL_VERBS " == *" $v "* ]] || die "unknown verb '$v' (known: $ALL_VERBS)"; done
[[ -n $OUT && $OUT != */ ]] || die "OUT must name a file (got '$OUT')"
command -v jq >/dev/null 2>&1 || die "needs jq (apt-get install -y jq)"
[ -x /usr/bin/time ] || die "needs GNU time (apt-get install -y time)"
jar=target/sth-bench-automation.jar
archive=target/sth-bench-automation.jsa
if [ ! -f "$jar" ] || [ ! -d target/lib ]; then die "build first: mvn -o -q -DskipTests package"; fi
[ -f "$archive" ] || die "$archive is missing: the build makes it (mvn -o -q -DskipTests package); without it there is nothing to compare"
[ ! "$archive" -ot "$jar" ] || die "$archive is older than $jar: the launcher would not use it; rebuild (mvn -o -q -DskipTests package)"
# The launcher passes -Xshare:auto (a mismatched archive is silently ignored): check once that this JVM maps it.
java -XX:SharedArchiveFile="$archive" -Xshare:on -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" --version >/dev/null 2>&1 \
  || die "the JVM refuses $archive with -Xshare:on (stale or built by another JDK): rebuild it"

work=$(mktemp -d -t sth-coldstart.XXXXXX)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
log() { echo "[coldstart] $*" >&2; }

# --- set-up: one untimed demo run gives a config (dry-run) and a finished run directory (status) ---------------
log "set-up: one untimed demo run"
timeout 600 bin/sth-bench-automation demo --dir "$work/setup" >"$work/setup.out" 2>"$work/setup.err" \
  || { tail -n 20 "$work/setup.out" "$work/setup.err" >&2; die "the set-up demo run failed"; }
demo_toml="$work/setup/demo.toml"
run_dir=$(sed -n 's/^Run directory: //p' "$work/setup.out" | tail -1)
[ -f "$demo_toml" ] || die "the set-up demo wrote no $demo_toml"
[ -f "$run_dir/status.json" ] || die "the set-up demo printed no run directory with a status.json"

argv_of() { # verb rep variant -> the launcher's arguments, NUL-separated
  case $1 in
    version) printf '%s\0' --version ;;
    status) printf '%s\0' status --run-dir "$run_dir" ;;
    dry-run) printf '%s\0' run --config "$demo_toml" --host demo-local --benchmarks system-info --dry-run ;;
    demo) printf '%s\0' demo --dir "$work/demo-$3-$2" ;;
  esac
}
bound_of() { case $1 in demo) echo 600 ;; *) echo 120 ;; esac; }

results="$work/results.jsonl"
: >"$results"
machine=$(jq -n -c --arg nproc "$(nproc)" --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
  --arg kernel "$(uname -srm)" --arg java "$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
  --arg mem "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" --arg os "$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg jsa "$(stat -c %s "$archive")" \
  '{nproc: ($nproc | tonumber), cpu_model: $cpu, kernel: $kernel, os: $os, mem_total_kib: ($mem | tonumber), java: $java,
    archive_bytes: ($jsa | tonumber), loadavg_at_start: $load}')
log "machine: $machine"

for ((rep = 1; rep <= REPS; rep++)); do
  for v in "${verbs[@]}"; do
    # alternate which variant goes first, so neither always runs right after the other's page-cache warm-up
    if ((rep % 2)); then variants=(cds no-cds); else variants=(no-cds cds); fi
    for variant in "${variants[@]}"; do
      mapfile -d '' -t args < <(argv_of "$v" "$rep" "$variant")
      env_args=()
      [ "$variant" = no-cds ] && env_args=(STH_NO_CDS=1)
      rc=0
      t0=$(now_ns)
      env "${env_args[@]}" timeout "$(bound_of "$v")" /usr/bin/time -f %M -o "$work/rss" bin/sth-bench-automation "${args[@]}" \
        >"$work/out" 2>"$work/err" || rc=$?
      t1=$(now_ns)
      rss=$(grep -E '^[0-9]+$' "$work/rss" 2>/dev/null | tail -1 || true)
      [ "$rc" = 0 ] || { log "$v ($variant) exited $rc:"; tail -n 5 "$work/out" "$work/err" >&2; }
      err_tail=""
      [ "$rc" = 0 ] || err_tail=$(tail -n 3 "$work/err" | cut -c1-600)
      line=$(jq -n -c --arg verb "$v" --arg variant "$variant" --argjson rep "$rep" --argjson rc "$rc" --arg wall "$(secs "$t0" "$t1")" \
        --arg rss "${rss:-}" --arg load "$(cut -d' ' -f1 /proc/loadavg)" --arg err "$err_tail" \
        '{verb: $verb, variant: $variant, rep: $rep, exit_code: $rc, ok: ($rc == 0), wall_s: ($wall | tonumber),
          peak_rss_kib: (if $rss == "" then null else ($rss | tonumber) end), loadavg_1m: ($load | tonumber)}
         + (if $err == "" then {} else {stderr_tail: $err} end)')
      echo "$line" | tee -a "$results"
      [ "$v" = demo ] && rm -rf "$work/demo-$variant-$rep"
    done
  done
done

mkdir -p "$(dirname "$OUT")"
cmdline=$(printf '%q ' env REPS="$REPS" VERBS="$VERBS" scripts/bench/coldstart.sh)
jq -s --argjson machine "$machine" --arg cmd "${cmdline% }" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
                     else ((.[length / 2 - 1] + .[length / 2]) / 2 * 1000 | round) / 1000 end;
  . as $all
  | {command: $cmd, date: $date, machine: $machine, loadavg_at_end: $load_end, measurements: $all,
     summary: ($all | group_by(.verb) | map(
       (map(select(.variant == "cds" and .ok)) | map(.wall_s)) as $c
       | (map(select(.variant == "no-cds" and .ok)) | map(.wall_s)) as $n
       | {verb: .[0].verb, ok_runs: (map(select(.ok)) | length), runs: length,
          cds_median_s: ($c | median), cds_min_s: ($c | min), cds_max_s: ($c | max),
          no_cds_median_s: ($n | median), no_cds_min_s: ($n | min), no_cds_max_s: ($n | max),
          cds_over_no_cds: (if ($c | median) != null and ($n | median) != null and ($n | median) > 0
                            then (($c | median) / ($n | median) * 1000 | round / 1000) else null end),
          cds_peak_rss_mib_median: (map(select(.variant == "cds" and .peak_rss_kib != null)) | map(.peak_rss_kib) | median
                                    | if . == null then null else (. / 1024 | round) end),
          no_cds_peak_rss_mib_median: (map(select(.variant == "no-cds" and .peak_rss_kib != null)) | map(.peak_rss_kib) | median
                                       | if . == null then null else (. / 1024 | round) end),
          loadavg_1m_range: [(map(.loadavg_1m) | min), (map(.loadavg_1m) | max)]}))}' "$results" >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo
jq -r '(["verb", "cds median s", "no-cds median s", "cds / no-cds", "cds min-max s", "no-cds min-max s", "RSS MiB cds/no-cds", "ok", "load 1m"] | @tsv),
  (.summary[] | [.verb, .cds_median_s, .no_cds_median_s, .cds_over_no_cds, "\(.cds_min_s)-\(.cds_max_s)", "\(.no_cds_min_s)-\(.no_cds_max_s)",
     "\(.cds_peak_rss_mib_median)/\(.no_cds_peak_rss_mib_median)", "\(.ok_runs)/\(.runs)", "\(.loadavg_1m_range[0])-\(.loadavg_1m_range[1])"] | @tsv)' \
  "$OUT" | column -t -s $'\t'
echo "written: $OUT"
if jq -e '[.measurements[] | select(.ok | not)] | length > 0' "$OUT" >/dev/null; then
  log "some measurements failed (exit_code != 0 above): their walls are left out of the medians"
  exit 1
fi
