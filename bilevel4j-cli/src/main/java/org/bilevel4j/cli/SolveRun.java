package org.bilevel4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;

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

    /** A problem, a solver and the start, built and checked; throws IllegalArgumentException on bad input. */
    record Built(BilevelProblem problem, CountingProblem counted, Solver<?> solver, Vec x0, Vec y0, Scales scales) {}

    static Built build(Setup s) {
        // check both names before building anything (a problem may be expensive to build)
        if (!Catalog.problems().containsKey(s.problem()))
            throw new IllegalArgumentException("unknown problem '" + s.problem() + "'; known: " + String.join(", ", Catalog.problems().keySet()));
        if (!Catalog.solvers().containsKey(s.solver()))
            throw new IllegalArgumentException("unknown solver '" + s.solver() + "'; known: " + String.join(", ", Catalog.solvers().keySet()));
        Options o = new Options(s.given());
        try {
            BilevelProblem p = Catalog.problem(s.problem(), o, s.seed());
            Vec x0 = start(o, "x0", "dimX", p.dimX(), p.initialX(), s.problem());
            Vec y0 = start(o, "y0", "dimY", p.dimY(), p.initialY(), s.problem());
            // the scales the defaults need are estimated at the run's start on the counted problem: their calls count
            CountingProblem counted = new CountingProblem(p);
            Scales scales = new Scales(counted, x0, y0);
            Solver<?> solver = Catalog.solver(s.solver(), p, o, s.seed(), scales);
            o.requireAllUsed("problem " + s.problem() + " with solver " + s.solver());
            return new Built(p, counted, solver, x0, y0, scales);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withHint(e.getMessage(), o), e);
        }
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
        Built b = build(s);
        Files.createDirectories(dir);
        return execute(s, b, dir, listeners, every, err, null);
    }

    /**
     * Continues the run of a checkpoint read from {@code dir}: rebuilds problem and solver from its recorded setup,
     * restores state, counts, trace and seconds, runs to the recorded stop rule and writes the files into dir.
     */
    public static Outcome resume(Checkpoint.Loaded c, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err)
            throws IOException {
        Built b = build(c.setup());
        return execute(c.setup(), b, dir, listeners, every, err, c.resume());
    }

    private static Outcome execute(Setup s, Built b, Path dir, List<RunListener> listeners, CheckpointEvery every, PrintWriter err,
                                   Runner.Resume from) throws IOException {
        List<RunListener> all = new ArrayList<>(listeners);
        CheckpointWriter checkpoints = every.enabled()
                ? new CheckpointWriter(dir, s, every, err != null ? err : new PrintWriter(System.err, true)).withShutdownHook() : null;
        if (checkpoints != null) all.add(checkpoints);
        RunResult r;
        String message = null;
        try (checkpoints) {
            r = from == null ? Runner.run(b.solver(), b.counted(), b.x0(), b.y0(), s.stop(), all)
                    : Runner.resume(b.solver(), b.counted(), b.x0(), b.y0(), s.stop(), all, from);
        } catch (DivergedException e) {
            r = e.partial();
            message = e.getMessage();
        }
        r.trace().writeCsv(dir.resolve("trace.csv"));
        ResultJson.write(dir.resolve("result.json"), r, s, b.problem(), message, b.scales());
        return new Outcome(r, b.problem(), dir, message);
    }

    /** {@code --set x0=V}: a constant vector V, or a comma list of exactly {@code dim} numbers. */
    static Vec start(Options o, String key, String dimName, int dim, Vec fallback, String problem) {
        String v = o.getString(key, "", "start of " + (key.startsWith("x") ? "x" : "y")
                + ": one number (a constant vector) or a comma list of " + dimName + " numbers; default the problem's own start");
        if (v.isEmpty()) return fallback;
        String[] parts = v.split(",", -1);
        double[] a = new double[parts.length];
        for (int i = 0; i < a.length; i++) {
            try {
                a[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + key + "=" + v + " is not a number or a comma list of numbers");
            }
        }
        if (a.length == 1) return Vec.constant(dim, a[0]);
        if (a.length != dim)
            throw new IllegalArgumentException("option " + key + " has " + a.length + " entries but problem " + problem + " has " + dimName
                    + " = " + dim + "; give one number (a constant vector) or " + dim + " comma-separated numbers");
        return Vec.of(a);
    }

    private static final Pattern OPTION = Pattern.compile("^option (\\S+?)=");

    /** Adds what a badly valued option means and its default, when the message names a declared option. */
    static String withHint(String message, Options o) {
        if (message == null) return null;
        Matcher m = OPTION.matcher(message);
        if (!m.find()) return message;
        for (Options.Declared d : o.declared())
            if (d.key().equals(m.group(1)))
                return message + " (" + d.key() + ": " + d.description() + (d.defaultValue().isEmpty() ? "" : "; default " + d.defaultValue()) + ")";
        return message;
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
