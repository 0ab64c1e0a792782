package org.sth.automation.adapter.geekbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Geekbench 3-6 CPU benchmark console capture (stdout+stderr, possibly wrapped by a script or cut short) into a
 * {@link GeekbenchResult}; it never throws on unexpected text, it reports what it could recognise.
 */
public final class GeekbenchOutputParser {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern HEADER = Pattern.compile(
            "Geekbench (\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:\\s+([A-Za-z][A-Za-z ]*?))?\\s*:\\s*https?://");
    private static final Pattern BANNER_MAJOR = Pattern.compile(
            "Geekbench (\\d+) (?:is in tryout mode|requires an active [Ii]nternet connection)");
    private static final Pattern BROWSER_URL = Pattern.compile(
            "https?://browser\\.(?:geekbench|primatelabs)\\.com/[^\\s\"'<>]+");
    private static final Pattern URL_MAJOR = Pattern.compile("/(?:geekbench|v)(\\d+)/");
    private static final Pattern WORKLOAD = Pattern.compile(
            "^\\s{1,4}(\\S.*?)\\s{2,}(\\d+)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\S.*?)\\s*$");
    private static final Pattern SCORE = Pattern.compile("^(\\s*)(.+?) Score\\s+(\\d+)\\s*$");
    private static final Set<String> INFO_SECTIONS = Set.of("System Information", "CPU Information",
            "Processor Information", "Memory Information");

    private GeekbenchOutputParser() {
    }

    /** Parses one console capture; {@code null} or empty gives a {@code failed} result. */
    public static GeekbenchResult parse(String console) {
        return new Reader().read(console == null ? "" : console);
    }

    private static final class Reader {
        private Integer major;
        private String version;
        private String edition;
        private boolean banner;
        private boolean runStarted;
        private boolean help;
        private boolean ctrlC;
        private boolean uploading;
        private boolean uploadSucceeded;
        private String section;
        private String scoreScope;
        private Integer single;
        private Integer multi;
        private final Map<String, Integer> singleSub = new LinkedHashMap<>();
        private final Map<String, Integer> multiSub = new LinkedHashMap<>();
        private final List<GeekbenchResult.Workload> singleRows = new ArrayList<>();
        private final List<GeekbenchResult.Workload> multiRows = new ArrayList<>();
        private final List<String> urls = new ArrayList<>();

        GeekbenchResult read(String console) {
            String text = ANSI.matcher(console).replaceAll("").replace("\r", "");
            for (String raw : text.lines().toList()) {
                // scripts that timestamp or comment Geekbench output prefix each line with '#'
                line(raw.startsWith("#") ? raw.substring(1) : raw);
            }
            return build();
        }

        private void line(String line) {
            String bare = line.strip();
            Matcher m = HEADER.matcher(line);
            if (m.find() && version == null) {
                major = Integer.valueOf(m.group(1));
                version = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
                edition = m.group(4);
                banner = true;
            }
            if ((m = BANNER_MAJOR.matcher(line)).find()) {
                banner = true;
                if (major == null) {
                    major = Integer.valueOf(m.group(1));
                }
            }
            if (bare.startsWith("Upgrade to Geekbench") || bare.startsWith("Buy a Geekbench")) {
                banner = true;
            }
            if (bare.equals("Usage:") || bare.startsWith("-h, --help")) {
                help = true;
            }
            if (line.contains("^C")) {
                ctrlC = true;
            }
            if (bare.startsWith("Uploading results to the Geekbench Browser")) {
                uploading = true;
            }
            if (bare.startsWith("Upload succeeded")) {
                uploadSucceeded = true;
            }
            m = BROWSER_URL.matcher(line);
            while (m.find()) {
                urls.add(m.group());
            }
            if (INFO_SECTIONS.contains(bare) || bare.equals("Single-Core") || bare.equals("Multi-Core")
                    || bare.equals("Benchmark Summary")) {
                section = bare;
                scoreScope = null;
                runStarted = true;
                return;
            }
            if (bare.startsWith("Running ")) {
                runStarted = true;
                return;
            }
            if ("Single-Core".equals(section) || "Multi-Core".equals(section)) {
                workload(line);
            } else if ("Benchmark Summary".equals(section)) {
                score(line);
            }
        }

        private void workload(String line) {
            Matcher m = WORKLOAD.matcher(line);
            if (!m.matches()) {
                return;
            }
            GeekbenchResult.Workload row = new GeekbenchResult.Workload(m.group(1), Integer.parseInt(m.group(2)),
                    Double.parseDouble(m.group(3)), m.group(4));
            ("Single-Core".equals(section) ? singleRows : multiRows).add(row);
        }

        private void score(String line) {
            Matcher m = SCORE.matcher(line);
            if (!m.matches()) {
                return;
            }
            String name = m.group(2).strip();
            int value = Integer.parseInt(m.group(3));
            if (name.equals("Single-Core")) {
                single = value;
                scoreScope = name;
            } else if (name.equals("Multi-Core")) {
                multi = value;
                scoreScope = name;
            } else if ("Single-Core".equals(scoreScope)) {
                singleSub.put(name, value);
            } else if ("Multi-Core".equals(scoreScope)) {
                multiSub.put(name, value);
            }
        }

        private GeekbenchResult build() {
            String resultUrl = urls.stream().filter(u -> !u.contains("/claim")).findFirst().orElse(null);
            String claimUrl = urls.stream().filter(u -> u.contains("/claim")).reduce((a, b) -> b).orElse(null);
            if (major == null) {
                for (String url : urls) {
                    Matcher m = URL_MAJOR.matcher(url);
                    if (m.find()) {
                        major = Integer.valueOf(m.group(1));
                        break;
                    }
                }
            }
            List<String> notes = new ArrayList<>();
            GeekbenchOutcome outcome;
            if (resultUrl != null || claimUrl != null) {
                outcome = claimUrl != null ? GeekbenchOutcome.UPLOADED_WITH_CLAIM : GeekbenchOutcome.UPLOADED;
                if (resultUrl == null) {
                    notes.add("claim URL without a result URL in the capture");
                }
                if (!uploadSucceeded) {
                    notes.add("no 'Upload succeeded' line in the capture (truncated or reformatted)");
                }
            } else if (single != null || multi != null) {
                outcome = GeekbenchOutcome.OFFLINE_SCORES;
            } else if (runStarted) {
                outcome = GeekbenchOutcome.INTERRUPTED;
                if (uploading) {
                    notes.add("stopped after 'Uploading results' without a result URL (upload hung or failed)");
                } else {
                    notes.add("no result section after '" + section + "'");
                }
            } else if (help) {
                outcome = GeekbenchOutcome.FAILED;
                notes.add("help output only, no benchmark run");
            } else if (banner) {
                outcome = GeekbenchOutcome.TRYOUT_BANNER_ONLY;
            } else {
                outcome = GeekbenchOutcome.FAILED;
                notes.add("no Geekbench output recognised");
            }
            if (ctrlC) {
                notes.add("interrupted with Ctrl-C (^C in the capture)");
            }
            if (outcome == GeekbenchOutcome.OFFLINE_SCORES && (single == null || multi == null)) {
                notes.add("benchmark summary incomplete");
            }
            return new GeekbenchResult(outcome, major, version, edition, single, multi, singleSub, multiSub,
                    singleRows, multiRows, resultUrl, claimUrl, section, notes);
        }
    }
}
