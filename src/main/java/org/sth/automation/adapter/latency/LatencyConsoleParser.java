package org.sth.automation.adapter.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human-readable (stderr) output of core-to-core-latency, both the 1.2 layout and the older README one:
 * cells are placed by the column of their {@code ±} under the header ids, so blank cells keep their position.
 */
public final class LatencyConsoleParser {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern HEADER = Pattern.compile("^\\s+\\d+(?:\\s+\\d+)*\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+)((?:\\s+\\d+(?:\\.\\d+)?±\\d+(?:\\.\\d+)?)*)\\s*$");
    private static final Pattern CELL = Pattern.compile("(\\d+(?:\\.\\d+)?)±(\\d+(?:\\.\\d+)?)");
    private static final Pattern EXTREME = Pattern.compile(
            "^\\s*(Min|Max)\\s+latency:\\s*([\\d.]+)ns\\s*±([\\d.]+)\\s*cores:\\s*\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern MEAN = Pattern.compile("^\\s*Mean\\s+latency:\\s*([\\d.]+)ns");
    private static final Pattern CPU = Pattern.compile("^CPU:\\s*(.+?)\\s*$");
    private static final Pattern CORES = Pattern.compile("^Num cores:\\s*(\\d+)");
    private static final Pattern ITERATIONS = Pattern.compile("^Num (?:iterations|round trips) per samples?:\\s*(\\d+)");
    private static final Pattern SAMPLES = Pattern.compile("^Num samples:\\s*(\\d+)");

    private LatencyConsoleParser() {
    }

    /** Parses a captured console; text that is not part of the format (shell prompts, excerpt marks) is ignored. */
    public static LatencyConsoleReport parse(String console) {
        List<String> lines = ANSI.matcher(console == null ? "" : console).replaceAll("").lines().toList();
        String cpu = null;
        Integer cores = null;
        Integer iterations = null;
        Integer samples = null;
        List<LatencyConsoleReport.Benchmark> benchmarks = new ArrayList<>();
        String lastText = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher m;
            if ((m = CPU.matcher(line)).find()) {
                cpu = m.group(1);
            } else if ((m = CORES.matcher(line)).find()) {
                cores = Integer.valueOf(m.group(1));
            } else if ((m = ITERATIONS.matcher(line)).find()) {
                iterations = Integer.valueOf(m.group(1));
            } else if ((m = SAMPLES.matcher(line)).find()) {
                samples = Integer.valueOf(m.group(1));
            } else if (HEADER.matcher(line).matches() && looksLikeHeader(line)) {
                Block block = new Block(lastText, line);
                i = block.read(lines, i + 1);
                benchmarks.add(block.toBenchmark());
                lastText = null;
                continue;
            } else if (!line.isBlank()) {
                lastText = line.strip();
            }
            i++;
        }
        return new LatencyConsoleReport(cpu, cores, iterations, samples, benchmarks);
    }

    // a header is the ids 0..n-1 (or a -c selection) in ascending order; a stray number line is not
    private static boolean looksLikeHeader(String line) {
        String[] ids = line.strip().split("\\s+");
        for (int k = 1; k < ids.length; k++) {
            if (Integer.parseInt(ids[k]) <= Integer.parseInt(ids[k - 1])) {
                return false;
            }
        }
        return true;
    }

    private static final class Block {
        private final String title;
        private final List<Integer> ids = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();
        private final Double[][] means;
        private final Double[][] errors;
        private final boolean[] rowSeen;
        private boolean complete = true;
        private LatencyConsoleReport.Extreme min;
        private LatencyConsoleReport.Extreme max;
        private Double mean;

        Block(String title, String header) {
            this.title = title;
            Matcher m = Pattern.compile("\\d+").matcher(header);
            while (m.find()) {
                ids.add(Integer.valueOf(m.group()));
                ends.add(m.end());
            }
            means = new Double[ids.size()][ids.size()];
            errors = new Double[ids.size()][ids.size()];
            rowSeen = new boolean[ids.size()];
        }

        int read(List<String> lines, int from) {
            int i = from;
            boolean inRows = true;
            while (i < lines.size()) {
                String line = lines.get(i);
                Matcher m;
                if (inRows && (m = ROW.matcher(line)).matches()) {
                    readRow(line, Integer.parseInt(m.group(1)), m.start(2));
                } else if ((m = EXTREME.matcher(line)).find()) {
                    inRows = false;
                    LatencyConsoleReport.Extreme e = new LatencyConsoleReport.Extreme(Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
                    if (m.group(1).equals("Min")) {
                        min = e;
                    } else {
                        max = e;
                    }
                } else if ((m = MEAN.matcher(line)).find()) {
                    mean = Double.valueOf(m.group(1));
                    i++;
                    break;
                } else if (!line.isBlank()) {
                    if (inRows) {
                        // anything else inside the matrix (a truncation mark, a cut row) means it is incomplete
                        complete = false;
                    }
                    if (HEADER.matcher(line).matches() || !inRows) {
                        break;
                    }
                } else if (rowCount() > 0) {
                    inRows = false;
                }
                i++;
            }
            return i;
        }

        private int rowCount() {
            int count = 0;
            for (boolean seen : rowSeen) {
                count += seen ? 1 : 0;
            }
            return count;
        }

        private void readRow(String line, int cpu, int cellsStart) {
            int row = ids.indexOf(cpu);
            if (row < 0) {
                complete = false;
                return;
            }
            rowSeen[row] = true;
            Matcher cell = CELL.matcher(line);
            cell.region(cellsStart, line.length());
            while (cell.find()) {
                int column = nearestColumn(cell.end(1));
                if (column < 0 || column == row) {
                    complete = false;
                    continue;
                }
                means[row][column] = Double.valueOf(cell.group(1));
                errors[row][column] = Double.valueOf(cell.group(2));
            }
        }

        private int nearestColumn(int plusMinusAt) {
            int best = -1;
            int distance = Integer.MAX_VALUE;
            for (int k = 0; k < ends.size(); k++) {
                int d = Math.abs(ends.get(k) - plusMinusAt);
                if (d < distance) {
                    distance = d;
                    best = k;
                }
            }
            return distance <= 3 ? best : -1;
        }

        LatencyConsoleReport.Benchmark toBenchmark() {
            LatencyMatrix matrix = new LatencyMatrix(ids, means);
            if (rowCount() != ids.size()) {
                complete = false;
            }
            boolean lower = matrix.isLowerTriangular();
            for (int r = 0; r < ids.size() && complete; r++) {
                for (int c = 0; c < ids.size(); c++) {
                    boolean expected = lower ? c < r : c != r;
                    if (expected && means[r][c] == null) {
                        complete = false;
                        break;
                    }
                }
            }
            return new LatencyConsoleReport.Benchmark(title, matrix, new LatencyMatrix(ids, errors), complete, min, max,
                    mean);
        }
    }
}
