package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.cli.Table;
import org.bilevel4j.problem.Metric;

/**
 * The paper-style table of one task: a row per solver, each number the median over seeds with the
 * [min, max] range, of the final outer value, the distance to the solution (when known), every
 * task metric, solver seconds per outer iteration, gradient calls, HVPs and JVPs. Failed runs are left out
 * of the numbers and counted in the runs column.
 */
final class SummaryMarkdown {
    private SummaryMarkdown() {}

    /** {@code runs}: the task's runs; {@code solvers}: the row order. */
    static Table table(List<RunRecord> runs, List<String> solvers) {
        boolean distance = runs.stream().anyMatch(r -> !Double.isNaN(r.finalValue("distanceToSolution")));
        Map<String, Metric> meaning = new LinkedHashMap<>();
        for (RunRecord r : runs) for (String k : r.metrics().keySet()) meaning.putIfAbsent(k, r.meaning(k));
        List<String> metrics = new ArrayList<>(meaning.keySet()); // per-iterate metrics first, then references, in the registry's order
        metrics.sort(Comparator.comparing((String k) -> meaning.get(k).kind() == Metric.Kind.REFERENCE).thenComparing(Metric::rank));
        List<String> header = new ArrayList<>(List.of("solver", "runs", "outer value ↓"));
        if (distance) header.add("distance to solution ↓");
        for (String k : metrics) header.add(k + meaning.get(k).arrow());
        header.addAll(List.of("s / iteration", "gradient calls", "HVPs", "JVPs"));
        Table t = new Table(header.toArray(String[]::new));
        for (String solver : solvers) {
            List<RunRecord> mine = runs.stream().filter(r -> r.solver().equals(solver)).toList();
            List<RunRecord> ok = mine.stream().filter(RunRecord::hasResults).toList();
            List<Object> row = new ArrayList<>(List.of(solver, statuses(mine), cell(ok, r -> r.finalValue("outerValue"))));
            if (distance) row.add(cell(ok, r -> r.finalValue("distanceToSolution")));
            for (String m : metrics) row.add(cell(ok, r -> r.metrics().getOrDefault(m, Double.NaN)));
            row.add(cell(ok, RunRecord::secondsPerIteration));
            row.add(counts(ok, RunRecord::gradientCalls));
            row.add(counts(ok, RunRecord::hvps));
            row.add(counts(ok, RunRecord::jvps));
            t.row(row.toArray());
        }
        return t;
    }

    /** "median [min, max]" of the known values, four significant digits; just the value when all agree; "-" for none. */
    static String cell(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) { return cell(runs, f, Table::num); }

    /** The same for counts, written in full. */
    static String counts(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        return cell(runs, f, d -> d == Math.rint(d) ? Long.toString((long) d) : Table.num(d));
    }

    private static String cell(List<RunRecord> runs, ToDoubleFunction<RunRecord> f, DoubleFunction<String> fmt) {
        double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return "-";
        String med = fmt.apply(Bands.median(v)), lo = fmt.apply(v[0]), hi = fmt.apply(v[v.length - 1]);
        return lo.equals(hi) ? med : med + " [" + lo + ", " + hi + "]";
    }

    /** How the runs ended, e.g. "3 max-iterations" or "2 max-iterations, 1 diverged". */
    static String statuses(List<RunRecord> runs) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (RunRecord r : runs) n.merge(r.status(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        n.forEach((s, c) -> parts.add(c + " " + s));
        return String.join(", ", parts);
    }

    static String section(String task, List<RunRecord> runs, List<String> solvers, String stop) {
        long seeds = runs.stream().mapToLong(RunRecord::seed).distinct().count();
        StringBuilder b = new StringBuilder("## ").append(task).append("\n\n")
                .append("Median [min, max] over ").append(seeds).append(seeds == 1 ? " seed" : " seeds").append("; ").append(stop)
                .append(". Values are those of the last trace row; seconds are solver time.\n\n")
                .append(table(runs, solvers).markdown());
        List<RunRecord> bad = runs.stream().filter(r -> !r.message().isEmpty() && !r.status().startsWith("max-")).toList();
        if (!bad.isEmpty()) {
            b.append('\n');
            for (RunRecord r : bad) b.append("- ").append(r.solver()).append(", seed ").append(r.seed()).append(": ").append(r.status())
                    .append(" — ").append(r.message().replaceAll("\\s+", " ")).append('\n');
        }
        return b.append('\n').toString();
    }
}
