package org.bilevel4j.solver.hessfree;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/** BVFIM's state (ALGORITHMS.md §1.6): x, y, the value-function iterate z and the barrier quantities of the last step. */
public final class BvfimState extends SolverState {
    /** z of (18): the iterate of the regularised inner problem min_z G(x,z) + μ1/2 ‖z‖², warm-started. */
    public final Vec z;
    public UpdateRule.Updater outerUpdater;
    /** The current (decayed) μ1, μ2, θ, σ and the decay factor c_k. */
    public double mu1, mu2, theta, sigma, decay;
    /** f̂ of (18) and γ of (21) from the last step. */
    public double valueEstimate, gamma;
    /** Total halvings of the y-step by the interior safeguard, and y-steps skipped because no halving stayed inside. */
    public long backtracks, blockedSteps;
    /**
     * Whether the warm-started y was interior (kept, not reset to z) at the last step and at the step before. The outcome
     * two steps back is the guess at which point the f̂ pass computes the barrier loop's first ∇_y G: right along runs of
     * either outcome and along alternations kept / reset (MNIST stocbio, the demo's options: 8 wrong guesses in the first
     * 120 steps, where the last outcome would make 27). Both false before any step.
     */
    public boolean warmYKept, warmYKeptBefore;

    public BvfimState(BilevelProblem problem, Vec x, Vec y, Vec z) {
        super(problem, x, y);
        this.z = z;
    }

    @Override public void save(Snapshot out) {
        super.save(out);
        out.put("z", z);
        outerUpdater.save(out, "outer");
        out.put("mu1", mu1).put("mu2", mu2).put("theta", theta).put("sigma", sigma).put("decay", decay)
                .put("valueEstimate", valueEstimate).put("gamma", gamma);
        out.putLong("backtracks", backtracks).putLong("blockedSteps", blockedSteps).putLong("warmYKept", warmYKept ? 1 : 0)
                .putLong("warmYKeptBefore", warmYKeptBefore ? 1 : 0);
    }

    @Override public void restore(Snapshot in) {
        super.restore(in);
        in.into("z", z);
        outerUpdater.restore(in, "outer");
        mu1 = in.num("mu1");
        mu2 = in.num("mu2");
        theta = in.num("theta");
        sigma = in.num("sigma");
        decay = in.num("decay");
        valueEstimate = in.num("valueEstimate");
        gamma = in.num("gamma");
        backtracks = in.integer("backtracks");
        blockedSteps = in.integer("blockedSteps");
        // absent from checkpoints written before the guess
        warmYKept = in.integers().getOrDefault("warmYKept", 0L) != 0;
        warmYKeptBefore = in.integers().getOrDefault("warmYKeptBefore", 0L) != 0;
    }

    @Override public void resetInner(Vec y0) {
        super.resetInner(y0);
        z.assign(y0);
    }
}
