package org.bilevel4j.solver.hessfree;

import java.util.SplittableRandom;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/** Stochastic MinimaxOPT's state (ALGORITHMS.md §2.5): x, y, z, α, the stage clock, one update rule per block, the sampler. */
public final class MinimaxOptSgdState extends SolverState {
    public final Vec z;
    public double alpha;
    public long stage, stageStep;
    public UpdateRule.Updater xUpdater, yUpdater, zUpdater;
    public final SplittableRandom rng;

    public MinimaxOptSgdState(BilevelProblem problem, Vec x, Vec y, Vec z, double alpha, long seed) {
        super(problem, x, y);
        this.z = z;
        this.alpha = alpha;
        this.rng = new SplittableRandom(seed);
    }
}
