package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.cli.Table;
import org.bilevel4j.problem.Metric;

/**
 * The tables in the style of the SPNBO paper's Tables 3–5: a row per task, a column per solver, each cell the
 * mean ± standard deviation over seeds. Three tables: each task's headline metric (test accuracy, else test
 * MSE, else distance to the solution, else the outer value), the final outer value (the validation loss of
 * the paper's Figure 4) and the solver seconds of a run. A cell of runs that did not all end normally names
 * how many diverged or failed; those runs are left out of the mean.
 */
final class OverviewMarkdown {
    private OverviewMarkdown() {}

    /** The headline metrics, in order of preference (the first one any run of the task reports). */
    static final List<String> HEADLINES = List.of("testAccuracy", "testMse", "distanceToSolution", "outerValue");

    static String section(List<String> tasks, List<String> solvers, List<RunRecord> runs) {
        StringBuilder b = new StringBuilder("## Overview (mean ± std over seeds)\n\n");
        List<String> head = new ArrayList<>(List.of("task", "metric"));
        head.addAll(solvers);
        Table metric = new Table(head.toArray(String[]::new));
        Table outer = new Table(head.toArray(String[]::new));
        Table time = new Table(head.toArray(String[]::new));
        for (String task : tasks) {
            List<RunRecord> mine = runs.stream().filter(r -> r.task().equals(task)).toList();
            String h = headline(mine);
            metric.row(row(task, h + meaning(mine, h).arrow(), solvers, mine, r -> value(r, h)));
            String refit = h + Metric.REFIT; // the model refit on the training data at the final x, beside the solver's own y
            if (mine.stream().anyMatch(r -> r.hasResults() && !Double.isNaN(value(r, refit))))
                metric.row(row(task, refit + meaning(mine, refit).arrow(), solvers, mine, r -> value(r, refit)));
            outer.row(row(task, "outerValue" + meaning(mine, "outerValue").arrow(), solvers, mine, r -> r.finalValue("outerValue")));
            time.row(row(task, "seconds", solvers, mine, RunRecord::wallSeconds));
        }
        b.append("Headline metric of each task (↑ higher is better, ↓ lower is better, as the task means it: on poison the attack"
                + " wants a lower test accuracy):\n\n").append(metric.markdown())
                .append("\nFinal outer value (validation loss; on poison the negated validation loss):\n\n")
                .append(outer.markdown()).append("\nSolver seconds per run:\n\n").append(time.markdown()).append('\n');
        return b.toString();
    }

    /** What {@code key} means for these runs (their result.json's record, else the shared registry's). */
    static Metric meaning(List<RunRecord> runs, String key) {
        for (RunRecord r : runs) if (r.hasResults()) return r.meaning(key);
        return Metric.of(key);
    }

    /** The first of {@link #HEADLINES} that some run of the task reports. */
    static String headline(List<RunRecord> runs) {
        for (String h : HEADLINES)
            for (RunRecord r : runs) if (r.hasResults() && !Double.isNaN(value(r, h))) return h;
        return "outerValue";
    }

    static double value(RunRecord r, String key) {
        Double m = r.metrics().get(key);
        return m != null ? m : r.finalValue(key);
    }

    private static Object[] row(String task, String metric, List<String> solvers, List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        List<Object> row = new ArrayList<>(List.of(task, metric));
        for (String s : solvers) row.add(cell(runs.stream().filter(r -> r.solver().equals(s)).toList(), f));
        return row.toArray();
    }

    /** "mean ± std" (sample standard deviation) of the runs that ended normally, with a note of those that did not. */
    static String cell(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        double[] v = runs.stream().filter(r -> r.hasResults() && !r.status().equals("diverged")).mapToDouble(f)
                .filter(Double::isFinite).toArray();
        long diverged = runs.stream().filter(r -> r.status().equals("diverged")).count();
        long failed = runs.stream().filter(r -> !r.hasResults()).count();
        String note = (diverged > 0 ? " (" + diverged + " diverged)" : "") + (failed > 0 ? " (" + failed + " failed)" : "");
        if (v.length == 0) return (diverged > 0 ? "diverged" : "-") + (failed > 0 ? " (" + failed + " failed)" : "");
        double mean = 0;
        for (double d : v) mean += d;
        mean /= v.length;
        double ss = 0;
        for (double d : v) ss += (d - mean) * (d - mean);
        double std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return String.format(Locale.ROOT, "%s ± %s", Table.num(mean), Table.num(std)) + note;
    }
}
