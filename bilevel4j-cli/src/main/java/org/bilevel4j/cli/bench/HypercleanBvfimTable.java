package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import org.bilevel4j.cli.CheckpointEvery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.cli.Table;
import org.bilevel4j.solver.StopRule;

/**
 * {@code hyperclean-bvfim-table}: the BVFIM paper's Table 3 (ALGORITHMS.md §1.10–1.11), MNIST and Fashion-MNIST columns,
 * setting bvfim (5000 / 5000 / 10000 class-balanced, bias, no regulariser, half of the labels changed): test accuracy,
 * F1 and seconds per outer iteration for the paper's methods plus MinimaxOPT, F2SA and stocBiO. summary.md starts with
 * our numbers next to the paper's. The paper's inner-loop settings (Appendix C) are lost in extraction (§1.11); ours are
 * below, each line saying why. {@code --set model=linear2} reruns it with the paper's 2-layer linear network (a
 * non-convex inner problem, through libtorch; also mlp or cnn); each table says which model its rows used.
 */
final class HypercleanBvfimTable implements BenchSuite {
    static final List<String> DATASETS = List.of("mnist", "fashion-mnist");

    static final List<String> SOLVERS = List.of(
            // ITD with a modest unroll (the paper's T is lost); TRHG back-propagates through half of it
            "rhg:innerSteps=50", "trhg:innerSteps=50:truncation=25",
            // the inner problem has no regulariser and 5000 samples for 7850 weights, so it has no minimizer (separable data):
            // undamped CG amplifies the drift of y (78.8% on MNIST); a damped system (H + 0.1 I) v = grad_y F gives 89.5%
            // (aid-neumann and stocbio undamped as the papers write them: a network, model=linear2, now gets L_g / 10 by default)
            "aid-cg:damping=0.1", "aid-neumann:linearSteps=20:damping=0",
            "bda:innerSteps=50:upperScale=inner",
            // the demo's BVFIM: 15 gradient steps per outer iteration (toy default 75), 1/(k+1) decay as BOAT (§1.11), Adam step 0.1
            "bvfim:zSteps=10:ySteps=5:decay=inverse:outerStep=0.1",
            "minimaxopt:preset=paper",
            "f2sa:batchSize=500:preset=benchmark",
            "stocbio:innerBatch=500:hessianBatch=500:outerBatch=500:neumannSteps=10:outerDecay=0:damping=0");

    /** Table 3 of the BVFIM paper [V-paper]: method → {MNIST acc, F1, s, Fashion-MNIST acc, F1, s} (percent, seconds). */
    static final Map<String, double[]> PAPER = Map.of(
            "rhg", new double[] {87.90, 89.36, 0.4131, 81.91, 87.12, 0.4589},
            "trhg", new double[] {88.57, 89.77, 0.2623, 81.85, 86.76, 0.2840},
            "aid-cg", new double[] {89.19, 85.96, 0.1799, 83.15, 85.13, 0.2041},
            "aid-neumann", new double[] {87.54, 89.58, 0.1723, 81.37, 87.28, 0.1958},
            "bda", new double[] {87.15, 90.38, 0.6694, 79.97, 88.24, 0.8571},
            "bvfim", new double[] {90.41, 91.19, 0.1480, 84.31, 88.35, 0.1612});

    /** A checkpoint a minute inside each run (a linear2 run is minutes long), so an interrupted suite resumes inside it. */
    static final CheckpointEvery MID_RUN = new CheckpointEvery(0, 60);

    /**
     * On a network (model=linear2|mlp|cnn) F2SA runs in its scale-free default form, y step 1/(L_f + λ L_g): benchmark_bilevel's
     * absolute y step 1/L_g ignores L_f, which on linear2 is about 60 L_g at the start (MNIST, 300 samples: L_f 129, L_g 2.1),
     * and y diverged at the first iteration. The linear rows keep the preset they were measured with.
     */
    static final String NET_F2SA = "f2sa:batchSize=500";

    /** The table's solvers for a model: {@link #SOLVERS}, with {@link #NET_F2SA} on the networks. */
    static List<String> solvers(String model) {
        return model.equals("linear") ? SOLVERS : SOLVERS.stream().map(s -> s.startsWith("f2sa:") ? NET_F2SA : s).toList();
    }

    private final ComparisonSuite comparison, networks;

    /** The comparison of the model given with --set model=... (linear by default). */
    private ComparisonSuite of(BenchContext ctx) { return ctx.sets().getOrDefault("model", "linear").equals("linear") ? comparison : networks; }

    HypercleanBvfimTable() {
        List<String> tasks = DATASETS.stream().map(d -> "hyperclean:dataset=" + d + ":setting=bvfim:p=0.5").toList();
        List<String> quickTasks = tasks.stream().map(t -> t + ":trainSize=300:valSize=200:testSize=500:referenceIterations=200").toList();
        StopRule stop = StopRule.iterations(300).withMaxSeconds(180).withTraceEvery(10);
        comparison = new ComparisonSuite(name(), description(), tasks, SOLVERS, stop, quickTasks, StopRule.iterations(3), MID_RUN);
        networks = new ComparisonSuite(name(), description(), tasks, solvers("linear2"), stop, quickTasks, StopRule.iterations(3), MID_RUN);
    }

    /** The quick form on the given data sets only (tests run it on the fetched ones). */
    HypercleanBvfimTable(List<String> datasets) {
        List<String> quickTasks = datasets.stream().map(d -> "hyperclean:dataset=" + d + ":setting=bvfim:p=0.5:trainSize=300:valSize=200:testSize=500:referenceIterations=200").toList();
        comparison = new ComparisonSuite(name(), description(), quickTasks, SOLVERS, StopRule.iterations(3), quickTasks, StopRule.iterations(3), MID_RUN);
        networks = new ComparisonSuite(name(), description(), quickTasks, solvers("linear2"), StopRule.iterations(3), quickTasks, StopRule.iterations(3), MID_RUN);
    }

    @Override public String name() { return "hyperclean-bvfim-table"; }

    @Override public String description() {
        return "BVFIM paper Table 3 (MNIST, Fashion-MNIST; setting bvfim): accuracy, F1, s / iteration of " + SOLVERS.size()
                + " solvers next to the paper's numbers";
    }

    @Override public void validate(BenchContext ctx) { of(ctx).validate(ctx); }

    @Override public void run(BenchContext ctx) throws Exception {
        Comparison.Report r = of(ctx).compare(ctx);
        Path summary = ctx.out().resolve("summary.md");
        AtomicFile.writeString(summary, header(r) + Files.readString(summary, StandardCharsets.UTF_8));
        AtomicFile.writeString(ctx.out().resolve("table3.md"), header(r)); // the report shows it as it shows a suite's own tables
    }

    /** Our accuracy, F1 and seconds per iteration (median over seeds, in percent) next to Table 3's, one table per data set. */
    static String header(Comparison.Report r) {
        StringBuilder b = new StringBuilder("# BVFIM Table 3: ours next to the paper's\n\n")
                .append("Setting bvfim: 5000 training (half of the labels changed to another class), 5000 validation, 10000 test images, "
                        + "class-balanced; no regulariser; the model of each table below (linear: Linear(784, 10) with bias; linear2: the paper's "
                        + "2-layer linear network, non-convex, through libtorch). Fashion-MNIST stands in for CIFAR-10 too. Accuracy and F1 in percent (F1 of flagging x_i < 0 as "
                        + "corrupted); accuracy (refit): the model refit on the training data alone with the final weights, "
                        + "what the solver's x is worth when its own y also trained on the validation set. The paper's seconds are on a GPU with PyTorch; ours on the CPU. The paper's inner-loop settings "
                        + "(Appendix C) are lost in the text we have, so ours are the per-solver options in the rows.\n\n");
        for (String task : r.runs().stream().map(RunRecord::task).distinct().toList()) {
            int col = task.contains("fashion-mnist") ? 3 : 0;
            String model = r.runs().stream().filter(x -> x.task().equals(task)).map(x -> x.result().path("options").path("model").asText("linear"))
                    .findFirst().orElse("linear");
            b.append("### ").append(col == 3 ? "Fashion-MNIST" : "MNIST").append(", model ").append(model).append(" (`").append(task).append("`)\n\n");
            Table t = new Table("solver", "accuracy", "accuracy (refit)", "F1", "s / iteration", "iterations", "paper accuracy", "paper F1", "paper s");
            List<RunRecord> mine = r.runs().stream().filter(x -> x.task().equals(task)).toList();
            for (String solver : solvers(model)) {
                List<RunRecord> ok = mine.stream().filter(x -> x.solver().equals(solver) && x.hasResults()).toList();
                double[] p = PAPER.get(NamedSpec.parse(solver).name());
                t.row(solver, SummaryMarkdown.cell(ok, x -> 100 * x.metrics().getOrDefault("testAccuracy", Double.NaN)),
                        SummaryMarkdown.cell(ok, x -> 100 * x.metrics().getOrDefault("testAccuracyRefit", Double.NaN)),
                        SummaryMarkdown.cell(ok, x -> 100 * x.metrics().getOrDefault("f1", Double.NaN)),
                        SummaryMarkdown.cell(ok, RunRecord::secondsPerIteration), SummaryMarkdown.counts(ok, x -> x.iterations()),
                        p == null ? "-" : Table.num(p[col]), p == null ? "-" : Table.num(p[col + 1]), p == null ? "-" : Table.num(p[col + 2]));
            }
            double uni = mine.stream().filter(RunRecord::hasResults).mapToDouble(x -> x.metrics().getOrDefault("referenceUniform", Double.NaN)).findFirst().orElse(Double.NaN);
            double ora = mine.stream().filter(RunRecord::hasResults).mapToDouble(x -> x.metrics().getOrDefault("referenceOracle", Double.NaN)).findFirst().orElse(Double.NaN);
            b.append(t.markdown()).append("\nReferences (first seed): uniform weights ").append(Table.num(100 * uni)).append(", oracle weights ")
                    .append(Table.num(100 * ora)).append(".\n\n");
        }
        return b.append("---\n\n").toString();
    }
}
