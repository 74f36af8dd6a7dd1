package org.bilevel4j.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plots of one task: outer value, distance to the solution (when known) and every task metric
 * (testAccuracy, ...) against solver wall time and against gradient calls, one curve per solver: the
 * median over seeds with a min–max band ({@link Bands}). Diverged and failed runs are left out (the
 * summary table counts them). Files: {@code DIR/QUANTITY-vs-time.png} and
 * {@code DIR/QUANTITY-vs-gradient-calls.png}.
 */
final class CurvePlots {
    private CurvePlots() {}

    static final int GRID = 200;

    /** {@code runs}: the task's runs in solver order; returns the files written. */
    static List<Path> write(Path dir, String task, List<RunRecord> runs) throws IOException {
        Map<String, List<TraceTable>> traces = new LinkedHashMap<>();
        Set<String> quantities = new LinkedHashSet<>(List.of("outerValue", "distanceToSolution"));
        for (RunRecord r : runs) {
            if (!r.hasResults() || r.status().equals("diverged")) continue;
            traces.computeIfAbsent(r.solver(), k -> new ArrayList<>()).add(r.trace());
            quantities.addAll(r.metrics().keySet());
        }
        List<Path> files = new ArrayList<>();
        for (String q : quantities) {
            plot(dir.resolve(q + "-vs-time.png"), task, q, "seconds", "solver wall time (s)", traces, files);
            plot(dir.resolve(q + "-vs-gradient-calls.png"), task, q, "gradientCalls", "gradient calls", traces, files);
        }
        return files;
    }

    private static void plot(Path file, String task, String quantity, String xColumn, String xLabel, Map<String, List<TraceTable>> traces,
                             List<Path> files) throws IOException {
        List<Plots.Series> series = new ArrayList<>();
        boolean positive = true;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Map.Entry<String, List<TraceTable>> e : traces.entrySet()) {
            List<double[]> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (TraceTable t : e.getValue()) {
                double[] x = t.column(xColumn), y = t.column(quantity);
                if (x == null || y == null) continue;
                xs.add(x);
                ys.add(y);
            }
            Bands.Band b = Bands.of(xs, ys, GRID);
            if (b == null) continue;
            int seeds = xs.size();
            series.add(seeds > 1 ? new Plots.Series(e.getKey(), b.x(), b.median(), b.lower(), b.upper())
                    : new Plots.Series(e.getKey(), b.x(), b.median()));
            for (double v : b.lower()) {
                positive &= v > 0;
                min = Math.min(min, v);
            }
            for (double v : b.upper()) max = Math.max(max, v);
        }
        if (series.isEmpty()) return;
        // a distance, or a positive value spanning more than two decades, reads best on a log axis
        boolean logY = positive && (quantity.equals("distanceToSolution") || max > 100 * min);
        Plots.line(file, task + ": " + quantity + " (median and min-max over seeds)", xLabel, quantity + (logY ? " (log)" : ""), logY, series);
        files.add(file);
    }
}
