package org.bilevel4j.cli.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.StopRule;

/**
 * A named suite that is a preset {@link Comparison}: tasks and solvers as {@code name[:key=value...]} specs,
 * a stop rule, and smaller tasks and stop rule for {@code --quick}. The command line's seeds, {@code --set}
 * options and stop overrides apply on top.
 */
public record ComparisonSuite(String name, String description, List<String> tasks, List<String> solvers, StopRule stop,
                              List<String> quickTasks, StopRule quickStop) implements BenchSuite {
    @Override public void run(BenchContext ctx) throws Exception { compare(ctx); }

    /** Runs the comparison and returns its report (for suites that add to the summary). */
    public Comparison.Report compare(BenchContext ctx) throws Exception {
        Comparison.Config c = new Comparison.Config(
                NamedSpec.parseAll(ctx.quick() ? quickTasks : tasks, "problem", Catalog.problems().keySet()),
                NamedSpec.parseAll(solvers, "solver", Catalog.solvers().keySet()),
                ctx.seeds(), ctx.stop(ctx.quick() ? quickStop : stop), ctx.sets(), ctx.out());
        return Comparison.run(c, new PrintWriter(ctx.log(), true, StandardCharsets.UTF_8));
    }
}
