package org.bilevel4j;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bilevel4j.check.HealthCheck;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.vec.Vec;

/**
 * The Java entry point: a problem and a solver built together from one set of options, exactly as the command
 * line builds them (unknown keys are rejected with the list of accepted ones), the hypergradient of any estimator
 * at a given (x, y), and the health check.
 */
public final class Bilevel {
    private Bilevel() {}

    /**
     * A problem, a solver and the start, built from one set of options; {@code options} records what was declared.
     * {@code problem} is the counted problem the run uses: the oracle calls that estimated the {@code scales} the
     * defaults needed are already on it.
     */
    public record Setup(String problemName, String solverName, long seed, CountingProblem problem, Solver<?> solver, Vec x0, Vec y0,
                        Options options, Scales scales) {
        /** Runs {@code iterations} outer iterations, a trace row every iteration. */
        public RunResult run(long iterations) { return run(StopRule.iterations(iterations)); }

        public RunResult run(StopRule stop) { return run(stop, List.of()); }

        public RunResult run(StopRule stop, List<RunListener> listeners) {
            return Runner.run(solver, problem, x0, y0, stop, listeners);
        }
    }

    /**
     * Builds problem {@code problem} and solver {@code solver} (names of {@code bilevel list}) from one set of
     * options, as {@code --set} gives them; {@code x0} / {@code y0} start from a constant or a comma list.
     * Throws IllegalArgumentException for unknown names, bad values and keys that neither reads.
     */
    public static Setup setup(String problem, String solver, Map<String, String> options, long seed) {
        // check both names before building anything (a problem may be expensive to build)
        if (!Catalog.problems().containsKey(problem))
            throw new IllegalArgumentException("unknown problem '" + problem + "'; known: " + String.join(", ", Catalog.problems().keySet()));
        if (!Catalog.solvers().containsKey(solver))
            throw new IllegalArgumentException("unknown solver '" + solver + "'; known: " + String.join(", ", Catalog.solvers().keySet()));
        Options o = new Options(options);
        try {
            BilevelProblem p = Catalog.problem(problem, o, seed);
            Vec x0 = start(o, "x0", "dimX", p.dimX(), p.initialX(), problem);
            Vec y0 = start(o, "y0", "dimY", p.dimY(), p.initialY(), problem);
            // the scales the defaults need are estimated at the run's start on the counted problem: their calls count
            CountingProblem counted = new CountingProblem(p);
            Scales scales = new Scales(counted, x0, y0);
            Solver<?> s = Catalog.solver(solver, p, o, seed, scales);
            o.requireAllUsed("problem " + problem + " with solver " + solver);
            return new Setup(problem, solver, seed, counted, s, x0, y0, o, scales);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withHint(e.getMessage(), o), e);
        }
    }

    /** Warm-start memory for {@link #hypergradient}: the estimator's kept vectors (linear-system solution, ...). */
    public static final class Warm {
        HypergradientDescent.State state;
    }

    /** The hypergradient estimate of {@code estimator} at (x, y), from a cold start; x and y are not changed. */
    public static Vec hypergradient(BilevelProblem problem, String estimator, Map<String, String> options, Vec x, Vec y) {
        return hypergradient(problem, estimator, options, x, y, null);
    }

    /**
     * The hypergradient estimate of the hypergradient solver {@code estimator} (aid-cg, rhg, stocbio, hoag, ...) with
     * its options, at (x, y): its inner dynamics start from a copy of y; x and y are not changed. With {@code warm}
     * (a fresh {@code new Warm()}, then the same object again), the estimator's kept vectors and random stream carry
     * over from the previous call, as between the outer iterations of a run; with null every call is cold.
     */
    public static Vec hypergradient(BilevelProblem problem, String estimator, Map<String, String> options, Vec x, Vec y, Warm warm) {
        Vec.requireDim("x", x, problem.dimX());
        Vec.requireDim("y", y, problem.dimY());
        Options o = new Options(options);
        Solver<?> s = Catalog.solver(estimator, problem, o, 0);
        if (!(s instanceof HypergradientDescent h))
            throw new IllegalArgumentException("solver " + estimator + " has no hypergradient estimator; estimators: " + String.join(", ", estimators()));
        o.requireAllUsed("estimator " + estimator);
        HypergradientDescent.State st;
        if (warm != null && warm.state != null) {
            st = warm.state;
            st.x.assign(x);
            st.y.assign(y);
        } else {
            st = h.init(problem, x.copy(), y.copy());
            st.x.assign(x); // init projects x onto the box; the estimate is asked at x itself
            if (warm != null) warm.state = st;
        }
        return h.estimator().estimate(st).copy();
    }

    /** The catalog's solvers that estimate a hypergradient (usable with {@link #hypergradient}). */
    public static List<String> estimators() {
        BilevelProblem probe = Catalog.problem("quadratic", Options.empty(), 0);
        return Catalog.solvers().keySet().stream()
                .filter(n -> Catalog.solver(n, probe, Options.empty(), 0) instanceof HypergradientDescent).toList();
    }

    /**
     * The health check of a setup (see {@link HealthCheck}): {@code steps} outer iterations, then the audit at the
     * last one; {@code twin} is a second instance of the same problem for the audit's own oracle calls (or null).
     */
    public static HealthCheck.Report check(Setup setup, int steps, BilevelProblem twin) {
        return HealthCheck.check(setup.solver(), setup.problem(), twin, setup.x0(), setup.y0(), steps, setup.options(), setup.seed());
    }

    /** {@code --set x0=V}: a constant vector V, or a comma list of exactly {@code dim} numbers. */
    public static Vec start(Options o, String key, String dimName, int dim, Vec fallback, String problem) {
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
    public static String withHint(String message, Options o) {
        if (message == null) return null;
        Matcher m = OPTION.matcher(message);
        if (!m.find()) return message;
        for (Options.Declared d : o.declared())
            if (d.key().equals(m.group(1)))
                return message + " (" + d.key() + ": " + d.description() + (d.defaultValue().isEmpty() ? "" : "; default " + d.defaultValue()) + ")";
        return message;
    }
}
