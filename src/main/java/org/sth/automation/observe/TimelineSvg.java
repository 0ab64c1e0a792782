package org.sth.automation.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sth.automation.run.status.Phase;

/**
 * Draws runs' timelines as one SVG: a group per host, a lane per phase, each stay in a phase a bar (coloured by how it
 * ended), heartbeats as ticks under the lanes, failures, ceilings, moves to recovery, interrupts and resumes marked.
 * Self-contained (no script, no external font): it renders the same in a browser, a file viewer and a test.
 */
public final class TimelineSvg {

    /** One host's run to draw. */
    public record Lane(String host, String runId, Timeline timeline) {
    }

    static final int WIDTH = 960;
    static final int LABEL = 110;
    static final int LANE = 16;
    static final int GAP = 4;
    static final int HEAD = 22;
    static final int AXIS = 24;

    private TimelineSvg() {
    }

    public static String render(List<Lane> runs, Instant now) {
        Instant start = null;
        Instant end = null;
        for (Lane l : runs) {
            Timeline t = l.timeline();
            if (t.first() != null && (start == null || t.first().isBefore(start))) {
                start = t.first();
            }
            Instant e = t.last();
            boolean open = t.bars().stream().anyMatch(b -> b.left() == null);
            if (open) {
                e = now;
            }
            if (e != null && (end == null || e.isAfter(end))) {
                end = e;
            }
        }
        int phases = Phase.values().length;
        int groupHeight = HEAD + phases * (LANE + GAP) + 10;
        int height = AXIS + Math.max(1, runs.size()) * groupHeight + 8;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"11\"")
                .append(" role=\"img\" aria-label=\"phase timeline\">\n");
        s.append("<style>.bar{stroke:#333;stroke-width:.5}.completed{fill:#5cb85c}.running{fill:#5bc0de}.failed{fill:#d9534f}")
                .append(".recovery{fill:#d9534f}.interrupted{fill:#f0ad4e}.left_derived{fill:#9fd49f}.beat{stroke:#777;stroke-width:1}")
                .append(".mark-failed,.mark-recovery{fill:#b52b27}.mark-ceiling{fill:#8a3ab9}.mark-interrupted{fill:#c77c02}.mark-resumed{fill:#2a6496}")
                .append("text{fill:#222}.axis{stroke:#bbb;stroke-width:.5}</style>\n");
        if (start == null) {
            s.append("<text x=\"10\" y=\"16\">No events yet.</text>\n</svg>\n");
            return s.toString();
        }
        double span = Math.max(1, Duration.between(start, end).toMillis());
        double plot = WIDTH - LABEL - 10;
        axis(s, span, plot, height);
        int y = AXIS;
        for (Lane lane : runs) {
            s.append("<g class=\"host\" data-host=\"").append(Html.escape(lane.host())).append("\" data-run=\"")
                    .append(Html.escape(lane.runId())).append("\">\n");
            s.append("<text x=\"4\" y=\"").append(y + 15).append("\" font-weight=\"bold\">").append(Html.escape(lane.host()))
                    .append("</text><text x=\"").append(LABEL).append("\" y=\"").append(y + 15).append("\" fill=\"#666\">")
                    .append(Html.escape(lane.runId())).append("</text>\n");
            int top = y + HEAD;
            for (Phase p : Phase.values()) {
                int ly = top + p.ordinal() * (LANE + GAP);
                s.append("<text x=\"14\" y=\"").append(ly + 12).append("\">").append(p.id()).append("</text>");
                s.append("<line class=\"axis\" x1=\"").append(LABEL).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"")
                        .append(ly + LANE).append("\" y2=\"").append(ly + LANE).append("\"/>\n");
            }
            for (Timeline.Bar b : lane.timeline().bars()) {
                int ly = top + phaseIndex(b.phase()) * (LANE + GAP);
                Instant left = b.left() == null ? end : b.left();
                double x = LABEL + plot * Duration.between(start, b.entered()).toMillis() / span;
                double w = Math.max(2, plot * Duration.between(b.entered(), left).toMillis() / span);
                s.append("<rect class=\"bar phase ").append(cls(b.outcome())).append("\" data-phase=\"").append(Html.escape(b.phase()))
                        .append("\" data-outcome=\"").append(Html.escape(b.outcome())).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(ly).append("\" width=\"").append(fmt(w)).append("\" height=\"").append(LANE).append("\"><title>")
                        .append(Html.escape(b.phase())).append(" (attempt ").append(b.attempt()).append("): ").append(Html.escape(b.outcome()))
                        .append(", ").append(secs(Duration.between(b.entered(), left))).append("</title></rect>\n");
            }
            int beatsY = top + Phase.values().length * (LANE + GAP);
            for (Instant beat : lane.timeline().beats()) {
                double x = LABEL + plot * Duration.between(start, beat).toMillis() / span;
                s.append("<line class=\"beat\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(beatsY)
                        .append("\" y2=\"").append(beatsY + 6).append("\"/>");
            }
            s.append('\n');
            for (Timeline.Mark m : lane.timeline().marks()) {
                double x = LABEL + plot * Duration.between(start, m.at()).toMillis() / span;
                int ly = m.phase() == null ? top : top + phaseIndex(m.phase()) * (LANE + GAP);
                s.append("<path class=\"mark mark-").append(Html.escape(m.kind())).append("\" data-mark=\"").append(Html.escape(m.kind())).append("\" d=\"M")
                        .append(fmt(x)).append(' ').append(ly - 2).append(" l5 -7 h-10 z\"><title>").append(Html.escape(m.text()))
                        .append("</title></path>\n");
            }
            s.append("</g>\n");
            y += groupHeight;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** The lane of {@code phase}; an unknown name (a damaged or hand-written ledger) is drawn in the first lane. */
    private static int phaseIndex(String phase) {
        if (phase == null) {
            return 0;
        }
        try {
            return Phase.of(phase).ordinal();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static void axis(StringBuilder s, double spanMillis, double plot, int height) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400};
        double spanSecs = spanMillis / 1000;
        double step = steps[steps.length - 1];
        for (double st : steps) {
            if (spanSecs / st <= 8) {
                step = st;
                break;
            }
        }
        for (double t = 0; t <= spanSecs; t += step) {
            double x = LABEL + plot * (t * 1000) / spanMillis;
            s.append("<line class=\"axis\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"14\" y2=\"")
                    .append(height - 4).append("\"/><text x=\"").append(fmt(x + 2)).append("\" y=\"12\" fill=\"#666\">")
                    .append(secs(Duration.ofMillis((long) (t * 1000)))).append("</text>");
        }
        s.append('\n');
    }

    static String secs(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    private static String cls(String outcome) {
        return switch (outcome) {
            case "completed", "running", "failed", "recovery", "interrupted", "left_derived" -> outcome;
            default -> "failed";
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
