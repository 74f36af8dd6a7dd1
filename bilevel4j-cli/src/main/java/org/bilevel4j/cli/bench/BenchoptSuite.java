package org.bilevel4j.cli.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.cli.AtomicFile;
import org.bilevel4j.cli.Table;
import org.bilevel4j.problem.Metric;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.StopRule;

/**
 * {@code benchopt}: benchopt's bilevel benchmark (benchopt/benchmark_bilevel) side by side with ours. Tasks: its
 * quadratic ({@code quadratic:generator=benchopt}, metric ‖∇h‖²), MNIST hyper-cleaning in its setting at p = 0.5 and
 * 0.7 (test accuracy at the solver's own y and refit on the training data, every 10 trace rows), and weight decay on
 * the user's own LIBSVM files ({@code --set ijcnn1=PATH [--set ijcnn1Val=PATH]}, {@code --set covtype=PATH}, centered
 * and scaled as benchopt's covtype with {@code scale=standard}; these suite keys are not passed to the runs). Solvers: benchopt's (defaults from the problem's scales; benchopt's tuned
 * steps with {@code --set preset=benchopt}) and ours. Besides the comparison's summary and curves (against time,
 * gradient calls and samples processed), {@code benchopt.md}: time and samples to reach given levels of each task's
 * metric, median over seeds. {@code --quick}: small synthetic stand-ins, a few iterations, for CI.
 */
final class BenchoptSuite implements BenchSuite {
    static final List<String> SOLVERS = List.of("soba", "saba", "srba", "ma-soba", "amigo", "mrbo", "vrbo", "fsla", "ttsa", "bsa", "sustain",
            "stocbio", "f2sa", "bome", "minimaxopt", "aid-cg");
    static final List<String> QUICK_SOLVERS = List.of("soba", "saba", "srba", "minimaxopt", "aid-cg");
    static final List<String> TASKS = List.of("quadratic:generator=benchopt", "hyperclean:dataset=mnist:setting=benchopt:p=0.5",
            "hyperclean:dataset=mnist:setting=benchopt:p=0.7");
    static final List<String> QUICK_TASKS = List.of("quadratic:generator=benchopt:innerSamples=512:outerSamples=128:dimY=20:dimX=5",
            "hyperclean:trainSize=200:valSize=100:testSize=200:features=20:referenceIterations=100",
            "weightdecay:samples=200:features=10");
    /** Suite keys (files of the user's LIBSVM data sets), read here and not passed to the runs. */
    static final List<String> KEYS = List.of("ijcnn1", "ijcnn1Val", "covtype");

    @Override public String name() { return "benchopt"; }

    @Override public String description() {
        return "benchopt's bilevel benchmark: its quadratic, MNIST hyper-cleaning p = 0.5 / 0.7 (own y and refit), your LIBSVM ijcnn1 / covtype "
                + "(--set ijcnn1=PATH, covtype=PATH); " + SOLVERS.size() + " solvers, 60 s per run; time and samples to given levels";
    }

    @Override public void validate(BenchContext ctx) { comparison(ctx).validate(runs(ctx)); }

    @Override public void run(BenchContext ctx) throws Exception {
        Comparison.Report r = comparison(ctx).compare(runs(ctx));
        String table = levels(r);
        AtomicFile.writeString(ctx.out().resolve("benchopt.md"), table);
        Path summary = ctx.out().resolve("summary.md");
        AtomicFile.writeString(summary, table + Files.readString(summary, StandardCharsets.UTF_8));
    }

    /** The context the runs get: the command line's without the suite keys. */
    private static BenchContext runs(BenchContext ctx) {
        Map<String, String> sets = new LinkedHashMap<>(ctx.sets());
        KEYS.forEach(sets::remove);
        return new BenchContext(ctx.out(), ctx.seeds(), new Options(sets), ctx.log(), ctx.quick(), ctx.iterations(), ctx.timeLimit(), ctx.traceEvery(), ctx.refitEvery());
    }

    static ComparisonSuite comparison(BenchContext ctx) {
        Map<String, String> s = ctx.sets();
        List<String> tasks = new ArrayList<>(TASKS);
        if (s.containsKey("ijcnn1"))
            tasks.add("weightdecay:dataset=libsvm:file=" + quote(s.get("ijcnn1")) + (s.containsKey("ijcnn1Val") ? ":valFile=" + quote(s.get("ijcnn1Val")) : ""));
        else if (s.containsKey("ijcnn1Val")) throw new IllegalArgumentException("--set ijcnn1Val needs --set ijcnn1=PATH (the training file)");
        if (s.containsKey("covtype")) tasks.add("weightdecay:dataset=libsvm:decayPer=parameter:scale=standard:file=" + quote(s.get("covtype"))); // benchopt standardizes covtype
        for (String k : s.keySet())
            if (KEYS.contains(k) && s.get(k).isBlank()) throw new IllegalArgumentException("--set " + k + "= needs a file path");
        return new ComparisonSuite("benchopt", "", tasks, ctx.quick() ? QUICK_SOLVERS : SOLVERS,
                StopRule.iterations(Long.MAX_VALUE).withMaxSeconds(60).withTraceEvery(100).withRefitEvery(10),
                QUICK_TASKS, StopRule.iterations(10).withTraceEvery(5).withRefitEvery(1));
    }

    private static String quote(String path) {
        if (path.contains("'")) throw new IllegalArgumentException("a suite file path cannot hold a ' quote: " + path);
        return "'" + path + "'";
    }

    // ---- time and samples to given levels ------------------------------------------------------------------

    /** The metric each task is judged on (benchopt's): ‖∇h‖² on quadratic, test accuracy (error) on cleaning, outer value on weight decay. */
    static List<String> metricsOf(String task) {
        if (task.startsWith("quadratic")) return List.of("hypergradNormSquared");
        if (task.startsWith("hyperclean")) return List.of("testAccuracy", "testAccuracyRefit");
        return List.of("validationLoss", "validationLossRefit");
    }

    static String levels(Comparison.Report r) {
        StringBuilder b = new StringBuilder("# benchopt: time and samples to given levels\n\n")
                .append("Median over seeds of the first trace row at the level (solver seconds / data passes = samples processed ÷ n); "
                        + "'-' where the median run does not reach it. Levels: the fraction f of the way from the median start to the best "
                        + "value any run reached (f = 0.9, 0.99); on hyper-cleaning also 86% and 87% test accuracy (14% and 13% error, "
                        + "benchopt's figures). Refit: the model refit on the training data alone at the run's x (every 10 trace rows).\n\n");
        for (String task : r.runs().stream().map(RunRecord::task).distinct().toList()) {
            List<RunRecord> mine = r.runs().stream().filter(x -> x.task().equals(task) && x.hasResults() && !x.status().equals("diverged")).toList();
            for (String q : metricsOf(task)) {
                Map<RunRecord, double[][]> curves = new LinkedHashMap<>(); // run → {seconds, passes, value, iteration}
                for (RunRecord run : mine) {
                    try {
                        TraceTable t = run.trace();
                        double[] v = t.column(q), sec = t.column("seconds"), pas = t.column("passes"), it = t.column("iteration");
                        if (v != null && sec != null)
                            curves.put(run, new double[][] {sec, pas == null ? new double[sec.length] : pas, v, it == null ? new double[sec.length] : it});
                    } catch (Exception e) { // a trace cut short: not counted
                    }
                }
                if (curves.isEmpty()) continue;
                Metric m = mine.get(0).meaning(q);
                boolean higher = m.better() == Metric.Better.HIGHER;
                double best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                List<Double> starts = new ArrayList<>();
                for (double[][] c : curves.values()) {
                    for (double v : c[2]) if (Double.isFinite(v)) best = higher ? Math.max(best, v) : Math.min(best, v);
                    for (double v : c[2]) if (Double.isFinite(v)) { starts.add(v); break; }
                }
                double start = Bands.median(starts.stream().mapToDouble(Double::doubleValue).sorted().toArray());
                List<Double> targets = new ArrayList<>();
                for (double f : new double[] {0.9, 0.99}) targets.add(start + f * (best - start));
                if (task.startsWith("hyperclean")) { targets.add(0.86); targets.add(0.87); }
                List<String> head = new ArrayList<>(List.of("solver", "final " + q + m.arrow()));
                for (double t : targets) head.add((higher ? "≥ " : "≤ ") + Table.num(t));
                Table tab = new Table(head.toArray(String[]::new));
                for (String solver : mine.stream().map(RunRecord::solver).distinct().toList()) {
                    List<double[][]> runs = curves.entrySet().stream().filter(e -> e.getKey().solver().equals(solver)).map(Map.Entry::getValue).toList();
                    if (runs.isEmpty()) continue;
                    List<Object> row = new ArrayList<>(List.of(solver, Table.num(Bands.median(runs.stream().mapToDouble(c -> last(c[2])).sorted().toArray()))));
                    for (double t : targets) {
                        double[] sec = new double[runs.size()], pas = new double[runs.size()];
                        for (int k = 0; k < runs.size(); k++) {
                            double[][] c = runs.get(k);
                            sec[k] = pas[k] = Double.POSITIVE_INFINITY;
                            for (int i = 0; i < c[2].length; i++)
                                if (Double.isFinite(c[2][i]) && (higher ? c[2][i] >= t : c[2][i] <= t)) { sec[k] = c[0][i]; pas[k] = c[1][i]; break; }
                        }
                        Arrays.sort(sec);
                        Arrays.sort(pas);
                        double ms = sec[(sec.length - 1) / 2], mp = pas[(pas.length - 1) / 2]; // the lower median: reached by half the seeds
                        row.add(Double.isInfinite(ms) ? "-" : Table.num(ms) + " s / " + Table.num(mp));
                    }
                    tab.row(row.toArray());
                }
                b.append("### ").append(task).append(" — ").append(m.label()).append("\n\n").append(tab.markdown()).append('\n');
                b.append("benchopt's curve (median over seeds at each trace iteration, time and value alike, as benchopt's plots "
                        + "group its runs by stop value): its best, and the median time / passes at the first iteration it reaches each level.\n\n")
                        .append(stopValueTable(curves, mine, m, higher, targets)).append('\n');
            }
        }
        return b.append("---\n\n").toString();
    }

    /** Per solver: the best of benchopt's curve (at which iteration, median seconds and passes), and its first iteration at each level. */
    private static String stopValueTable(Map<RunRecord, double[][]> curves, List<RunRecord> mine, Metric m, boolean higher, List<Double> targets) {
        List<String> head = new ArrayList<>(List.of("solver", "best" + m.arrow(), "at s / passes (iteration)"));
        for (double t : targets) head.add((higher ? "≥ " : "≤ ") + Table.num(t));
        Table tab = new Table(head.toArray(String[]::new));
        for (String solver : mine.stream().map(RunRecord::solver).distinct().toList()) {
            List<double[][]> runs = curves.entrySet().stream().filter(e -> e.getKey().solver().equals(solver))
                    .map(e -> new double[][] {e.getValue()[3], e.getValue()[0], e.getValue()[1], e.getValue()[2]}).toList();
            StopValueCurve c = StopValueCurve.of(runs);
            int best = c.best(higher);
            if (best < 0) continue;
            List<Object> row = new ArrayList<>(List.of(solver, Table.num(c.value()[best]), at(c, best)));
            for (double t : targets) {
                int i = c.first(t, higher);
                row.add(i < 0 ? "-" : Table.num(c.seconds()[i]) + " s / " + Table.num(c.passes()[i]));
            }
            tab.row(row.toArray());
        }
        return tab.markdown();
    }

    private static String at(StopValueCurve c, int i) {
        return Table.num(c.seconds()[i]) + " s / " + Table.num(c.passes()[i]) + " (" + (long) c.iteration()[i] + ")";
    }

    private static double last(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) if (Double.isFinite(v[i])) return v[i];
        return Double.NaN;
    }
}
