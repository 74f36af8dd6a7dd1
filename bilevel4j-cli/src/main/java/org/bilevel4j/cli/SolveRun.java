package org.bilevel4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Bilevel;
import org.bilevel4j.check.HealthAudit;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;

/**
 * One run as the command line sets it up: problem and solver built from one {@link Options} (so every
 * {@code --set} key is checked against what they declare), started from {@code x0}/{@code y0} when given,
 * run through {@link Runner}, and written to {@code DIR/result.json} and {@code DIR/trace.csv}.
 */
public final class SolveRun {
    private SolveRun() {}

    /** What to run. {@code given} is the {@code --set} map as typed. */
    public record Setup(String problem, String solver, long seed, Map<String, String> given, StopRule stop) {}

    /** What came out; {@code message} is the divergence message, or null. */
    public record Outcome(RunResult result, BilevelProblem problem, Path dir, String message) {
        public boolean diverged() { return message != null; }
    }

    /** A problem, a solver and the start, built and checked ({@link Bilevel#setup}); throws IllegalArgumentException on bad input. */
    static Bilevel.Setup build(Setup s) {
        return Bilevel.setup(s.problem(), s.solver(), s.given(), s.seed());
    }

    /** Builds, runs and writes the files; a divergence is an outcome, not an exception. */
    public static Outcome run(Setup s, Path dir, List<RunListener> listeners) throws IOException {
        return run(s, dir, listeners, CheckpointEvery.OFF, null);
    }

    /**
     * As {@link #run(Setup, Path, List)}, and writes DIR/checkpoint.json at the given cadence (and on Ctrl-C) when it
     * is enabled; {@code err} gets the checkpoint warnings and the Ctrl-C message.
     */
    public static Outcome run(Setup s, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err) throws IOException {
        return run(s, dir, listeners, every, err, 0);
    }

    /** As above, with the health audit every {@code audit} iterations (0: none), written to the trace and DIR/check.json. */
    public static Outcome run(Setup s, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err, int audit)
            throws IOException {
        Bilevel.Setup b = build(s);
        try (RunFolder folder = RunFolder.open(dir)) {
            return execute(s, b, folder.dir(), listeners, every, err, null, audit);
        }
    }

    /**
     * For benches that checkpoint mid-run: continues from DIR/checkpoint.json when it records the same setup (problem,
     * solver, seed, options, stop rule), else runs from the start; writes checkpoints at {@code every} either way.
     * A checkpoint that is unreadable or of another setup is ignored (the run starts over and replaces it).
     */
    public static Outcome runOrResume(Setup s, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err) throws IOException {
        if (java.nio.file.Files.exists(dir.resolve(Checkpoint.FILE))) {
            Checkpoint.Loaded c = null;
            try {
                c = Checkpoint.read(dir);
            } catch (IllegalArgumentException e) {
                if (err != null) err.println("ignoring " + dir.resolve(Checkpoint.FILE) + ": " + e.getMessage());
            }
            if (c != null && sameSetup(c.setup(), s)) {
                if (err != null) err.println("resuming at iteration " + c.resume().state().integers().get("iteration") + " from " + dir.resolve(Checkpoint.FILE));
                return resume(c, dir, listeners, every, err);
            }
        }
        return run(s, dir, listeners, every, err);
    }

    private static boolean sameSetup(Setup a, Setup b) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        return ResultJson.sameSetup(m.readTree(m.writeValueAsString(ResultJson.setup(m.createObjectNode(), a))), b);
    }

    /**
     * Continues the run of a checkpoint read from {@code dir}: rebuilds problem and solver from its recorded setup,
     * restores state, counts, trace and seconds, runs to the recorded stop rule and writes the files into dir.
     */
    public static Outcome resume(Checkpoint.Loaded c, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err)
            throws IOException {
        return resume(c, dir, listeners, every, err, 0);
    }

    /** As above, with the health audit every {@code audit} iterations (0: none). */
    public static Outcome resume(Checkpoint.Loaded c, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err,
                                 int audit) throws IOException {
        try (RunFolder folder = RunFolder.openExisting(dir)) {
            return resume(c, folder, listeners, every, err, audit);
        }
    }

    /** As above, in a folder the caller has opened (and locked) already. */
    static Outcome resume(Checkpoint.Loaded c, RunFolder folder, List<RunListener> listeners, CheckpointEvery every, PrintWriter err,
                          int audit) throws IOException {
        Bilevel.Setup b = build(c.setup());
        return execute(c.setup(), b, folder.dir(), listeners, every, err, c.resume(), audit);
    }

    private static Outcome execute(Setup s, Bilevel.Setup b, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err,
                                   Runner.Resume from, int audit) throws IOException {
        List<RunListener> all = new ArrayList<>(listeners);
        // the audit calls its own instance of the problem, so the run's model caches stay as they are
        HealthAudit auditor = audit > 0 ? new HealthAudit(audit, build(s).problem(), b.options(), s.seed()) : null;
        if (auditor != null) all.add(auditor);
        PrintWriter warnings = err != null ? err : new PrintWriter(System.err, true);
        RunResult r;
        String message = null;
        // trace.csv is (re)written before the first iteration: an unwritable folder fails here, not after the run
        try (TraceFile trace = new TraceFile(dir, from == null ? List.of() : from.trace(), warnings)) {
            all.add(trace);
            CheckpointWriter checkpoints = every.enabled() ? new CheckpointWriter(dir, s, every, warnings).withShutdownHook().beforeEachWrite(trace::sync) : null;
            if (checkpoints != null) all.add(checkpoints);
            try (checkpoints) {
                r = from == null ? Runner.run(b.solver(), b.problem(), b.x0(), b.y0(), s.stop(), all)
                        : Runner.resume(b.solver(), b.problem(), b.x0(), b.y0(), s.stop(), all, from);
            } catch (DivergedException e) {
                r = e.partial();
                message = e.getMessage() + stepOptions(b);
            }
            trace.finish(r.trace().rows());
        }
        if (auditor != null) CheckJson.write(dir.resolve("check.json"), auditor.report(s.problem(), s.solver()), s.given(), s.seed());
        ResultJson.write(dir.resolve("result.json"), r, s, b.problem(), message, b.scales());
        return new Outcome(r, b.problem(), dir, message);
    }

    /** Whether e says that the output folder is held by another run (its files must then be left alone). */
    public static boolean inUse(RuntimeException e) { return e instanceof RunFolder.InUseException; }

    /** " Step options of S: outerStep=0.1, innerStep=0.01." — the options to lower after a divergence. */
    static String stepOptions(Bilevel.Setup b) {
        List<String> steps = new ArrayList<>();
        Map<String, String> given = b.options().given();
        for (Options.Declared d : b.options().declared())
            if (d.key().toLowerCase(java.util.Locale.ROOT).contains("step") && !d.key().toLowerCase(java.util.Locale.ROOT).contains("steps"))
                steps.add(d.key() + "=" + given.getOrDefault(d.key(), d.defaultValue()));
        return steps.isEmpty() ? "" : " Step options of " + b.solverName() + " (lower with --set): " + String.join(", ", steps) + ".";
    }

    /** {@code runs/NAME-yyyyMMdd-HHmmss}. */
    public static Path defaultDir(String name) {
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Parses {@code --set} assignments into an ordered map (IllegalArgumentException on a missing '='). */
    public static Map<String, String> given(List<String> sets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set expects key=value, got '" + s + "'");
            m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return m;
    }
}
