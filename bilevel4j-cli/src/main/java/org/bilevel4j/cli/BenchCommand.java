package org.bilevel4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.bench.BenchContext;
import org.bilevel4j.cli.bench.BenchReport;
import org.bilevel4j.cli.bench.BenchSuite;
import org.bilevel4j.cli.bench.BenchSuites;
import org.bilevel4j.cli.bench.Comparison;
import org.bilevel4j.cli.bench.RunsAtOnce;
import org.bilevel4j.cli.bench.NamedSpec;
import org.bilevel4j.cli.report.RunSettings;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.StopRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bilevel bench SUITE} runs a registered suite ({@link BenchSuites}); {@code bilevel bench --tasks ...
 * --solvers ...} runs an ad hoc {@link Comparison}. Both save every run as it ends and resume on a re-run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare solvers on tasks over several seeds: a named suite (--list shows them) or ad hoc --tasks and --solvers.",
                "Writes DIR/runs/TASK/SOLVER/seed-S/{result.json,trace.csv} as each run ends, then DIR/results.json, DIR/summary.md"
                        + " (median and min-max over seeds per solver) and DIR/plots/TASK/*.png. Running the same command again"
                        + " loads the finished runs and runs only the missing or failed ones.",
                "A task or solver is NAME[:KEY=VALUE[:KEY=VALUE...]], options for that entry only, e.g."
                        + " quadratic:condition=1000 or aid-cg:linearSteps=5; --set applies to every run (the task's and the"
                        + " solver's own options win). A value that holds ',' or ':' (a file path) is quoted:"
                        + " weightdecay:dataset=libsvm:file='/data/ijcnn1.tr' (the shell needs the whole argument in double quotes"
                        + " then), or given to every run with --set file=PATH.",
                "Example: bilevel bench --tasks quadratic,quadratic:condition=1000 --solvers aid-cg,rhg,stocbio --seeds 0,1,2 --out runs/cmp"})
final class BenchCommand implements Callable<Integer> {
    /** Outer iterations of an ad hoc comparison when --iterations is not given. */
    static final long DEFAULT_ITERATIONS = 500;

    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SUITE", description = "Suite name (see 'bilevel bench --list').")
    String suite;

    @Option(names = "--list", description = "List the suites.")
    boolean list;

    @Option(names = "--tasks", paramLabel = "TASK", description = "Ad hoc: problems to compare on, NAME[:KEY=VALUE...] each, comma-separated.")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--solvers", paramLabel = "SOLVER", description = "Ad hoc: solvers to compare, NAME[:KEY=VALUE...] each, comma-separated.")
    List<String> solvers = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/bench-<suite>-<timestamp>); give it to resume.")
    Path out;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", paramLabel = "N", description = "Seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", description = "Outer iterations per run (default: the suite's; " + DEFAULT_ITERATIONS + " ad hoc).")
    Long iterations;

    @Option(names = "--time-limit", paramLabel = "SEC", description = "Also stop each run after this many seconds of solver time.")
    Double timeLimit;

    @Option(names = "--trace-every", paramLabel = "N|auto", converter = TraceEvery.class,
            description = "Record a trace row every N iterations, or auto: log-spaced, about 90 rows a decade after the first 100 "
                    + "(default: the suite's; 1 ad hoc).")
    Integer traceEvery;

    @Option(names = "--refit-every", paramLabel = "N", description = "Tasks that learn sample weights or regularization: also compute "
            + "the refit metrics (testAccuracyRefit, ...) every N trace rows; 0: on the last row only (default: the suite's; 0 ad hoc). Not solver time.")
    Integer refitEvery;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Problem or solver option for every run.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--quick", description = "A small, fast version of the suite (for tests and CI).")
    boolean quick;

    @Override public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Map<String, BenchSuite> all = BenchSuites.all();
        if (list) {
            if (all.isEmpty()) o.println("no bench suites are registered in this build");
            int w = 0;
            for (String n : all.keySet()) w = Math.max(w, n.length());
            for (BenchSuite s : all.values()) o.println("  " + s.name() + " ".repeat(w - s.name().length()) + "  " + s.description());
            o.flush();
            return 0;
        }
        checkStop();
        if (seeds.isEmpty()) throw new IllegalArgumentException("--seeds needs at least one seed");
        boolean adHoc = !tasks.isEmpty() || !solvers.isEmpty();
        if (adHoc) return adHoc(o);
        if (suite == null)
            throw new IllegalArgumentException("bench needs a SUITE name or --tasks and --solvers; " + (all.isEmpty()
                    ? "no bench suites are registered in this build" : "suites: " + String.join(", ", all.keySet())));
        if (all.isEmpty())
            throw new IllegalArgumentException("unknown bench suite '" + suite + "': no bench suites are registered in this build");
        BenchSuite s = BenchSuites.get(suite);
        Path dir = out != null ? out : SolveRun.defaultDir("bench-" + suite);
        // every option is checked before anything runs or is written; a fresh Options, as the suite's own reads declare keys
        s.validate(new BenchContext(dir, List.copyOf(seeds), new Options(SolveRun.given(sets)), new PrintStream(OutputStream.nullOutputStream()),
                quick, iterations, timeLimit, traceEvery, refitEvery));
        try (RunFolder folder = RunFolder.open(dir)) { // one bench writes into DIR at a time
            PrintStream log = new PrintStream(new LineForwarder(o), true, StandardCharsets.UTF_8);
            RunSettings.started(dir, Map.of("suite", suite, "seeds", seeds, "options", SolveRun.given(sets), "quick", quick));
            s.run(new BenchContext(dir, List.copyOf(seeds), new Options(SolveRun.given(sets)), log, quick, iterations, timeLimit, traceEvery, refitEvery));
            log.flush();
            RunSettings.finished(dir);
        }
        o.println("bench " + suite + ": results in " + dir + "; open " + BenchReport.tryWrite(dir, o));
        o.flush();
        return failedRuns(dir, BenchRuns.failed(dir));
    }

    /** Exit status of a bench: 1, with one line, when runs failed (an error, not a divergence); the summary is written by then. */
    private int failedRuns(Path dir, List<String> failed) {
        if (failed.isEmpty()) return 0;
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + failed.size() + " run" + (failed.size() > 1 ? "s" : "") + " failed (" + String.join("; ", failed.subList(0, Math.min(3, failed.size())))
                + (failed.size() > 3 ? "; ..." : "") + "); see " + dir.resolve("summary.md") + ". Running the same command again runs only those");
        err.flush();
        return 1;
    }

    private Integer adHoc(PrintWriter o) throws Exception {
        if (suite != null) throw new IllegalArgumentException("give either a SUITE or --tasks and --solvers, not both");
        if (tasks.isEmpty()) throw new IllegalArgumentException("--solvers needs --tasks (the problems to compare on)");
        if (solvers.isEmpty()) throw new IllegalArgumentException("--tasks needs --solvers (the solvers to compare)");
        if (quick) throw new IllegalArgumentException("--quick applies to suites only; use --iterations for a short ad hoc bench");
        StopRule stop = BenchContext.withOverrides(StopRule.iterations(DEFAULT_ITERATIONS), iterations, timeLimit, traceEvery, refitEvery);
        Path dir = out != null ? out : SolveRun.defaultDir("bench");
        Map<String, String> given = new LinkedHashMap<>(SolveRun.given(sets));
        int parallel = RunsAtOnce.take(given, "bench", o);
        Comparison.Config c = new Comparison.Config(NamedSpec.parseAll(NamedSpec.splitList(tasks), "problem", Catalog.problems().keySet()),
                NamedSpec.parseAll(NamedSpec.splitList(solvers), "solver", Catalog.solvers().keySet()), seeds, stop, given, dir);
        BenchRuns.validate(c); // every run's options are checked before the first run starts
        Comparison.Report report;
        try (RunFolder folder = RunFolder.open(dir)) { // one bench writes into DIR at a time
            if (parallel > 1) RunsAtOnce.run(c, parallel, o, org.bilevel4j.cli.CheckpointEvery.OFF);
            report = Comparison.run(c, o); // loads what ran at once
        }
        o.println("bench: results in " + dir + " (report.html, summary.md, results.json, plots/, runs/)");
        o.flush();
        return failedRuns(dir, report.failed().stream().map(r -> r.task() + " / " + r.solver() + " / seed " + r.seed() + ": " + r.message()).toList());
    }

    private void checkStop() {
        if (iterations != null && iterations < 0) throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
        if (timeLimit != null && !(timeLimit > 0)) throw new IllegalArgumentException("--time-limit must be > 0 seconds, got " + timeLimit);
        if (refitEvery != null && refitEvery < 0) throw new IllegalArgumentException("--refit-every must be >= 0 (0: the last row only), got " + refitEvery);
    }

    /** Forwards a byte stream to the command's writer line by line (suites log to a PrintStream). */
    private static final class LineForwarder extends OutputStream {
        private final PrintWriter target;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineForwarder(PrintWriter target) { this.target = target; }

        @Override public synchronized void write(int b) {
            buf.write(b);
            if (b == '\n') flush();
        }

        @Override public synchronized void flush() {
            if (buf.size() == 0) return;
            target.print(buf.toString(StandardCharsets.UTF_8));
            target.flush();
            buf.reset();
        }
    }
}
