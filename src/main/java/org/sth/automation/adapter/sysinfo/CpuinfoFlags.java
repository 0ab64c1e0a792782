package org.sth.automation.adapter.sysinfo;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CPU feature words of {@code /proc/cpuinfo}: x86 {@code flags} or ARM {@code Features}, first CPU only. */
public final class CpuinfoFlags {

    private static final Pattern FLAGS = Pattern.compile("(?m)^(?:flags|Features)\\s*:\\s*(.+?)\\s*$");

    private CpuinfoFlags() {
    }

    /** Words of the first flags/Features line; empty when there is none. */
    public static List<String> flags(String cpuinfo) {
        if (cpuinfo == null) {
            return List.of();
        }
        Matcher matcher = FLAGS.matcher(cpuinfo);
        return matcher.find() ? Arrays.asList(matcher.group(1).strip().split("\\s+")) : List.of();
    }

    /** Number of feature words, or null when cpuinfo was not captured. */
    public static Integer count(String cpuinfo) {
        return cpuinfo == null ? null : flags(cpuinfo).size();
    }
}
