package io.privacykit.servlet;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Bar charts as inline SVG, with presentation attributes only: no script, no style element. */
final class Charts {

    /** The series of a consent-outcome chart, in the order of their counts. */
    static final List<String> OUTCOMES = List.of("accepted", "rejected", "partial", "GPC");

    private static final String[] COLOURS = {"#2e7d32", "#c62828", "#f9a825", "#1565c0"};
    private static final int HEIGHT = 120;
    private static final int BAR = 16;

    private Charts() {
    }

    /** One stacked bar a day for {@code days} days from {@code from}; each day's counts in the order of {@code series}. */
    static String stacked(Map<LocalDate, int[]> perDay, LocalDate from, int days, List<String> series) {
        int max = 1;
        for (int[] counts : perDay.values()) {
            int sum = 0;
            for (int c : counts) {
                sum += c;
            }
            max = Math.max(max, sum);
        }
        int width = days * BAR + 40;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(HEIGHT + 40).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(HEIGHT + 40).append("\"><title>").append(Html.attribute(String.join(", ", series)))
                .append(" per day from ").append(from).append(", at most ").append(max).append("</title>");
        for (int d = 0; d < days; d++) {
            LocalDate day = from.plusDays(d);
            int[] counts = perDay.get(day);
            if (counts == null) {
                continue;
            }
            int y = HEIGHT;
            for (int s = 0; s < counts.length; s++) {
                if (counts[s] == 0) {
                    continue;
                }
                int h = Math.max(1, counts[s] * HEIGHT / max);
                y -= h;
                svg.append("<rect x=\"").append(30 + d * BAR).append("\" y=\"").append(y).append("\" width=\"")
                        .append(BAR - 2).append("\" height=\"").append(h).append("\" fill=\"")
                        .append(COLOURS[s % COLOURS.length]).append("\"><title>").append(day).append(' ')
                        .append(Html.attribute(series.get(Math.min(s, series.size() - 1)))).append(": ")
                        .append(counts[s]).append("</title></rect>");
            }
        }
        svg.append("<text x=\"0\" y=\"12\" font-size=\"10\">").append(max).append("</text>")
                .append("<text x=\"30\" y=\"").append(HEIGHT + 14).append("\" font-size=\"10\">").append(from)
                .append("</text>");
        for (int s = 0; s < series.size(); s++) {
            svg.append("<rect x=\"").append(30 + s * 110).append("\" y=\"").append(HEIGHT + 24)
                    .append("\" width=\"10\" height=\"10\" fill=\"").append(COLOURS[s % COLOURS.length])
                    .append("\"/><text x=\"").append(44 + s * 110).append("\" y=\"").append(HEIGHT + 33)
                    .append("\" font-size=\"10\">").append(Html.attribute(series.get(s))).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** One horizontal bar per name, longest count first as given. */
    static String bars(Map<String, Long> counts) {
        long max = 1;
        for (long c : counts.values()) {
            max = Math.max(max, c);
        }
        int rows = Math.min(counts.size(), 50);
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"520\" height=\"")
                .append(rows * 18 + 4).append("\"><title>Unclassified cookies seen</title>");
        int row = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (row == rows) {
                break;
            }
            int w = (int) Math.max(1, entry.getValue() * 300 / max);
            svg.append("<text x=\"0\" y=\"").append(row * 18 + 13).append("\" font-size=\"11\">")
                    .append(Html.attribute(entry.getKey())).append("</text><rect x=\"180\" y=\"").append(row * 18 + 3)
                    .append("\" width=\"").append(w).append("\" height=\"12\" fill=\"#6a1b9a\"><title>")
                    .append(entry.getValue()).append("</title></rect>");
            row++;
        }
        return svg.append("</svg>").toString();
    }
}
