package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A text table with aligned columns, printable as plain text or Markdown. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) { this.header = List.of(header); }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c instanceof Double d ? num(d) : String.valueOf(c));
        rows.add(r);
        return this;
    }

    public void print(PrintWriter out) {
        int[] w = widths();
        out.println(line(header, w, "  "));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        out.println(rule);
        for (List<String> r : rows) out.println(line(r, w, "  "));
        out.flush();
    }

    public String markdown() {
        int[] w = widths();
        StringBuilder b = new StringBuilder("| ").append(padded(header, w, " | ")).append(" |\n|");
        for (int x : w) b.append("-".repeat(x + 2)).append('|');
        b.append('\n');
        for (List<String> r : rows) b.append("| ").append(padded(r, w, " | ")).append(" |\n");
        return b.toString();
    }

    private int[] widths() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < w.length && i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
        return w;
    }

    private static String line(List<String> cells, int[] w, String sep) { return padded(cells, w, sep).stripTrailing(); }

    private static String padded(List<String> cells, int[] w, String sep) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            b.append(i == 0 ? "" : sep).append(c).append(" ".repeat(w[i] - c.length()));
        }
        return b.toString();
    }

    /** Four significant digits; "-" for unknown (NaN). */
    public static String num(double d) {
        if (Double.isNaN(d)) return "-";
        return String.format(Locale.ROOT, "%.4g", d);
    }
}
