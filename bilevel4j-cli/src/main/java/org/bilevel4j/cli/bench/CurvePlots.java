package org.bilevel4j.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bilevel4j.cli.Table;
import org.bilevel4j.cli.plot.Chart;
import org.bilevel4j.cli.plot.ChartFiles;
import org.bilevel4j.cli.plot.Style;
import org.bilevel4j.problem.Metric;

/**
 * The plots of one task: outer value, distance to the solution and hypergradient error (when known) and every
 * per-iterate task metric against solver wall time and against gradient calls, one curve per solver: the median
 * over seeds with a min–max band ({@link Bands}), {@value #GRID} points. Time and call axes are logarithmic when the
 * runs span more than two decades; a quantity where lower is better goes on a log axis when it is a distance or
 * spans two decades, otherwise the y range is fitted to the later part of the curves (where the methods differ).
 * Task references ({@link Metric.Kind#REFERENCE}) are labelled horizontal lines on the plot of the metric they refer
 * to. A solver keeps its colour (its place in the report's solver list) in every plot. Diverged and failed runs are
 * left out (the summary table counts them). Files: {@code DIR/QUANTITY-vs-time.{svg,png}} and
 * {@code DIR/QUANTITY-vs-gradient-calls.{svg,png}} and {@code DIR/QUANTITY-vs-samples.{svg,png}} (data passes: samples processed / n,
 * the fair count between mini-batch and full-batch methods).
 */
final class CurvePlots {
    private CurvePlots() {}

    static final int GRID = 300;

    /** A written plot: its files (the SVG; the PNG beside it) and a caption for the report. */
    record Plot(String quantity, Path svg, String caption) {}

    /** {@code runs}: the task's runs; {@code solvers}: every solver of the report in order (their colours). */
    static List<Plot> write(Path dir, String task, List<RunRecord> runs, List<String> solvers) throws IOException {
        Map<String, List<TraceTable>> traces = new LinkedHashMap<>();
        Set<String> quantities = new LinkedHashSet<>(List.of("outerValue", "distanceToSolution", "hypergradError"));
        Map<String, Metric> meaning = new LinkedHashMap<>();
        Map<String, Map<Long, Double>> references = new LinkedHashMap<>();
        for (String s : solvers) traces.put(s, new ArrayList<>());
        for (RunRecord r : runs) {
            if (!r.hasResults() || r.status().equals("diverged")) continue;
            TraceTable t;
            try {
                t = r.trace();
            } catch (IllegalArgumentException e) { // a trace.csv cut short by a run still writing it: no curve for this run
                continue;
            }
            traces.computeIfAbsent(r.solver(), k -> new ArrayList<>()).add(t);
            for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                Metric m = r.meaning(e.getKey());
                meaning.putIfAbsent(e.getKey(), m);
                if (m.kind() == Metric.Kind.REFERENCE) { // a constant of the task: one value per seed
                    if (Double.isFinite(e.getValue())) references.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).putIfAbsent(r.seed(), e.getValue());
                }
                else quantities.add(e.getKey());
            }
            for (String q : List.of("outerValue", "distanceToSolution", "hypergradError")) meaning.putIfAbsent(q, r.meaning(q));
        }
        Map<String, String> labels = SolverLabels.of(solvers);
        List<Plot> plots = new ArrayList<>();
        List<String> ordered = new ArrayList<>(quantities); // the registry's order: outer value, distances, then accuracy, F1, ...
        ordered.sort(java.util.Comparator.comparingInt(Metric::rank));
        for (String q : ordered) {
            Metric m = meaning.getOrDefault(q, Metric.of(q));
            List<Chart.Level> levels = new ArrayList<>();
            int seedsOfLevels = 0;
            for (Map.Entry<String, Map<Long, Double>> e : references.entrySet()) {
                if (!q.equals(meaning.get(e.getKey()).referenceOf())) continue;
                double[] v = e.getValue().values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                seedsOfLevels = Math.max(seedsOfLevels, v.length);
                levels.add(new Chart.Level(meaning.get(e.getKey()).label() + " " + Table.num(Bands.median(v)), Bands.median(v)));
            }
            for (String[] axis : new String[][] {{"seconds", "solver wall time (s)", "time"}, {"gradientCalls", "gradient calls", "gradient-calls"},
                    {"passes", "samples processed (data passes)", "samples"}}) {
                Plot p = plot(dir.resolve(q + "-vs-" + axis[2]), task, q, m, axis[0], axis[1], traces, labels, solvers, levels);
                if (p != null) plots.add(new Plot(q, p.svg(), p.caption() + (levels.isEmpty() ? "" : " Dashed lines: task references"
                        + (seedsOfLevels > 1 ? " (median over " + seedsOfLevels + " seeds)" : "") + ".")));
            }
        }
        removeStale(dir, plots);
        return plots;
    }

    /** Plot files of this folder that this call did not draw (an earlier version's, a quantity no longer reported) go. */
    private static void removeStale(Path dir, List<Plot> drawn) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) return;
        Set<String> keep = new java.util.HashSet<>();
        for (Plot p : drawn) {
            String svg = p.svg().getFileName().toString();
            keep.add(svg);
            keep.add(svg.replaceAll("\\.svg$", ".png"));
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".png") || n.endsWith(".svg")) && !keep.contains(n)) java.nio.file.Files.delete(f);
            }
        }
    }

    /** The PNG file names in {@code dir}, in the order {@link #write} draws them (registry order; time before calls). */
    static List<String> pngs(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) return List.of();
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .sorted(java.util.Comparator.comparingInt((String n) -> Metric.rank(n.substring(0, n.indexOf("-vs-") < 0 ? n.length() - 4 : n.indexOf("-vs-"))))
                            .thenComparing(n -> !n.endsWith("-vs-time.png")).thenComparing(n -> n))
                    .toList();
        }
    }

    private static Plot plot(Path base, String task, String q, Metric m, String xColumn, String xLabel, Map<String, List<TraceTable>> traces,
                             Map<String, String> labels, List<String> solvers, List<Chart.Level> levels) throws IOException {
        // the x axis is logarithmic when the runs span more than two decades of it
        double minPos = Double.POSITIVE_INFINITY, maxX = 0;
        for (List<TraceTable> ts : traces.values())
            for (TraceTable t : ts) {
                double[] x = t.column(xColumn), y = t.column(q);
                if (x == null || y == null) continue;
                for (int i = x.length > 1 ? 1 : 0; i < x.length; i++) if (x[i] > 0 && Double.isFinite(y[i])) { minPos = Math.min(minPos, x[i]); maxX = Math.max(maxX, x[i]); }
            }
        boolean logX = maxX > 100 * minPos;
        List<Chart.Curve> curves = new ArrayList<>();
        List<double[]> later = new ArrayList<>(); // each run's values after its first tenth (for the zoom)
        List<String> caption = new ArrayList<>();
        int maxSeeds = 0;
        int index = -1; // the report's solvers come first in traces, in order: a solver's place is its colour in every plot
        for (Map.Entry<String, List<TraceTable>> e : traces.entrySet()) {
            index++;
            List<double[]> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (TraceTable t : e.getValue()) {
                double[] x = t.column(xColumn), y = t.column(q);
                if (x == null || y == null) continue;
                if (java.util.Arrays.stream(y).anyMatch(Double::isNaN)) { // a quantity of some rows only (a refit every N rows)
                    double[] xa = x, ya = y;
                    int[] keep = java.util.stream.IntStream.range(0, ya.length).filter(i -> !Double.isNaN(ya[i])).toArray();
                    x = java.util.Arrays.stream(keep).mapToDouble(i -> xa[i]).toArray();
                    y = java.util.Arrays.stream(keep).mapToDouble(i -> ya[i]).toArray();
                }
                if (logX && x.length > 1) { // the start (iteration 0, before any work) has no place on a log axis of work done
                    x = java.util.Arrays.copyOfRange(x, 1, x.length);
                    y = java.util.Arrays.copyOfRange(y, 1, y.length);
                }
                xs.add(x);
                ys.add(y);
                later.add(java.util.Arrays.copyOfRange(y, Math.max(1, y.length / 10), y.length));
            }
            Bands.Band b = Bands.of(xs, ys, GRID, logX);
            if (b == null) continue;
            maxSeeds = Math.max(maxSeeds, xs.size());
            String label = labels.getOrDefault(e.getKey(), e.getKey());
            Style st = Style.of(index);
            curves.add(xs.size() > 1 ? new Chart.Curve(label, b.x(), b.median(), b.lower(), b.upper(), st) : new Chart.Curve(label, b.x(), b.median(), st));
            if (!label.equals(e.getKey())) caption.add(label + " = " + e.getKey());
        }
        if (curves.isEmpty()) return null;
        Chart.Axis y = yAxis(q, m, curves, later, levels);
        String better = m.better() == Metric.Better.HIGHER ? " (higher is better)" : m.better() == Metric.Better.LOWER ? " (lower is better)" : "";
        String title = task + ": " + m.label() + better;
        Chart c = new Chart(title, xLabel + (logX ? ", log scale" : ""), m.label() + (y.log() ? " (log)" : ""), Chart.Axis.auto(logX), y, curves, levels);
        Path svg = ChartFiles.write(base, c);
        String cap = (maxSeeds > 1 ? "Median over " + maxSeeds + " seeds; shaded: min–max." : "One seed.")
                + (caption.isEmpty() ? "" : " Solvers: " + String.join("; ", caption) + ".");
        return new Plot(q, svg, cap);
    }

    /**
     * Log when everything is positive and the quantity is a distance or error, or lower is better and it spans two
     * decades; otherwise linear and, when a direction is known, fitted to the levels and to each run's values after the
     * first tenth of its trace (the start is far below where the methods differ; the curves leave the plot there).
     */
    static Chart.Axis yAxis(String q, Metric m, List<Chart.Curve> curves, List<double[]> later, List<Chart.Level> levels) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (Chart.Curve c : curves)
            for (double[] v : new double[][] {c.y(), c.lower(), c.upper()})
                if (v != null) for (double d : v) if (Double.isFinite(d)) { min = Math.min(min, d); max = Math.max(max, d); }
        boolean positive = min > 0;
        boolean distance = q.equals("distanceToSolution") || q.equals("hypergradError") || q.equals("innerGradNorm");
        if (positive && (distance || (m.better() != Metric.Better.HIGHER && max > 100 * min))) return Chart.Axis.auto(true);
        if (m.better() == Metric.Better.NEITHER) return Chart.Axis.auto(false);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : later) for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        for (Chart.Level l : levels) if (Double.isFinite(l.y())) { lo = Math.min(lo, l.y()); hi = Math.max(hi, l.y()); }
        if (!(hi >= lo)) return Chart.Axis.auto(false);
        double pad = hi > lo ? 0.08 * (hi - lo) : Math.max(1e-3, Math.abs(hi) * 0.01);
        return new Chart.Axis(false, lo - pad, hi + pad);
    }
}
