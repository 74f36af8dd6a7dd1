package org.bilevel4j.solver;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Episodic;
import org.bilevel4j.vec.Vec;

/**
 * The explicit state of a run: the outer variable x, the inner variable y, the iteration, and what a solver
 * keeps between steps. Solvers extend it with their own fields (z of BVFIM and MinimaxOPT, multipliers,
 * momentum buffers, warm-started linear-system solutions).
 * <p>
 * Checkpoints: {@link #save} writes everything that changes how the run continues and {@link #restore} reads it
 * into a state fresh from the same solver's {@code init}; the restored run continues bit for bit. Subclasses
 * with fields of their own override both and call {@code super} first.
 */
public class SolverState {
    /** The problem as the solver sees it (counted). */
    public final BilevelProblem problem;
    public Vec x;
    public Vec y;
    /** Outer iterations completed. */
    public long iteration;
    /**
     * The last hypergradient estimate, at the x before the step (for the trace's hypergradient error); for methods
     * without one, their own search direction in x (BVFIM's d, the penalty methods' gradient in x). It is the stop
     * quantity of the tolerance stop. Null for methods that have neither (random search).
     */
    public Vec hypergradient;
    /**
     * The box-projected norm of the first step's {@link #hypergradient} (NaN until then), the reference of
     * {@link Runner}'s tolerance stop; saved, so a resumed run stops alike.
     */
    public double directionNorm0 = Double.NaN;
    /** Scalars a solver reports per iteration (multiplier alpha, barrier gamma, smoothing mu, ...). */
    public final Map<String, Double> extras = new LinkedHashMap<>();

    public SolverState(BilevelProblem problem, Vec x, Vec y) {
        this.problem = problem;
        this.x = x;
        this.y = y;
    }

    /** Writes x, y, the iteration, the last hypergradient and the extras (subclasses add their fields). */
    public void save(Snapshot out) {
        out.put("x", x).put("y", y).putLong("iteration", iteration);
        if (hypergradient != null) out.put("hypergradient", hypergradient);
        if (!Double.isNaN(directionNorm0)) out.put("directionNorm0", directionNorm0);
        for (Map.Entry<String, Double> e : extras.entrySet()) out.put("extras." + e.getKey(), e.getValue());
        Episodic episodic = Episodic.of(problem);
        if (episodic != null) episodic.save(out, "episodes");
    }

    /** Reads what {@link #save} wrote into this state, fresh from {@code init} of the same solver and problem. */
    public void restore(Snapshot in) {
        in.into("x", x);
        in.into("y", y);
        iteration = in.integer("iteration");
        hypergradient = in.hasVec("hypergradient") ? in.vec("hypergradient") : null;
        directionNorm0 = in.numbers().getOrDefault("directionNorm0", Double.NaN);
        extras.clear();
        for (Map.Entry<String, Double> e : in.numbers().entrySet())
            if (e.getKey().startsWith("extras.")) extras.put(e.getKey().substring("extras.".length()), e.getValue());
        Episodic episodic = Episodic.of(problem);
        if (episodic != null) episodic.restore(in, "episodes");
    }

    /**
     * Starts the inner variable afresh at {@code y0} because the problem drew a new meta-batch ({@link Episodic}): y,
     * and in subclasses every y-space quantity kept between steps (BVFIM's and MinimaxOPT's z, F2SA's z, AID's
     * warm-started linear-system solution, SPNBO's multipliers), so nothing of the previous episodes' heads carries over.
     */
    public void resetInner(Vec y0) { y.assign(y0); }
}
