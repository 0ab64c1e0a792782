package org.sth.automation.host.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The per-CPU rows of {@code lscpu -p[=COLUMNS]} (comma-separated, columns named by its last comment line) or of
 * {@code lscpu -e} (a whitespace table under a header line). Without a header the columns are
 * {@code CPU,CORE,SOCKET,NODE,ONLINE,MAXMHZ}. Empty fields and {@code -} are unknown; a row without the CPU, CORE,
 * SOCKET and NODE fields is dropped (as the STH collector drops it) and counted.
 */
record LscpuTable(List<Row> rows, int droppedRows, String format) {

    private static final List<String> DEFAULT_COLUMNS = List.of("cpu", "core", "socket", "node", "online", "maxmhz");
    private static final Set<String> ONLINE_YES = Set.of("y", "yes", "1");
    private static final Set<String> ONLINE_NO = Set.of("n", "no", "0");

    /** One CPU's row; a column the output did not have is null ({@code online} null: not reported). */
    record Row(int cpu, Integer core, Integer socket, Integer node, Boolean online, Double maxMhz, Integer l1d) {
    }

    LscpuTable {
        rows = List.copyOf(rows);
    }

    static LscpuTable parse(String text) {
        List<Row> rows = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new LscpuTable(rows, 0, "none");
        }
        List<String> columns = null;
        boolean extended = false;
        int dropped = 0;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String names = line.substring(1).strip();
                // "# CPU,Core,Socket,Node,Online": the column comment; the prose comments above it have spaces, no commas
                if (names.toUpperCase(Locale.ROOT).startsWith("CPU,") || names.equalsIgnoreCase("CPU")) {
                    columns = names(names.split(",", -1));
                }
                continue;
            }
            if (columns == null && line.toUpperCase(Locale.ROOT).startsWith("CPU") && !line.contains(",")) {
                columns = names(line.split("\\s+"));
                extended = true;
                continue;
            }
            List<String> cols = columns == null ? DEFAULT_COLUMNS : columns;
            String[] fields = extended ? line.split("\\s+") : line.split(",", -1);
            Row row = row(cols, fields);
            if (row == null) {
                dropped++;
            } else {
                rows.add(row);
            }
        }
        return new LscpuTable(rows, dropped, extended ? "lscpu -e" : "lscpu -p");
    }

    private static List<String> names(String[] raw) {
        List<String> out = new ArrayList<>();
        for (String n : raw) {
            out.add(n.strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Row row(List<String> columns, String[] fields) {
        int cpuAt = columns.indexOf("cpu");
        Integer cpu = cpuAt < 0 ? null : LscpuParser.intOrNull(field(fields, cpuAt));
        if (cpu == null || cpu < 0 || cpu >= 1 << 20) {
            return null;
        }
        // the collector's rule: CPU, CORE, SOCKET and NODE must be there (values may be empty)
        int needed = Math.min(4, columns.size());
        if (fields.length < needed) {
            return null;
        }
        String online = field(fields, columns.indexOf("online"));
        Boolean isOnline = online == null ? null : ONLINE_YES.contains(online.toLowerCase(Locale.ROOT)) ? Boolean.TRUE
                : ONLINE_NO.contains(online.toLowerCase(Locale.ROOT)) ? Boolean.FALSE : null;
        Integer l1d = LscpuParser.intOrNull(field(fields, columns.indexOf("l1d")));
        int caches = columns.indexOf("l1d:l1i:l2:l3");
        if (l1d == null && caches >= 0 && field(fields, caches) != null) {
            l1d = LscpuParser.intOrNull(field(fields, caches).split(":", -1)[0]);
        }
        return new Row(cpu, LscpuParser.intOrNull(field(fields, columns.indexOf("core"))),
                LscpuParser.intOrNull(field(fields, columns.indexOf("socket"))),
                LscpuParser.intOrNull(field(fields, columns.indexOf("node"))), isOnline,
                mhz(field(fields, columns.indexOf("maxmhz"))), l1d);
    }

    private static String field(String[] fields, int at) {
        if (at < 0 || at >= fields.length) {
            return null;
        }
        String f = fields[at].strip();
        return f.isEmpty() || f.equals("-") ? null : f;
    }

    private static Double mhz(String value) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.replace(',', '.'));
            return d > 0 && Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
