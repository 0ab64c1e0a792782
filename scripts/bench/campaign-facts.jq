# Where an engine campaign's time went, from its run directories (used by scripts/bench/campaign.sh).
# Run as: jq -n -c --argjson t0 EPOCH_SECONDS -f campaign-facts.jq \
#           DIR1/status.json DIR1/events.jsonl DIR1/command_ledger.jsonl DIR1/transfer_ledger.jsonl DIR2/...
# t0 is when the measurement started (process start for `run`, request drop for `serve`).
# Prints one object; every *_s time is in seconds relative to t0, every *_sum_s a sum over hosts.

def epoch: if type == "string" and length >= 20
  then (.[0:19] + "Z" | fromdateiso8601) + ("0" + (.[19:-1] | if startswith(".") then . else "" end) | tonumber)
  else null end;
def r3: if . == null then null else (. * 1000 | round) / 1000 end;
def median: sort | if length == 0 then null
  elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
# [[start, end], ...] -> the largest number of intervals open at one instant
def max_overlap: [.[] | select(.[0] != null and .[1] != null) | ([.[0], 1], [.[1], -1])]
  | sort_by(.[0], .[1])
  | reduce .[] as $e ({c: 0, m: 0}; .c += $e[1] | .m = ([.m, .c] | max)) | .m;

[inputs | {dir: (input_filename | sub("/[^/]*$"; "")), file: (input_filename | sub("^.*/"; "")), v: .}]
| group_by(.dir)
| map({
    dir: .[0].dir,
    status: (map(select(.file == "status.json")) | .[0].v // {}),
    events: map(select(.file == "events.jsonl") | .v),
    commands: map(select(.file == "command_ledger.jsonl") | .v),
    transfers: map(select(.file == "transfer_ledger.jsonl") | .v)
  })
| map(. + {
    host: (.status.host // (.dir | sub("^.*/(?<h>[^/]+)/[^/]+$"; "\(.h)"))),
    state: (.status.state // "missing"),
    created: ([.events[] | select(.event == "run_created") | .ts | epoch] | min),
    finished: ([.events[] | select(.event == "run_finished") | .ts | epoch] | max),
    first_cmd: ([.commands[] | .started_at | epoch] | min),
    last_cmd: ([.commands[] | .ended_at | epoch] | max),
    discover_started: ([.events[] | select(.event == "step_started" and .phase == "discover") | .ts | epoch] | min),
    phases: ((.status.phases // {}) | with_entries(.value = (if .value.entered_at and .value.left_at
      then (.value.left_at | epoch) - (.value.entered_at | epoch) else null end))),
    execute_span: [(.status.phases.execute.entered_at // null | epoch), (.status.phases.execute.left_at // null | epoch)],
    # the controller (pid@host) that last entered execute, and how often each controller entered a phase
    execute_by: ([.events[] | select(.event == "phase_entered" and .phase == "execute") | .controller // "?"] | last),
    entered_by: [.events[] | select(.event == "phase_entered") | .controller // "?"]
  })
| . as $runs
| {
    hosts: length,
    states: (group_by(.state) | map({key: .[0].state, value: length}) | from_entries),
    all_completed: all(.state == "completed"),
    first_run_created_s: (([.[].created] | min) - $t0 | r3),
    first_remote_command_s: (([.[].first_cmd] | min) - $t0 | r3),
    last_remote_command_s: (([.[].last_cmd] | max) - $t0 | r3),
    last_run_finished_s: (([.[].finished] | max) - $t0 | r3),
    # discover step start -> that host's first remote command: the SSH connect through the jump
    connect_s_median: ([.[] | select(.first_cmd != null and .discover_started != null) | .first_cmd - .discover_started] | median | r3),
    phase_sum_s: ([.[].phases | to_entries[]] | group_by(.key)
      | map({key: .[0].key, value: (map(.value // 0) | add | r3)}) | from_entries),
    # 1 = the hosts ran one after another; N = all of them at once
    max_hosts_in_execute_at_once: ([.[].execute_span] | max_overlap),
    max_hosts_active_at_once: ([.[] | [.created, .finished]] | max_overlap),
    commands_per_host: ([.[] | .commands | length] | median),
    remote_command_sum_s: ([.[].commands[].duration_ms // 0] | add / 1000 | r3),
    failed_commands: ([.[].commands[] | select(.outcome != "ok")] | length),
    # several controllers (broker mode): how the hosts' execute phases and all phase entries were shared
    execute_by_controller: ([.[] | .execute_by // "?"] | group_by(.) | map({key: .[0], value: length}) | from_entries),
    phases_entered_by_controller: ([.[].entered_by[]] | group_by(.) | map({key: .[0], value: length}) | from_entries),
    transfers: {count: ([.[].transfers[]] | length),
                bytes: ([.[].transfers[].bytes // 0] | add // 0)}
  }
