# Turns campaign.sh's JSON lines (slurped) into the OUT document: every measurement, a summary per
# N and contender (median/min/max of the ok repetitions, ratios), and the goal ratios.
# Args: --arg cmd, --arg date, --arg lbl, --argjson bench_s, --arg load_end, --argjson partial.

def median: sort | if length == 0 then null
  elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r3: if . == null then null else (. * 1000 | round) / 1000 end;
def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else ($a / $b * 100 | round) / 100 end;
def name($c): $c + (if $lbl == "" then "" else "-" + $lbl end);
def mib: if . == null then null else (. / 1024 * 10 | round) / 10 end;

. as $lines
| [.[] | select(.measurement == "run")] as $runs
| ([$runs[].n] | unique) as $ns
| ($ns | max) as $nmax
| (reduce $ns[] as $n ({}; .[$n | tostring] = (
      [$runs[] | select(.n == $n)] | group_by(.contender)
      | map(. as $g | [$g[] | select(.ok) | .wall_s] as $w | {
          key: $g[0].contender,
          value: {
            reps: ($g | length), ok: ($w | length),
            median_s: ($w | median | r3), min_s: ($w | min), max_s: ($w | max),
            peak_rss_mib: ([$g[] | (.peak_rss_kib // .largest_process_rss_kib)] | map(select(. != null)) | max | mib),
            rss_kind: (if $g[0].peak_rss_kib != null then "controller JVM"
                       elif $g[0].largest_process_rss_kib != null then "largest single process" else null end),
            # where the engine's time went (medians over the ok repetitions)
            engine: (if $g[0].facts then {
              first_run_created_s: ([$g[] | select(.ok) | .facts.first_run_created_s] | median),
              first_remote_command_s: ([$g[] | select(.ok) | .facts.first_remote_command_s] | median),
              connect_s_median: ([$g[] | select(.ok) | .facts.connect_s_median] | median),
              max_hosts_in_execute_at_once: ([$g[] | .facts.max_hosts_in_execute_at_once] | max),
              remote_command_sum_s: ([$g[] | select(.ok) | .facts.remote_command_sum_s] | median),
              phase_sum_s: ([$g[] | select(.ok) | .facts.phase_sum_s] | if length == 0 then null else
                (.[0] | keys) as $k | reduce $k[] as $p ({}; .[$p] = ([$g[] | select(.ok) | .facts.phase_sum_s[$p]] | median | r3)) end),
              states: ([$g[] | .facts.states | to_entries[]] | group_by(.key) | map({key: .[0].key, value: (map(.value) | add)}) | from_entries)
            } else null end)
          }})
      | from_entries
      | . as $s
      | with_entries(.value += {
          over_ssh_parallel: ratio(.value.median_s; $s[name("ssh-parallel")].median_s),
          over_controlmaster: ratio(.value.median_s; $s[name("ssh-controlmaster")].median_s),
          over_ansible: ratio(.value.median_s; $s[name("ansible")].median_s)
        })
    ))) as $summary
| ($summary[$nmax | tostring]) as $top
| (if $nmax > 1 then $summary["1"] else null end) as $one
| def growth($c): if $one == null or $one[name($c)] == null or $top[name($c)] == null then null
    else ($top[name($c)].median_s - $one[name($c)].median_s | r3) end;
  {
    schema: "sth-campaign-bench/1",
    date: $date,
    command: $cmd,
    benchmarks: ($runs[0].benchmarks // null),
    label: $lbl,
    machine: ([$lines[] | select(.measurement == "machine") | .facts][0] + {loadavg_at_end: $load_end}),
    lab: ([$lines[] | select(.lab)][0]),
    replay_script: ([$lines[] | select(.measurement == "replay_script")][0]),
    warmups: [$lines[] | select(.measurement == "warmup")],
    bench_seconds: $bench_s,
    partial: $partial,
    n_max: $nmax,
    summary: $summary,
    goals: ({
      n: $nmax,
      cold_run_over_ssh_parallel: {value: $top[name("engine-cold")].over_ssh_parallel, goal: "<= 1.0"},
      cold_run_over_ansible: {value: $top[name("engine-cold")].over_ansible, goal: "<= 0.5"},
      warm_serve_over_controlmaster: {value: $top[name("engine-serve-warm")].over_controlmaster, goal: "<= 1.25"},
      growth_1_to_nmax: (if $one == null then null else {
        engine_cold_s: growth("engine-cold"), engine_serve_warm_s: growth("engine-serve-warm"),
        floor_s: growth("ssh-controlmaster"),
        floor_plus_20pct_s: (if growth("ssh-controlmaster") == null then null else growth("ssh-controlmaster") * 1.2 | r3 end),
        goal: "engine growth < floor growth * 1.2"
      } end),
      cold_run_peak_rss_mib: {value: $top[name("engine-cold")].peak_rss_mib, goal: "< 512"},
      serve_peak_rss_mib: {value: $top[name("engine-serve-warm")].peak_rss_mib, goal: "< 512 (VmHWM of the daemon, whole invocation)"}
    }
    | .met = {
        cold_run_over_ssh_parallel: (if .cold_run_over_ssh_parallel.value == null then null else .cold_run_over_ssh_parallel.value <= 1.0 end),
        cold_run_over_ansible: (if .cold_run_over_ansible.value == null then null else .cold_run_over_ansible.value <= 0.5 end),
        warm_serve_over_controlmaster: (if .warm_serve_over_controlmaster.value == null then null else .warm_serve_over_controlmaster.value <= 1.25 end),
        growth_cold: (if .growth_1_to_nmax == null or .growth_1_to_nmax.engine_cold_s == null or .growth_1_to_nmax.floor_s == null then null
          else .growth_1_to_nmax.engine_cold_s < .growth_1_to_nmax.floor_plus_20pct_s end),
        growth_serve: (if .growth_1_to_nmax == null or .growth_1_to_nmax.engine_serve_warm_s == null or .growth_1_to_nmax.floor_s == null then null
          else .growth_1_to_nmax.engine_serve_warm_s < .growth_1_to_nmax.floor_plus_20pct_s end),
        cold_run_peak_rss: (if .cold_run_peak_rss_mib.value == null then null else .cold_run_peak_rss_mib.value < 512 end),
        serve_peak_rss: (if .serve_peak_rss_mib.value == null then null else .serve_peak_rss_mib.value < 512 end)
      }),
    measurements: $runs
  }
