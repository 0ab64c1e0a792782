# Human tables of campaign.sh's OUT document: one per N, then the goal ratios. Run with jq -r.

def f($w): (if . == null then "-" else tostring end) as $s
  | if ($s | length) >= $w then $s else ([range($w - ($s | length))] | map(" ") | add) + $s end;
def l($w): (if . == null then "-" else tostring end) as $s
  | if ($s | length) >= $w then $s else $s + ([range($w - ($s | length))] | map(" ") | add) end;
def yn: if . == null then "n/a" elif . then "met" else "MISSED" end;

(if .partial then "PARTIAL: the invocation stopped early; the tables hold the measurements made until then" else empty end),
(.summary | to_entries | sort_by(.key | tonumber)[] |
  "\nN=\(.key) (seconds, median of the ok repetitions; ratios of medians)",
  ("contender" | l(24)) + ("ok" | f(6)) + ("median" | f(9)) + ("min" | f(9)) + ("max" | f(9))
    + ("/ssh-par" | f(9)) + ("/cm" | f(8)) + ("/ansible" | f(9)) + ("RSS MiB" | f(9)),
  (.value | to_entries | sort_by(.value.median_s // 1e9)[] |
    (.key | l(24)) + ("\(.value.ok)/\(.value.reps)" | f(6)) + (.value.median_s | f(9)) + (.value.min_s | f(9))
      + (.value.max_s | f(9)) + (.value.over_ssh_parallel | f(9)) + (.value.over_controlmaster | f(8))
      + (.value.over_ansible | f(9)) + (.value.peak_rss_mib | f(9))
      + (if .value.rss_kind == "largest single process" then " (largest process)" else "" end)),
  (.value | to_entries[] | select(.value.engine != null) |
    "  \(.key): first run dir \(.value.engine.first_run_created_s) s, first remote command \(.value.engine.first_remote_command_s) s,"
    + " connect/host \(.value.engine.connect_s_median) s, hosts in execute at once \(.value.engine.max_hosts_in_execute_at_once),"
    + " remote command time (sum) \(.value.engine.remote_command_sum_s) s, phases (sum over hosts) \(.value.engine.phase_sum_s | tostring)")
),
"\ngoals at N=\(.goals.n):",
"  engine-cold / ssh-parallel      \(.goals.cold_run_over_ssh_parallel.value) (goal \(.goals.cold_run_over_ssh_parallel.goal)): \(.goals.met.cold_run_over_ssh_parallel | yn)",
"  engine-cold / ansible           \(.goals.cold_run_over_ansible.value) (goal \(.goals.cold_run_over_ansible.goal)): \(.goals.met.cold_run_over_ansible | yn)",
"  engine-serve-warm / controlmaster \(.goals.warm_serve_over_controlmaster.value) (goal \(.goals.warm_serve_over_controlmaster.goal)): \(.goals.met.warm_serve_over_controlmaster | yn)",
(if .goals.growth_1_to_nmax == null then "  growth: N=1 not measured" else
  "  growth N=1->\(.goals.n): engine-cold +\(.goals.growth_1_to_nmax.engine_cold_s) s, engine-serve-warm +\(.goals.growth_1_to_nmax.engine_serve_warm_s) s, floor +\(.goals.growth_1_to_nmax.floor_s) s (limit +\(.goals.growth_1_to_nmax.floor_plus_20pct_s) s): cold \(.goals.met.growth_cold | yn), serve \(.goals.met.growth_serve | yn)" end),
"  peak RSS: engine-cold \(.goals.cold_run_peak_rss_mib.value) MiB, serve \(.goals.serve_peak_rss_mib.value) MiB (goal < 512): cold \(.goals.met.cold_run_peak_rss | yn), serve \(.goals.met.serve_peak_rss | yn)"
