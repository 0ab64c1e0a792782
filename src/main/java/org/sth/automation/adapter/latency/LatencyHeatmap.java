package org.sth.automation.adapter.latency;

import java.util.Locale;

/**
 * The latency matrix as a core-to-core heatmap (SVG): one cell per measured pair, coloured from the fastest pair
 * (light) to the slowest (dark), unmeasured cells blank, CPU ids along both axes and a legend with the scale in ns.
 * Written beside {@code latency.csv} as {@code latency_heatmap.svg}; self-contained, so any browser or viewer shows it.
 */
public final class LatencyHeatmap {

    /** File name beside latency.csv. */
    public static final String FILE = "latency_heatmap.svg";

    private LatencyHeatmap() {
    }

    public static String svg(LatencyMatrix m, String title) {
        int n = m.size();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (LatencyMatrix.Cell c : m.measured()) {
            min = Math.min(min, c.nanos());
            max = Math.max(max, c.nanos());
        }
        if (m.measured().isEmpty()) {
            min = 0;
        }
        int cell = n <= 16 ? 24 : n <= 64 ? 10 : n <= 128 ? 5 : 3;
        int left = 44;
        int top = 40;
        int plot = n * cell;
        int legend = 60;
        int width = left + plot + legend + 20;
        int height = top + plot + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency-heatmap\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"10\" role=\"img\" aria-label=\"core-to-core latency heatmap\">\n");
        s.append("<text x=\"").append(left).append("\" y=\"14\" font-size=\"12\" font-weight=\"bold\">").append(escape(title)).append("</text>\n");
        s.append("<text x=\"").append(left).append("\" y=\"28\" fill=\"#555\">").append(n).append(" CPUs, ")
                .append(m.measured().size()).append(" pairs measured; row: CPU from, column: CPU to; ns</text>\n");
        int labelEvery = Math.max(1, (int) Math.ceil(12.0 / cell));
        for (int i = 0; i < n; i++) {
            if (i % labelEvery == 0) {
                s.append("<text x=\"").append(left - 3).append("\" y=\"").append(top + i * cell + cell / 2 + 3).append("\" text-anchor=\"end\">")
                        .append(m.cpuIds().get(i)).append("</text>");
                s.append("<text x=\"").append(left + i * cell + cell / 2).append("\" y=\"").append(top + plot + 12)
                        .append("\" text-anchor=\"middle\">").append(m.cpuIds().get(i)).append("</text>");
            }
        }
        s.append('\n');
        s.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(plot).append("\" height=\"").append(plot)
                .append("\" fill=\"#f4f4f4\"/>\n");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Double v = m.at(i, j);
                if (v == null) {
                    continue;
                }
                s.append("<rect x=\"").append(left + j * cell).append("\" y=\"").append(top + i * cell).append("\" width=\"").append(cell)
                        .append("\" height=\"").append(cell).append("\" fill=\"").append(colour(v, min, max)).append("\"><title>CPU ")
                        .append(m.cpuIds().get(i)).append(" → CPU ").append(m.cpuIds().get(j)).append(": ")
                        .append(String.format(Locale.ROOT, "%.1f", v)).append(" ns</title></rect>");
            }
            s.append('\n');
        }
        int lx = left + plot + 16;
        for (int k = 0; k <= 10; k++) {
            double v = max - (max - min) * k / 10.0;
            s.append("<rect x=\"").append(lx).append("\" y=\"").append(top + k * (plot / 11.0)).append("\" width=\"12\" height=\"")
                    .append(String.format(Locale.ROOT, "%.1f", plot / 11.0 + 0.5)).append("\" fill=\"").append(colour(v, min, max)).append("\"/>");
        }
        s.append("<text x=\"").append(lx + 15).append("\" y=\"").append(top + 8).append("\">").append(String.format(Locale.ROOT, "%.0f", max))
                .append("</text><text x=\"").append(lx + 15).append("\" y=\"").append(top + plot).append("\">")
                .append(String.format(Locale.ROOT, "%.0f", min)).append("</text>\n</svg>\n");
        return s.toString();
    }

    /** Light yellow (fast) through orange to dark purple (slow). */
    static String colour(double v, double min, double max) {
        double t = max > min ? (v - min) / (max - min) : 0;
        int[][] stops = {{255, 247, 188}, {254, 196, 79}, {236, 112, 20}, {153, 52, 4}, {60, 10, 60}};
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double f = pos - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
