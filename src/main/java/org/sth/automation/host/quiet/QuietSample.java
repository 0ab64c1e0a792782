package org.sth.automation.host.quiet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sth.automation.io.Json;

/**
 * One reading of what disturbs a measurement on a host, parsed from {@link QuietProbe}'s output: CPU used by processes
 * the run did not start (with the top offenders by name) and by the run's own, load, memory and its pressure, frequency
 * governors, boost, current versus maximum frequency, thermal throttle counters, other users' sessions. A fact the host
 * could not give is absent and named in {@link #unknown} with the reason, never zero.
 *
 * @param moment            {@code before}, {@code during}, {@code after} the step, or {@code wait} (a wait for a quiet host)
 * @param at                when the controller took it
 * @param windowSecs        the window the CPU use was asked to be measured over (a loaded host takes longer: the CPU use is
 *                          divided by the CPU time that really passed, from {@code /proc/stat})
 * @param cpus              CPUs the kernel lists in {@code /proc/stat}
 * @param load              1, 5 and 15 minute load averages; empty when unknown
 * @param hostBusyPercent   share of all CPUs' time that was busy in the window; null when unknown
 * @param foreignCpuPercent CPU used by processes this run did not start, in % of one CPU; null when unknown
 * @param runCpuPercent     CPU used by the run's own processes, in % of one CPU; null when unknown
 * @param offenders         the busiest processes this run did not start, busiest first
 * @param runProcesses      the run's busy processes, with the CPU affinity the kernel gives them (read back)
 * @param memTotalKib       {@code MemTotal}; null when unknown
 * @param memAvailableKib   {@code MemAvailable}; null when unknown
 * @param memoryPressure    PSI {@code /proc/pressure/memory} "some" avg10 (%); null when unknown
 * @param cpuPressure       PSI {@code /proc/pressure/cpu} "some" avg10 (%), for context; null when unknown
 * @param governors         frequency governor to the number of CPUs using it; empty when unknown
 * @param frequencies       per CPU: current, hardware maximum and allowed maximum frequency (kHz); empty when unknown
 * @param boost             whether boost (turbo) is on; null when unknown
 * @param throttleCore      sum of the CPUs' {@code core_throttle_count}; null when unknown
 * @param throttlePackage   sum of the CPUs' {@code package_throttle_count}; null when unknown
 * @param loginUser         the account the probe ran as
 * @param sessions          logged-in sessions ({@code user tty}); null when unknown
 * @param unknown           probe name to the reason it could not be read
 */
public record QuietSample(String moment, Instant at, double windowSecs, int cpus, List<Double> load, Double hostBusyPercent,
        Double foreignCpuPercent, Double runCpuPercent, List<Proc> offenders, List<Proc> runProcesses, Long memTotalKib,
        Long memAvailableKib, Double memoryPressure, Double cpuPressure, Map<String, Integer> governors, List<Frequency> frequencies,
        Boolean boost, Long throttleCore, Long throttlePackage, String loginUser, List<String> sessions, Map<String, String> unknown) {

    /** Who started a busy process, as far as the host lets the probe see. */
    public enum Origin {
        /** Carries the {@code STH_CMD_ID} of one of this run's commands. */
        RUN,
        /** Carries the {@code STH_CMD_ID} of a command of another run (or one this run no longer knows). */
        OTHER_STH_COMMAND,
        /** Carries no {@code STH_CMD_ID} the probe could read (another user's, a daemon, a kernel thread). */
        NOT_THIS_RUN
    }

    /** One busy process: its name ({@code comm}, never its command line: that may hold another user's secrets). */
    public record Proc(int pid, String name, double cpuPercent, boolean sameUser, Origin origin, String affinity) {
    }

    /** One CPU's frequencies (kHz); a value the host did not give is null. */
    public record Frequency(int cpu, String governor, Long current, Long hardwareMax, Long allowedMax) {

        /** Whether the allowed maximum is set below what the hardware can do (a cap). */
        public boolean capped() {
            return allowedMax != null && hardwareMax != null && allowedMax < hardwareMax;
        }
    }

    public QuietSample {
        load = List.copyOf(load);
        offenders = List.copyOf(offenders);
        runProcesses = List.copyOf(runProcesses);
        governors = Map.copyOf(governors);
        frequencies = List.copyOf(frequencies);
        sessions = sessions == null ? null : List.copyOf(sessions);
        unknown = Map.copyOf(unknown);
    }

    /** A sample that could not be taken at all (the host did not answer in time, the probe failed): everything unknown. */
    public static QuietSample unavailable(String moment, Instant at, String reason) {
        return new QuietSample(moment, at, 0, 0, List.of(), null, null, null, List.of(), List.of(), null, null, null, null, Map.of(),
                List.of(), null, null, null, null, null, Map.of("probe", reason));
    }

    /** Available memory in % of the total; null when unknown. */
    public Double availableMemoryPercent() {
        return memTotalKib == null || memAvailableKib == null || memTotalKib <= 0 ? null : 100.0 * memAvailableKib / memTotalKib;
    }

    /** Sessions of accounts other than the one the probe ran as; null when unknown. */
    public List<String> otherUsersSessions() {
        if (sessions == null) {
            return null;
        }
        return sessions.stream().filter(s -> loginUser == null || !s.split(" ", 2)[0].equals(loginUser)).toList();
    }

    /**
     * Parses the probe's output; {@code runTokens} are the {@code STH_CMD_ID}s of this run's commands (the probe's own
     * processes are left out), {@code top} how many offenders to keep.
     */
    public static QuietSample parse(String output, String moment, Instant at, double windowSecs, Set<String> runTokens, int top) {
        Parser p = new Parser(runTokens);
        output.lines().forEach(p::line);
        return p.sample(moment, at, windowSecs, top);
    }

    /** The sample as one line of {@code quiet_host.jsonl} (without its verdict, which {@link QuietVerdict} adds). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("moment", moment);
        o.put("at", at.toString());
        o.put("window_secs", windowSecs);
        o.put("cpus", cpus);
        load.forEach(o.putArray("load")::add);
        o.put("host_busy_percent", round(hostBusyPercent));
        o.put("foreign_cpu_percent", round(foreignCpuPercent));
        o.put("run_cpu_percent", round(runCpuPercent));
        var off = o.putArray("offenders");
        offenders.forEach(p -> proc(off.addObject(), p));
        var run = o.putArray("run_processes");
        runProcesses.forEach(p -> proc(run.addObject(), p));
        ObjectNode mem = o.putObject("memory");
        mem.put("total_kib", memTotalKib);
        mem.put("available_kib", memAvailableKib);
        mem.put("available_percent", round(availableMemoryPercent()));
        mem.put("pressure_some_avg10", memoryPressure);
        o.put("cpu_pressure_some_avg10", cpuPressure);
        ObjectNode gov = o.putObject("governors");
        new TreeMap<>(governors).forEach(gov::put);
        ObjectNode freq = o.putObject("frequency");
        freq.put("cpus", frequencies.size());
        freq.put("current_to_max_min", round(ratio(true)));
        freq.put("current_to_max_max", round(ratio(false)));
        frequencies.stream().filter(Frequency::capped)
                .forEach(f -> freq.withArray("capped").add("cpu" + f.cpu() + " " + f.allowedMax() / 1000 + " of " + f.hardwareMax() / 1000 + " MHz"));
        o.put("boost", boost);
        ObjectNode thermal = o.putObject("thermal");
        thermal.put("core_throttle_count", throttleCore);
        thermal.put("package_throttle_count", throttlePackage);
        o.put("login_user", loginUser);
        if (sessions == null) {
            o.putNull("sessions");
        } else {
            sessions.forEach(o.putArray("sessions")::add);
        }
        ObjectNode u = o.putObject("unknown");
        new TreeMap<>(unknown).forEach(u::put);
        return o;
    }

    private Double ratio(boolean min) {
        return frequencies.stream().filter(f -> f.current() != null && f.hardwareMax() != null && f.hardwareMax() > 0)
                .map(f -> (double) f.current() / f.hardwareMax()).reduce(min ? Math::min : Math::max).orElse(null);
    }

    private static void proc(ObjectNode o, Proc p) {
        o.put("name", p.name());
        o.put("pid", p.pid());
        o.put("cpu_percent", round(p.cpuPercent()));
        o.put("user", p.sameUser() ? "same" : "other");
        if (p.origin() == Origin.OTHER_STH_COMMAND) {
            o.put("sth_command_of_another_run", true);
        }
        if (p.affinity() != null) {
            o.put("affinity", p.affinity());
        }
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 10.0) / 10.0;
    }

    /** Reads the probe's tagged lines (see {@code quiet-probe.sh}). */
    private static final class Parser {
        private final Set<String> runTokens;
        private final Map<String, String> unknown = new LinkedHashMap<>();
        private final List<long[]> cpuLines = new ArrayList<>();
        private final List<String[]> busy = new ArrayList<>();
        private final Map<Integer, String> affinity = new LinkedHashMap<>();
        private final Map<String, Integer> governors = new TreeMap<>();
        private final List<Frequency> frequencies = new ArrayList<>();
        private final List<Double> load = new ArrayList<>();
        private String selfToken;
        private String user;
        private long tick = 100;
        private int cpus;
        private Long memTotal;
        private Long memAvailable;
        private Double memPressure;
        private Double cpuPressure;
        private Boolean boost;
        private Long throttleCore;
        private Long throttlePackage;
        private List<String> sessions;
        private boolean sessionsDone;

        Parser(Set<String> runTokens) {
            this.runTokens = runTokens;
        }

        void line(String line) {
            String[] w = line.split(" ", -1);
            try {
                switch (w[0]) {
                    case "I" -> {
                        if (w.length > 2 && w[1].equals("token")) {
                            selfToken = w[2];
                        } else if (w.length > 2 && w[1].equals("user")) {
                            user = w[2];
                        }
                    }
                    case "T" -> tick = Math.max(1, Long.parseLong(w[1]));
                    case "L" -> {
                        for (int i = 1; i <= 3 && i < w.length; i++) {
                            load.add(Double.parseDouble(w[i]));
                        }
                    }
                    case "N" -> cpus = Integer.parseInt(w[1]);
                    case "S" -> cpuLines.add(java.util.Arrays.stream(w).skip(1).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray());
                    case "R" -> busy.add(line.split(" ", 6));
                    case "A" -> affinity.put(Integer.parseInt(w[1]), w.length > 3 ? w[3] : null);
                    case "M" -> {
                        long kib = Long.parseLong(w[2]);
                        if (w[1].equals("MemTotal")) {
                            memTotal = kib;
                        } else if (w[1].equals("MemAvailable")) {
                            memAvailable = kib;
                        }
                    }
                    case "P" -> {
                        Double avg10 = w.length > 3 && w[2].equals("some") && w[3].startsWith("avg10=") ? Double.parseDouble(w[3].substring(6)) : null;
                        if (w[1].equals("memory")) {
                            memPressure = avg10;
                        } else if (w[1].equals("cpu")) {
                            cpuPressure = avg10;
                        }
                    }
                    case "F" -> {
                        Frequency f = new Frequency(Integer.parseInt(w[1]), dash(w[2]), kHz(w[3]), kHz(w[4]), kHz(w[5]));
                        frequencies.add(f);
                        if (f.governor() != null) {
                            governors.merge(f.governor(), 1, Integer::sum);
                        }
                    }
                    case "B" -> boost = w[1].equals("no_turbo") ? w[2].equals("0") : w[2].equals("1");
                    case "H" -> {
                        throttleCore = Long.parseLong(w[1]);
                        throttlePackage = Long.parseLong(w[2]);
                    }
                    case "E" -> {
                        if (sessions == null) {
                            sessions = new ArrayList<>();
                        }
                        if (w.length > 2) {
                            sessions.add(w[1] + " " + w[2]);
                        }
                    }
                    case "E." -> sessionsDone = true;
                    case "U" -> unknown.put(w[1], line.split(" ", 3).length > 2 ? line.split(" ", 3)[2] : "not readable");
                    default -> {
                        // a line of a newer probe: ignored
                    }
                }
            } catch (RuntimeException e) {
                unknown.putIfAbsent("line", "unreadable probe line '" + line + "'");
            }
        }

        QuietSample sample(String moment, Instant at, double windowSecs, int top) {
            Double hostBusy = null;
            // a loaded host sleeps longer than asked: the CPU time that passed is the measure, not the nominal window
            double ticks = Math.max(0.01, windowSecs) * tick;
            if (cpuLines.size() == 2 && cpuLines.get(0).length >= 4 && cpuLines.get(1).length >= 4) {
                long total = 0;
                long idle = 0;
                for (int i = 0; i < cpuLines.get(0).length && i < cpuLines.get(1).length; i++) {
                    long d = cpuLines.get(1)[i] - cpuLines.get(0)[i];
                    total += d;
                    if (i == 3 || i == 4) {
                        idle += d;
                    }
                }
                hostBusy = total <= 0 ? null : 100.0 * (total - idle) / total;
                if (total > 0 && cpus > 0) {
                    ticks = Math.max(ticks, (double) total / cpus);
                }
            } else {
                unknown.putIfAbsent("cpu", "the probe printed no CPU reading (/proc/stat)");
            }
            List<Proc> foreign = new ArrayList<>();
            List<Proc> run = new ArrayList<>();
            Double foreignSum = null;
            Double runSum = null;
            if (cpuLines.size() == 2) {
                foreignSum = 0.0;
                runSum = 0.0;
                for (String[] r : busy) {
                    if (r.length < 6) {
                        continue;
                    }
                    String token = r[4];
                    if (token.equals(selfToken)) {
                        continue;
                    }
                    int pid = Integer.parseInt(r[1]);
                    double percent = 100.0 * Long.parseLong(r[2]) / ticks;
                    Origin origin = token.equals("-") ? Origin.NOT_THIS_RUN : runTokens.contains(token) ? Origin.RUN : Origin.OTHER_STH_COMMAND;
                    Proc p = new Proc(pid, r[5], percent, r[3].equals("self"), origin, affinity.get(pid));
                    if (origin == Origin.RUN) {
                        run.add(p);
                        runSum += percent;
                    } else {
                        foreign.add(p);
                        foreignSum += percent;
                    }
                }
            }
            foreign.sort(Comparator.comparingDouble(Proc::cpuPercent).reversed());
            run.sort(Comparator.comparingDouble(Proc::cpuPercent).reversed());
            if (memTotal == null || memAvailable == null) {
                unknown.putIfAbsent("memory", "/proc/meminfo gave no MemTotal or MemAvailable");
            }
            if (sessions != null && !sessionsDone) {
                unknown.putIfAbsent("sessions", "who's list was cut short");
                sessions = null;
            } else if (sessions == null && sessionsDone) {
                sessions = List.of();
            }
            return new QuietSample(moment, at, windowSecs, cpus, load, hostBusy, foreignSum, runSum,
                    foreign.subList(0, Math.min(top, foreign.size())), run, memTotal, memAvailable, memPressure, cpuPressure, governors,
                    frequencies, boost, throttleCore, throttlePackage, user, sessions, unknown);
        }

        private static String dash(String s) {
            return s == null || s.equals("-") || s.isEmpty() ? null : s;
        }

        private static Long kHz(String s) {
            String v = dash(s);
            return v == null || !v.chars().allMatch(Character::isDigit) ? null : Long.parseLong(v);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s sample at %s: foreign CPU %s%%", moment, at, foreignCpuPercent);
    }
}
