package org.bilevel4j.cli.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.BenchRuns;
import org.bilevel4j.data.DataSetException;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.StopRule;

/**
 * A named suite that is a preset {@link Comparison}: tasks and solvers as {@code name[:key=value...]} specs,
 * a stop rule, and smaller tasks and stop rule for {@code --quick}. The command line's seeds, {@code --set}
 * options and stop overrides apply on top. Tasks whose data set is not fetched are skipped with the standard message.
 * {@code --set parallel=N} runs N at once ({@link RunsAtOnce}).
 */
public record ComparisonSuite(String name, String description, List<String> tasks, List<String> solvers, StopRule stop,
                              List<String> quickTasks, StopRule quickStop, org.bilevel4j.cli.CheckpointEvery midRun) implements BenchSuite {
    /** Without mid-run checkpoints (a run interrupted midway starts over). */
    public ComparisonSuite(String name, String description, List<String> tasks, List<String> solvers, StopRule stop,
                           List<String> quickTasks, StopRule quickStop) {
        this(name, description, tasks, solvers, stop, quickTasks, quickStop, org.bilevel4j.cli.CheckpointEvery.OFF);
    }

    @Override public void run(BenchContext ctx) throws Exception { compare(ctx); }

    /** Runs the comparison and returns its report (for suites that add to the summary). */
    public Comparison.Report compare(BenchContext ctx) throws Exception {
        PrintWriter log = new PrintWriter(ctx.log(), true, StandardCharsets.UTF_8);
        Map<String, String> sets = new LinkedHashMap<>(ctx.sets());
        int parallel = RunsAtOnce.take(sets, name, log);
        Comparison.Config c = config(ctx, sets, log);
        if (c == null) throw new IllegalArgumentException("no task of suite " + name + " has its data here (see the messages above)");
        // --quick runs are a few iterations long: with mid-run checkpoints on, write one every iteration (CI exercises resume)
        org.bilevel4j.cli.CheckpointEvery every = ctx.quick() && midRun.enabled() ? new org.bilevel4j.cli.CheckpointEvery(1, 0) : midRun;
        if (parallel > 1) RunsAtOnce.run(c, parallel, log, every);
        return Comparison.run(c, log, every); // loads what ran at once; runs what failed there again, one at a time
    }

    /**
     * Builds every (task, solver) once with the options its runs get, as an ad hoc bench does ({@link BenchRuns#validate}),
     * on the tasks whose data is fetched; fetches nothing (a task without its data is skipped when the suite runs).
     */
    @Override public void validate(BenchContext ctx) {
        PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
        Map<String, String> sets = new LinkedHashMap<>(ctx.sets());
        sets.remove("parallel");
        Comparison.Config c = config(ctx, sets, quiet);
        if (c != null) Datasets.withoutFetching(() -> { BenchRuns.validate(c); return null; });
    }

    /** The comparison this suite runs with the command line's seeds, options ({@code sets}) and stop overrides; null when no task has its data. */
    private Comparison.Config config(BenchContext ctx, Map<String, String> sets, PrintWriter log) {
        List<NamedSpec> ts = available(NamedSpec.parseAll(ctx.quick() ? quickTasks : tasks, "problem", Catalog.problems().keySet()), log);
        if (ts.isEmpty()) return null;
        return new Comparison.Config(ts, NamedSpec.parseAll(solvers, "solver", Catalog.solvers().keySet()),
                ctx.seeds(), ctx.stop(ctx.quick() ? quickStop : stop), sets, ctx.out());
    }

    /**
     * The tasks whose data set is fetched: each is built once (seed 0, its own problem options); one that
     * throws the standard "X not fetched: run ./bilevel data fetch X" is skipped with that message.
     */
    static List<NamedSpec> available(List<NamedSpec> tasks, PrintWriter log) {
        List<NamedSpec> ok = new ArrayList<>();
        for (NamedSpec t : tasks) {
            Map<String, String> own = new LinkedHashMap<>();
            t.options().forEach((k, v) -> { if (k.indexOf('.') < 0) own.put(k, v); }); // not the SOLVER.KEY ones
            try {
                Datasets.withoutFetching(() -> Catalog.problem(t.name(), new Options(own), 0)); // probe: the suite skips, it does not fetch
                ok.add(t);
            } catch (IllegalArgumentException | DataSetException e) {
                if (e.getMessage() == null || !e.getMessage().contains("not fetched")) throw e;
                log.println("skipping " + t.label() + ": " + e.getMessage());
            }
        }
        return ok;
    }
}
