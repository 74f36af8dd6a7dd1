package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.bench.Comparison;
import org.bilevel4j.cli.bench.NamedSpec;
import org.bilevel4j.solver.StopRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bilevel demo}: data hyper-cleaning on the synthetic default task (1000 training samples, half of the labels
 * corrupted) solved by a value-function method (BVFIM), a minimax method (MinimaxOPT) and an implicit-differentiation
 * method (AID-CG), through the {@link Comparison} runner: a table with test accuracy, F1 and the uniform / oracle
 * references, a plot per metric, every run saved under runs/demo/.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Data hyper-cleaning (synthetic, 1000 training samples, half of the labels corrupted) with BVFIM, MinimaxOPT and AID-CG:",
                "a table (test accuracy, F1 of the corrupted samples found, references trained on uniform and on oracle weights) and plots,",
                "written under runs/demo/ (report.html, summary.md, plots/, runs/). Running it again loads the finished runs."})
final class DemoCommand implements Callable<Integer> {
    /** The task of the demo. */
    static final String TASK = "hyperclean";
    /**
     * The solvers compared, in table order. BVFIM with fewer inner steps than its toy defaults (T_z = 10, T_y = 5: an
     * outer iteration costs 15 gradient steps instead of 75), the 1/(k+1) decay of BOAT's hyper-cleaning (ALGORITHMS.md §1.11)
     * and an Adam step of 0.1 (x are logits of order 1); MinimaxOPT and AID-CG with their defaults
     * (outer steps from the task's Lipschitz estimates; AID-CG: n).
     */
    static final List<String> SOLVERS = List.of(
            "bvfim:zSteps=10:ySteps=5:decay=inverse:outerStep=0.1",
            "minimaxopt:preset=paper",
            "aid-cg");

    @Spec CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "N", description = "Outer iterations per solver (default ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Override public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (iterations < 0) throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
        Files.createDirectories(out);
        Comparison.Config c = new Comparison.Config(List.of(NamedSpec.parse(TASK)),
                NamedSpec.parseAll(SOLVERS, "solver", Catalog.solvers().keySet()), List.of(seed),
                StopRule.iterations(iterations).withTraceEvery((int) Math.max(1, iterations / 50)), Map.of(), out);
        Comparison.Report r = Comparison.run(c, o);
        o.println();
        o.println("referenceUniform / referenceOracle: test accuracy of the model trained on all samples with weight 1 / on the clean samples only.");
        o.println("wrote " + out.resolve("summary.md") + ", plots under " + out.resolve("plots") + " and every run under " + out.resolve("runs"));
        o.println("open " + out.resolve("report.html") + " in a browser: tables, plots and settings on one page");
        o.flush();
        return r.failed().isEmpty() ? 0 : 1;
    }
}
