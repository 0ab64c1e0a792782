package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.io.Json;
import org.sth.automation.transport.CommandResult;

/**
 * The remote script of one run family, and how its report is read. Every agent starts pinned with {@code taskset -c}
 * (or {@code numactl --physcpubind} where only numactl exists) into a shell that stops itself before it {@code exec}s
 * the benchmark: while it is stopped the script reads the affinity the kernel gave that process
 * ({@code /proc/<pid>/status} {@code Cpus_allowed_list}), then releases all agents at once and reads it again while
 * they run. The same PID becomes the benchmark, so what is read is what the agent runs with.
 */
final class FamilyScript {

    private FamilyScript() {
    }

    /** The script; {@code commandLine} is the run command with the profile's quoted arguments. */
    static String script(RunFamily f, String bundleDir, String familyOut, String commandLine) {
        int n = f.agents().size();
        StringBuilder s = new StringBuilder();
        s.append("cd ").append(sq(bundleDir)).append(" || { echo 'cannot enter the bundle dir' >&2; exit 97; }\n");
        s.append("F=").append(sq(familyOut)).append("; rm -rf -- \"$F\" && mkdir -p -- \"$F\" || exit 97\n");
        s.append("if command -v taskset >/dev/null 2>&1; then pin=taskset; elif command -v numactl >/dev/null 2>&1; then pin=numactl; ")
                .append("else echo 'neither taskset nor numactl is on the host: agents cannot be pinned' >&2; exit 98; fi\n");
        s.append("echo \"pin_tool $pin\"\n");
        s.append("run=").append(sq(commandLine)).append('\n');
        s.append("start() { d=\"$F/agent-$1\"; mkdir -p -- \"$d\"; export OUT=\"$d\" AGENT_INDEX=\"$1\" AGENT_CPUS=\"$2\" AGENT_COUNT=")
                .append(n).append(" FAMILY_ID=").append(sq(f.id())).append(" PROFILE=").append(sq(f.profile())).append("; ")
                .append("if [ \"$pin\" = taskset ]; then set -- taskset -c \"$2\"; else set -- numactl --physcpubind=\"$2\"; fi; ")
                .append("\"$@\" /bin/sh -c 'kill -STOP $$; eval \"exec $1\"' agent \"$run\" >\"$d/stdout.log\" 2>\"$d/stderr.log\" </dev/null & ")
                .append("pids=\"$pids $!\"; }\n");
        s.append("pids=\n");
        for (int i = 0; i < n; i++) {
            s.append("start ").append(i).append(' ').append(f.agents().get(i).format()).append('\n');
        }
        s.append("st() { sed -n 's/^State:[[:space:]]*\\([A-Za-z]\\).*/\\1/p' \"/proc/$1/status\" 2>/dev/null; }\n");
        s.append("aff() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' \"/proc/$1/status\" 2>/dev/null; }\n");
        // each agent is stopped before its exec: read the affinity it will run with
        s.append("i=0; for p in $pids; do k=0; while [ $k -lt 400 ]; do case \"$(st $p)\" in T|Z|X|'') break;; esac; sleep 0.05; ")
                .append("k=$((k+1)); done; a=$(aff $p); echo \"agent $i pid $p start_affinity ${a:-unreadable}\"; i=$((i+1)); done\n");
        s.append("for p in $pids; do kill -CONT $p 2>/dev/null; done\n");
        // and while the benchmark itself runs, until every agent has ended: the first reading and every change (an agent
        // that re-pins itself shows here)
        s.append("live=1; while [ $live = 1 ]; do live=0; i=0; for p in $pids; do case \"$(st $p)\" in Z|X|'') ;; *) live=1; ")
                .append("a=$(aff $p); eval \"o=\\${seen$i-}\"; if [ -n \"$a\" ] && [ \"$a\" != \"$o\" ]; then ")
                .append("echo \"agent $i running_affinity $a\"; eval \"seen$i=\\$a\"; fi;; esac; i=$((i+1)); done; ")
                .append("if [ $live = 1 ]; then sleep 0.5; fi; done\n");
        s.append("rc=0; i=0; for p in $pids; do wait $p; e=$?; echo \"agent $i exit $e\"; if [ $e -ne 0 ]; then rc=1; ")
                .append("echo \"agent $i exited $e; stderr tail:\" >&2; tail -c 400 \"$F/agent-$i/stderr.log\" >&2; fi; i=$((i+1)); done\n");
        s.append("exit $rc\n");
        return s.toString();
    }

    /** What the script reported about one family, checked against the plan. */
    record Report(String pinTool, List<Agent> agents, String mismatch) {

        /** One agent: planned CPUs, the affinity read while it was stopped and every one seen while it ran, its exit code. */
        record Agent(int index, CpuSet planned, String startAffinity, List<String> runningAffinities, Integer exitCode) {

            Agent {
                runningAffinities = List.copyOf(runningAffinities);
            }

            boolean affinityOk() {
                return matches(startAffinity) && runningAffinities.stream().allMatch(this::matches);
            }

            private boolean matches(String actual) {
                try {
                    return actual != null && CpuSet.parse(actual).equals(planned);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }

        ArrayNode toJson() {
            ArrayNode out = Json.array();
            for (Agent a : agents) {
                ObjectNode o = out.addObject();
                o.put("index", a.index());
                o.put("planned_cpus", a.planned().format());
                o.put("start_affinity", a.startAffinity());
                a.runningAffinities().forEach(o.putArray("running_affinities")::add);
                o.put("affinity_ok", a.affinityOk());
                o.put("exit_code", a.exitCode());
            }
            return out;
        }
    }

    static Report read(RunFamily f, CommandResult r) {
        String pin = null;
        Map<Integer, String> start = new HashMap<>();
        Map<Integer, List<String>> running = new HashMap<>();
        Map<Integer, Integer> exit = new HashMap<>();
        for (String line : r.stdoutText().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 2 && w[0].equals("pin_tool")) {
                pin = w[1];
            } else if (w.length >= 4 && w[0].equals("agent") && w[1].matches("\\d{1,5}")) {
                int i = Integer.parseInt(w[1]);
                switch (w[2]) {
                    case "pid" -> {
                        if (w.length >= 6 && w[4].equals("start_affinity") && !w[5].equals("unreadable")) {
                            start.put(i, w[5]);
                        }
                    }
                    case "running_affinity" -> running.computeIfAbsent(i, k -> new ArrayList<>()).add(w[3]);
                    case "exit" -> exit.put(i, w[3].matches("\\d{1,3}") ? Integer.valueOf(w[3]) : null);
                    default -> {
                    }
                }
            }
        }
        List<Report.Agent> agents = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < f.agents().size(); i++) {
            Report.Agent agent = new Report.Agent(i, f.agents().get(i), start.get(i), running.getOrDefault(i, List.of()), exit.get(i));
            agents.add(agent);
            if (!agent.affinityOk()) {
                List<String> seen = agent.runningAffinities().stream().filter(a -> !a.equals(agent.startAffinity())).toList();
                wrong.add("agent " + i + " planned " + agent.planned().format() + ", actual "
                        + (agent.startAffinity() == null ? "unreadable (the agent ended before it could be read)" : agent.startAffinity())
                        + (seen.isEmpty() ? "" : " (while running: " + String.join(", then ", seen) + ")"));
            }
        }
        return new Report(pin, agents, wrong.isEmpty() ? null : String.join("; ", wrong));
    }

    static String sq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
