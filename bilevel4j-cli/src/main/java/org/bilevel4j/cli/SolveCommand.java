package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.cli.bench.BenchReport;
import org.bilevel4j.cli.report.RunSettings;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bilevel solve}: one problem, one solver; writes result.json and trace.csv and prints a summary. With
 * {@code --checkpoint-every} it also writes DIR/checkpoint.json, and {@code --resume DIR} continues that run.
 */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solve one problem with one solver; writes DIR/result.json and DIR/trace.csv.",
                "With --checkpoint-every, also DIR/checkpoint.json (and on Ctrl-C); 'solve --resume DIR' continues such a run "
                        + "exactly where it stopped (same iterates bit for bit) to its recorded stop rule."})
final class SolveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--problem", paramLabel = "NAME", description = "Problem name (see 'bilevel list'); required unless --resume.")
    String problem;

    @Option(names = "--solver", paramLabel = "NAME", description = "Solver name (see 'bilevel list'); required unless --resume.")
    String solver;

    @Option(names = "--iterations", defaultValue = "1000", paramLabel = "N", description = "Outer iterations (default ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed of problem and solver (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Problem or solver option (see 'bilevel list --options'); x0=V / y0=V start from a constant or a comma list.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/<problem>-<solver>-<timestamp>).")
    Path out;

    @Option(names = "--time-limit", paramLabel = "SEC", description = "Stop after this many seconds of solver time.")
    Double timeLimit;

    @Option(names = "--max-oracle-calls", paramLabel = "N", description = "Stop after this many oracle calls of any kind.")
    Long maxOracleCalls;

    @Option(names = "--tolerance", defaultValue = "0", paramLabel = "T",
            description = "Stop when the solver's stop quantity (its hypergradient estimate or search direction, projected on the box) "
                    + "falls to T times its first norm (0: never, the default). A collapsed step is never convergence.")
    double tolerance;

    @Option(names = "--trace-every", defaultValue = "auto", paramLabel = "N|auto", converter = TraceEvery.class,
            description = "Record a trace row every N iterations, or auto (the default): every iteration up to 100, "
                    + "then every 10th up to 1000, every 100th up to 10000, ... (about 90 rows a decade); 1: every iteration.")
    int traceEvery;

    @Option(names = "--refit-every", defaultValue = "0", paramLabel = "N",
            description = "Tasks that learn sample weights or regularization: also compute the metrics of the model refit on the training "
                    + "data at the current x (testAccuracyRefit, ...) every N trace rows; 0 (the default): on the last row only. "
                    + "Not solver time.")
    int refitEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N|TIME",
            description = "Write DIR/checkpoint.json every N outer iterations, or every TIME of wall clock (60s, 10m, 1h), "
                    + "and on Ctrl-C; 'off' (the default) writes none. With --resume: default the cadence the run was started with.")
    String checkpointEvery;

    @Option(names = "--audit", paramLabel = "N",
            description = "Every N outer iterations, the health check of the step (see 'bilevel check'): its numbers go to the trace "
                    + "(audit.* columns) and DIR/check.json. It does not change the run (own problem instance, uncounted, untimed).")
    Integer audit;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run checkpointed in DIR/checkpoint.json (problem, solver, options and stop rule as recorded; "
                    + "give none of them again) and write its result.json and trace.csv into DIR.")
    Path resume;

    /** The options a checkpoint fixes: they cannot be given again with --resume. */
    static final List<String> FIXED_BY_CHECKPOINT = List.of("--problem", "--solver", "--set", "--seed", "--iterations", "--time-limit",
            "--max-oracle-calls", "--tolerance", "--trace-every", "--refit-every", "--out");

    @Override public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Path dir;
        SolveRun.Outcome r;
        if (resume != null) {
            List<String> conflicting = new ArrayList<>();
            for (String name : FIXED_BY_CHECKPOINT) if (spec.commandLine().getParseResult().hasMatchedOption(name)) conflicting.add(name);
            if (!conflicting.isEmpty())
                throw new IllegalArgumentException("--resume continues the run recorded in " + resume.resolve(Checkpoint.FILE) + " with its own "
                        + "problem, solver, options and stop rule; do not give " + String.join(", ", conflicting) + " with it");
            Checkpoint.read(resume); // a missing or corrupt checkpoint fails here, before anything is created or locked
            try (RunFolder folder = RunFolder.openExisting(resume)) { // then read again under the lock: that one is resumed
                Checkpoint.Loaded c = Checkpoint.read(resume);
                if (!c.checksummed()) err.println("note: " + resume.resolve(Checkpoint.FILE) + " was written before checkpoints had a checksum;"
                        + " its fields were validated, its content could not be checked bit for bit");
                CheckpointEvery every = checkpointEvery != null ? CheckpointEvery.parse(checkpointEvery) : c.every();
                dir = resume;
                String label = c.setup().problem() + "/" + c.setup().solver();
                ProgressListener progress = new ProgressListener(label, err, ProgressListener.terminal());
                RunListener note = new RunListener() { // said once the state is restored
                    @Override public void onStart(SolverState state, StopRule stop) {
                        err.println(label + ": resuming at iteration " + state.iteration + " from " + resume.resolve(Checkpoint.FILE));
                        err.flush();
                    }
                };
                r = SolveRun.resume(c, folder, List.of(note, progress), every, err, audit());
            }
        } else {
            if (problem == null || solver == null)
                throw new IllegalArgumentException("missing required option" + (problem == null && solver == null ? "s '--problem=NAME', '--solver=NAME'"
                        : problem == null ? " '--problem=NAME'" : " '--solver=NAME'") + " (or --resume DIR to continue a checkpointed run)");
            CheckpointEvery every = checkpointEvery != null ? CheckpointEvery.parse(checkpointEvery) : CheckpointEvery.OFF;
            SolveRun.Setup setup = new SolveRun.Setup(problem, solver, seed, SolveRun.given(sets), stopRule());
            dir = out != null ? out : SolveRun.defaultDir(problem + "-" + solver);
            ProgressListener progress = new ProgressListener(problem + "/" + solver, err, ProgressListener.terminal());
            r = SolveRun.run(setup, dir, List.of(progress), every, err, audit());
        }
        RunSettings.record(dir, Map.of());
        String report = BenchReport.tryWrite(dir, err);
        if (r.diverged()) {
            err.println(r.message());
            err.flush();
            o.println("wrote " + dir.resolve("result.json") + ", " + dir.resolve("trace.csv") + " (last good iterate)"
                    + (audit != null ? ", " + dir.resolve("check.json") : "") + " and " + report);
            o.flush();
            return Main.DIVERGED;
        }
        summary(r.result()).print(o);
        o.println();
        o.println("wrote " + dir.resolve("result.json") + ", " + dir.resolve("trace.csv")
                + (audit != null ? ", " + dir.resolve("check.json") : "") + " and " + report);
        o.flush();
        return 0;
    }

    private int audit() {
        if (audit == null) return 0;
        if (audit < 1) throw new IllegalArgumentException("--audit must be >= 1 (outer iterations between audits), got " + audit);
        return audit;
    }

    private StopRule stopRule() {
        if (iterations < 0) throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
        if (!(tolerance >= 0 && Double.isFinite(tolerance))) throw new IllegalArgumentException("--tolerance must be a finite number >= 0, got " + tolerance);
        if (refitEvery < 0) throw new IllegalArgumentException("--refit-every must be >= 0 (0: the last row only), got " + refitEvery);
        StopRule s = StopRule.iterations(iterations).withTraceEvery(traceEvery).withTolerance(tolerance).withRefitEvery(refitEvery);
        if (timeLimit != null) {
            if (!(timeLimit > 0)) throw new IllegalArgumentException("--time-limit must be > 0 seconds, got " + timeLimit);
            s = s.withMaxSeconds(timeLimit);
        }
        if (maxOracleCalls != null) {
            if (maxOracleCalls < 1) throw new IllegalArgumentException("--max-oracle-calls must be >= 1, got " + maxOracleCalls);
            s = s.withMaxOracleCalls(maxOracleCalls);
        }
        return s;
    }

    static Table summary(RunResult r) {
        OracleCounts c = r.oracles();
        TraceRow f = r.finalRow();
        Table t = new Table("quantity", "value")
                .row("problem", r.problem())
                .row("solver", r.solver())
                .row("status", r.status())
                .row("iterations", r.iterations())
                .row("solver seconds", r.wallSeconds())
                .row("gradient calls", c.gradientCalls())
                .row("Hessian-vector products", c.get(Oracle.innerHvp) + c.get(Oracle.outerHvp))
                .row("cross products (JVPs)", c.get(Oracle.innerCross) + c.get(Oracle.outerCross));
        if (f != null) {
            t.row("outer value", f.outerValue()).row("inner grad norm", f.innerGradNorm());
            if (!Double.isNaN(f.distanceToSolution())) t.row("distance to solution", f.distanceToSolution());
            if (!Double.isNaN(f.hypergradError())) t.row("hypergradient error", f.hypergradError());
            for (Map.Entry<String, Double> e : f.metrics().entrySet()) t.row(e.getKey(), e.getValue());
        }
        return t;
    }
}
