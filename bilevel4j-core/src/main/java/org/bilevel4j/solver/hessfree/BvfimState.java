package org.bilevel4j.solver.hessfree;

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

    public BvfimState(BilevelProblem problem, Vec x, Vec y, Vec z) {
        super(problem, x, y);
        this.z = z;
    }
}
