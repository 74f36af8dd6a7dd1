package org.bilevel4j.cli.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a {@link Chart} out and draws it: title, legend rows under it, the plot area with grid, bands, curves
 * (clipped to the area, so a zoomed y range simply cuts what lies outside; a point with no neighbour is a diamond),
 * labelled dashed reference levels,
 * and the axes with their ticks. Points a log axis cannot show (≤ 0) and non-finite points break a curve.
 */
final class ChartRenderer {
    private ChartRenderer() {}

    static final int WIDTH = 660, HEIGHT = 420;
    private static final int INK = 0x222222, GRID = 0xE4E4E4, LEVEL = 0x555555;
    private static final double TITLE = 16, FONT = 14;
    /** Reference lines closer than this (px, about a label's height) share one label, so that labels do not overprint. */
    static final double LEVEL_LABEL_GAP = 14;

    /**
     * The title's font size: {@link #TITLE}, or smaller so that a long title (a bench task's spec) fits the width. Bold
     * digits and '=' run wider than {@link Canvas#textWidth}'s average (0.62 em a character measured on a spec title),
     * hence the margin of {@link #BOLD_WIDTH}.
     */
    static double titleSize(String title) {
        return Math.min(TITLE, (WIDTH - 20) / (BOLD_WIDTH * Canvas.textWidth(title, 1)));
    }

    static final double BOLD_WIDTH = 1.15;
    /** Below this size a title is set on two lines instead (a long task spec and its metric). */
    static final double MIN_TITLE = 12;

    /**
     * The title's lines: one, or two when one line would be set below {@link #MIN_TITLE}, broken at the ':', ',' or
     * space nearest the middle (a spec's own separators), each then sized by {@link #titleSize} and set at the smaller.
     */
    static List<String> titleLines(String title) {
        if (titleSize(title) >= MIN_TITLE) return List.of(title);
        int mid = title.length() / 2, best = -1;
        for (int i = 1; i < title.length() - 1; i++) {
            char ch = title.charAt(i);
            if ((ch == ':' || ch == ',' || ch == ' ') && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
        }
        if (best < 0) return List.of(title);
        return List.of(title.substring(0, best + 1).strip(), title.substring(best + 1).strip());
    }

    static void draw(Chart c, Canvas k) {
        double[] xr = range(c, true), yr = range(c, false);
        List<String> title = titleLines(c.title());
        double ts = TITLE;
        for (String t : title) ts = Math.min(ts, titleSize(t));
        double head = 30 + (title.size() - 1) * (ts + 3); // the legend's first row starts under the title
        // legend: entries in rows under the title
        List<double[]> legendAt = new ArrayList<>(); // x, row per curve
        double lx = 60, row = 0;
        for (Chart.Curve cu : c.curves()) {
            double w = 30 + Canvas.textWidth(cu.label(), FONT) + 18;
            if (lx + w > WIDTH - 10 && lx > 60) {
                lx = 60;
                row++;
            }
            legendAt.add(new double[] {lx, row});
            lx += w;
        }
        double top = head + (c.curves().isEmpty() ? 0 : (row + 1) * 20) + 8;
        List<Double> yt = Ticks.of(yr[0], yr[1], c.y().log(), 6);
        List<String> yl = Ticks.labels(yt, c.y().log());
        double tickW = 0;
        for (String l : yl) tickW = Math.max(tickW, Canvas.textWidth(l, FONT));
        double left = 22 + tickW + 10, right = WIDTH - 18, bottom = HEIGHT - 46;
        Map m = new Map(left, right, top, bottom, xr, yr, c.x().log(), c.y().log());

        for (int i = 0; i < title.size(); i++)
            k.text(WIDTH / 2.0, 20 + i * (ts + 3), title.get(i), ts, INK, Canvas.Anchor.MIDDLE, false, true);
        for (int i = 0; i < c.curves().size(); i++) {
            Chart.Curve cu = c.curves().get(i);
            double x0 = legendAt.get(i)[0], y0 = head + legendAt.get(i)[1] * 20 + 10;
            k.polyline(new double[] {x0, x0 + 24}, new double[] {y0 - 4, y0 - 4}, 2, cu.style().rgb(), 3, cu.style().dash());
            k.text(x0 + 30, y0, cu.label(), FONT, INK, Canvas.Anchor.START, false, false);
        }
        // grid and ticks
        List<Double> xt = Ticks.of(xr[0], xr[1], c.x().log(), 7);
        List<String> xl = Ticks.labels(xt, c.x().log());
        for (int i = 0; i < yt.size(); i++) {
            double py = m.py(yt.get(i));
            k.polyline(new double[] {left, right}, new double[] {py, py}, 2, GRID, 1, null);
            k.text(left - 6, py + 4, yl.get(i), FONT, INK, Canvas.Anchor.END, false, false);
        }
        for (int i = 0; i < xt.size(); i++) {
            double px = m.px(xt.get(i));
            k.polyline(new double[] {px, px}, new double[] {top, bottom}, 2, GRID, 1, null);
            k.text(px, bottom + 16, xl.get(i), FONT, INK, Canvas.Anchor.MIDDLE, false, false);
        }
        k.text((left + right) / 2, HEIGHT - 10, c.xLabel(), FONT, INK, Canvas.Anchor.MIDDLE, false, false);
        k.text(14, (top + bottom) / 2, c.yLabel(), FONT, INK, Canvas.Anchor.MIDDLE, true, false);

        k.clip(left, top, right - left, bottom - top);
        for (Chart.Curve cu : c.curves())
            if (cu.lower() != null && cu.upper() != null) band(k, m, cu);
        for (Chart.Level l : c.levels()) {
            double py = m.py(l.y());
            if (!Double.isFinite(py)) continue;
            k.polyline(new double[] {left, right}, new double[] {py, py}, 2, LEVEL, 1.2, new float[] {6, 4});
        }
        for (Chart.Curve cu : c.curves()) line(k, m, cu.x(), cu.y(), cu.style());
        k.unclip();
        // labels over the curves, at the right end above the line; lines closer than a label's height share one label
        List<double[]> ys = new ArrayList<>(); // {py, index}, top to bottom
        for (int i = 0; i < c.levels().size(); i++) {
            double py = m.py(c.levels().get(i).y());
            if (Double.isFinite(py) && py > top + 10 && py <= bottom) ys.add(new double[] {py, i});
        }
        ys.sort(java.util.Comparator.comparingDouble(v -> v[0]));
        for (int i = 0; i < ys.size(); ) {
            StringBuilder label = new StringBuilder(c.levels().get((int) ys.get(i)[1]).label());
            int j = i + 1;
            for (; j < ys.size() && ys.get(j)[0] - ys.get(j - 1)[0] < LEVEL_LABEL_GAP; j++)
                label.append(" · ").append(c.levels().get((int) ys.get(j)[1]).label());
            k.text(right - 4, ys.get(i)[0] - 4, label.toString(), FONT - 1, LEVEL, Canvas.Anchor.END, false, false);
            i = j;
        }
        k.polyline(new double[] {left, left, right}, new double[] {top, bottom, bottom}, 3, INK, 1, null);
    }

    private static void line(Canvas k, Map m, double[] x, double[] y, Style s) {
        double[] px = new double[x.length], py = new double[x.length];
        int n = 0;
        for (int i = 0; i <= x.length; i++) {
            double a = i < x.length ? m.px(x[i]) : Double.NaN, b = i < x.length ? m.py(y[i]) : Double.NaN;
            if (Double.isFinite(a) && Double.isFinite(b)) {
                px[n] = a;
                py[n++] = b;
            } else {
                if (n >= 2) k.polyline(px, py, n, s.rgb(), 2, s.dash());
                if (n == 1) marker(k, px[0], py[0], s.rgb()); // an isolated point (a metric computed once, at the end) as a dot
                n = 0;
            }
        }
    }

    /** A filled diamond of half-width {@link #MARKER} pixels centred at (x, y). */
    private static void marker(Canvas k, double x, double y, int rgb) {
        k.polygon(new double[] {x - MARKER, x, x + MARKER, x}, new double[] {y, y - MARKER, y, y + MARKER}, 4, rgb, 1);
    }

    static final double MARKER = 5;

    private static void band(Canvas k, Map m, Chart.Curve cu) {
        int n = cu.x().length;
        double[] px = new double[2 * n], py = new double[2 * n];
        int j = 0;
        for (int i = 0; i < n; i++) { // along the upper edge
            double a = m.px(cu.x()[i]), b = m.py(cu.upper()[i]);
            if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(m.py(cu.lower()[i]))) { px[j] = a; py[j++] = b; }
        }
        for (int i = n - 1; i >= 0; i--) { // back along the lower one
            double a = m.px(cu.x()[i]), b = m.py(cu.lower()[i]);
            if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(m.py(cu.upper()[i]))) { px[j] = a; py[j++] = b; }
        }
        if (j >= 3) k.polygon(px, py, j, cu.style().rgb(), 0.14);
    }

    /** The axis range: given ends, or the data's (bands and levels included for y), padded a little on y. */
    static double[] range(Chart c, boolean isX) {
        Chart.Axis a = isX ? c.x() : c.y();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Chart.Curve cu : c.curves())
            for (double[] v : isX ? new double[][] {cu.x()} : new double[][] {cu.y(), cu.lower(), cu.upper()}) {
                if (v == null) continue;
                for (double d : v)
                    if (Double.isFinite(d) && (!a.log() || d > 0)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
            }
        if (!isX) for (Chart.Level l : c.levels()) if (Double.isFinite(l.y()) && (!a.log() || l.y() > 0)) { lo = Math.min(lo, l.y()); hi = Math.max(hi, l.y()); }
        if (lo > hi) { lo = a.log() ? 0.1 : 0; hi = 1; }
        if (!isX) { // a margin of 5%
            if (a.log()) {
                double pad = Math.max(0.05 * Math.log10(hi / lo), 0.02);
                lo /= Math.pow(10, pad);
                hi *= Math.pow(10, pad);
            } else {
                double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(Math.abs(hi) * 0.01, 1e-6);
                lo -= pad;
                hi += pad;
            }
        }
        if (!Double.isNaN(a.min())) lo = a.min();
        if (!Double.isNaN(a.max())) hi = a.max();
        if (!(hi > lo)) hi = a.log() ? lo * 10 : lo + 1;
        return new double[] {lo, hi};
    }

    /** Data to pixels (NaN for what the axis cannot show). */
    private record Map(double left, double right, double top, double bottom, double[] xr, double[] yr, boolean logX, boolean logY) {
        double px(double v) { return clamp(left + (right - left) * frac(v, xr, logX)); }

        double py(double v) { return clamp(bottom - (bottom - top) * frac(v, yr, logY)); }

        /** Far outside the area (clipped anyway): kept to a few thousand pixels so files hold no huge numbers. */
        private static double clamp(double p) { return Double.isFinite(p) ? Math.max(-4000, Math.min(4000, p)) : Double.NaN; }

        private static double frac(double v, double[] r, boolean log) {
            if (log) return v > 0 ? (Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0])) : Double.NaN;
            return (v - r[0]) / (r[1] - r[0]);
        }
    }
}
