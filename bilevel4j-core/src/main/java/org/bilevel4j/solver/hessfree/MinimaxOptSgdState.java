package org.bilevel4j.solver.hessfree;

import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
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
    public final Rng rng;

    public MinimaxOptSgdState(BilevelProblem problem, Vec x, Vec y, Vec z, double alpha, long seed) {
        super(problem, x, y);
        this.z = z;
        this.alpha = alpha;
        this.rng = new Rng(seed);
    }

    @Override public void save(Snapshot out) {
        super.save(out);
        out.put("z", z).put("alpha", alpha).putLong("stage", stage).putLong("stageStep", stageStep).putLong("rng", rng.state());
        xUpdater.save(out, "xRule");
        yUpdater.save(out, "yRule");
        zUpdater.save(out, "zRule");
    }

    @Override public void restore(Snapshot in) {
        super.restore(in);
        in.into("z", z);
        alpha = in.num("alpha");
        stage = in.integer("stage");
        stageStep = in.integer("stageStep");
        rng.setState(in.integer("rng"));
        xUpdater.restore(in, "xRule");
        yUpdater.restore(in, "yRule");
        zUpdater.restore(in, "zRule");
    }

    /** y and z afresh; their update rules' buffers (momentum, Adam moments) belong to the old episodes and start over. */
    @Override public void resetInner(Vec y0) {
        super.resetInner(y0);
        z.assign(y0);
        if (freshRules != null) freshRules.run();
    }

    /** Re-creates the y and z update rules (set by the solver's init). */
    public Runnable freshRules;
}
