package org.bilevel4j.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.cli.plot.Chart;
import org.bilevel4j.cli.plot.ChartFiles;
import org.bilevel4j.cli.plot.Style;

/** Simple line plots of a suite's own curves, written as SVG and PNG ({@link ChartFiles}). */
public final class Plots {
    private Plots() {}

    /** Points kept per curve: a report stays small and the eye sees no difference. */
    static final int MAX_POINTS = 300;

    /** One named curve; {@code lower}/{@code upper} (optional, may be null) draw a shaded spread band. */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
        public Series(String name, double[] x, double[] y) { this(name, x, y, null, null); }
    }

    /**
     * Writes {@code file} (a .png path; the .svg beside it) with one curve per series, coloured in order, and the
     * labelled horizontal {@code levels}.
     */
    public static void line(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series, List<Chart.Level> levels)
            throws IOException {
        List<Chart.Curve> curves = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int[] keep = thin(s.x().length, MAX_POINTS);
            curves.add(new Chart.Curve(s.name(), pick(s.x(), keep), pick(s.y(), keep), pick(s.lower(), keep), pick(s.upper(), keep), Style.of(i)));
        }
        String name = file.getFileName().toString();
        Path base = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        ChartFiles.write(base, new Chart(title, xLabel, yLabel, Chart.Axis.auto(false), Chart.Axis.auto(logY), curves, levels));
    }

    public static void line(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series) throws IOException {
        line(file, title, xLabel, yLabel, logY, series, List.of());
    }

    /** At most {@code max} evenly spread indices of 0..n-1, the first and last included. */
    static int[] thin(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] k = new int[max];
        for (int i = 0; i < max; i++) k[i] = (int) Math.round((double) i * (n - 1) / (max - 1));
        return k;
    }

    private static double[] pick(double[] v, int[] keep) {
        if (v == null) return null;
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) out[i] = v[keep[i]];
        return out;
    }
}
