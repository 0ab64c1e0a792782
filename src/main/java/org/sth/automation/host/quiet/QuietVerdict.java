package org.sth.automation.host.quiet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sth.automation.io.Json;

/**
 * Whether a host was quiet around a step, from its samples and the thresholds: {@code noisy} when any check failed in
 * any sample (the reasons say which, when, and name the offenders), else {@code unknown} when a check could not be
 * made in any sample (the host lacks the probe: never counted as quiet), else {@code quiet}.
 *
 * @param state   {@link #QUIET}, {@link #NOISY} or {@link #UNKNOWN}
 * @param reasons why it is noisy, one per moment and check
 * @param unknown check to the reason it could not be made
 */
public record QuietVerdict(String state, List<String> reasons, Map<String, String> unknown) {

    public static final String QUIET = "quiet";
    public static final String NOISY = "noisy";
    public static final String UNKNOWN = "unknown";

    public QuietVerdict {
        reasons = List.copyOf(reasons);
        unknown = Map.copyOf(unknown);
    }

    public boolean noisy() {
        return NOISY.equals(state);
    }

    /** The verdict of one sample. */
    public static QuietVerdict of(QuietSample sample, QuietThresholds t) {
        return of(List.of(sample), t);
    }

    /** The verdict over every sample of a step, in the order they were taken. */
    public static QuietVerdict of(List<QuietSample> samples, QuietThresholds t) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, String> unknown = new LinkedHashMap<>();
        for (String check : QuietThresholds.CHECKS) {
            if (!t.checks(check)) {
                continue;
            }
            boolean known = false;
            String why = null;
            for (QuietSample s : samples) {
                if (!known(check, s)) {
                    why = why != null ? why : s.unknown().getOrDefault(probeOf(check), s.unknown().getOrDefault("probe", "not read"));
                    continue;
                }
                known = true;
                String reason = noisy(check, s, t);
                if (reason != null) {
                    found.computeIfAbsent(s.moment() + " " + check, k -> new ArrayList<>()).add(reason);
                }
            }
            if (!known) {
                unknown.put(check, why == null ? "no sample was taken" : why);
            }
        }
        List<String> reasons = new ArrayList<>();
        Map<String, Long> perMoment = samples.stream().collect(Collectors.groupingBy(QuietSample::moment, Collectors.counting()));
        found.forEach((key, list) -> {
            String moment = key.substring(0, key.indexOf(' '));
            long of = perMoment.getOrDefault(moment, 1L);
            reasons.add(moment + (of > 1 ? " (" + list.size() + " of " + of + " samples)" : "") + ": " + list.get(0));
        });
        if (t.checks("thermal")) {
            throttled(samples).ifPresent(reasons::add);
        }
        String state = !reasons.isEmpty() ? NOISY : !unknown.isEmpty() ? UNKNOWN : QUIET;
        return new QuietVerdict(state, reasons, unknown);
    }

    /** The verdict as JSON: {@code verdict}, {@code reasons}, {@code unknown}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("verdict", state);
        reasons.forEach(o.putArray("reasons")::add);
        ObjectNode u = o.putObject("unknown");
        unknown.forEach(u::put);
        return o;
    }

    private static boolean known(String check, QuietSample s) {
        return switch (check) {
            case "cpu" -> s.foreignCpuPercent() != null;
            case "memory" -> s.availableMemoryPercent() != null;
            case "memory_pressure" -> s.memoryPressure() != null;
            case "governor" -> !s.governors().isEmpty();
            case "boost" -> s.boost() != null;
            case "frequency" -> s.frequencies().stream().anyMatch(f -> f.hardwareMax() != null && f.allowedMax() != null);
            case "thermal" -> s.throttleCore() != null;
            case "sessions" -> s.sessions() != null;
            default -> throw new IllegalArgumentException("unknown check " + check);
        };
    }

    /** The probe line that tells why a check's fact is missing. */
    private static String probeOf(String check) {
        return switch (check) {
            case "memory_pressure" -> "pressure_memory";
            case "governor", "frequency" -> "frequency";
            default -> check;
        };
    }

    private static String noisy(String check, QuietSample s, QuietThresholds t) {
        switch (check) {
            case "cpu":
                if (s.foreignCpuPercent() > t.maxForeignCpu()) {
                    return String.format(Locale.ROOT, "processes this run did not start used %.1f%% of a CPU (limit %s%%): %s",
                            s.foreignCpuPercent(), num(t.maxForeignCpu()), s.offenders().stream()
                                    .map(p -> String.format(Locale.ROOT, "%s (pid %d) %.1f%%", p.name(), p.pid(), p.cpuPercent()))
                                    .collect(Collectors.joining(", ")));
                }
                return null;
            case "memory":
                return s.availableMemoryPercent() < t.minAvailableMemory() ? String.format(Locale.ROOT,
                        "only %.1f%% of memory available (MemAvailable; limit %s%%)", s.availableMemoryPercent(), num(t.minAvailableMemory())) : null;
            case "memory_pressure":
                return s.memoryPressure() > t.maxMemoryPressure() ? String.format(Locale.ROOT,
                        "memory pressure %.1f%% (PSI some avg10; limit %s%%)", s.memoryPressure(), num(t.maxMemoryPressure())) : null;
            case "governor":
                Map<String, Integer> other = s.governors().entrySet().stream().filter(e -> !t.governors().contains(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
                return other.isEmpty() ? null : "frequency governor " + other.entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()
                        + " CPU" + (e.getValue() == 1 ? "" : "s")).collect(Collectors.joining(", ")) + " (quiet: " + String.join(", ", t.governors()) + ")";
            case "boost":
                boolean want = t.boost().equals("on");
                return s.boost() == want ? null : "boost is " + (s.boost() ? "on" : "off") + " (quiet: " + t.boost() + ")";
            case "frequency":
                List<String> capped = s.frequencies().stream().filter(QuietSample.Frequency::capped)
                        .map(f -> "cpu" + f.cpu() + " " + f.allowedMax() / 1000 + " of " + f.hardwareMax() / 1000 + " MHz").toList();
                return capped.isEmpty() ? null : "maximum frequency capped on " + capped.size() + " CPU" + (capped.size() == 1 ? "" : "s") + ": "
                        + String.join(", ", capped.subList(0, Math.min(4, capped.size()))) + (capped.size() > 4 ? ", …" : "");
            case "sessions":
                List<String> others = s.otherUsersSessions();
                return others.size() > t.maxOtherSessions() ? others.size() + " session" + (others.size() == 1 ? "" : "s")
                        + " of other users (limit " + t.maxOtherSessions() + "): " + String.join(", ", others) : null;
            default:
                return null;
        }
    }

    /** A throttle counter that rose between the first and the last sample that read it. */
    private static java.util.Optional<String> throttled(List<QuietSample> samples) {
        List<QuietSample> read = samples.stream().filter(s -> s.throttleCore() != null).toList();
        if (read.size() < 2) {
            return java.util.Optional.empty();
        }
        QuietSample first = read.get(0);
        QuietSample last = read.get(read.size() - 1);
        Function<QuietSample, Long> pkg = s -> s.throttlePackage() == null ? 0 : s.throttlePackage();
        long core = last.throttleCore() - first.throttleCore();
        long pack = pkg.apply(last) - pkg.apply(first);
        return core > 0 || pack > 0 ? java.util.Optional.of("the CPUs were thermally throttled between " + first.moment() + " and "
                + last.moment() + ": core_throttle_count +" + core + ", package_throttle_count +" + pack) : java.util.Optional.empty();
    }

    private static String num(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
