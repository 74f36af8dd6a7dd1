package org.bilevel4j.solver.hessfree;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/** MinimaxOPT's state (ALGORITHMS.md §2.4): x, y, the max variable z, the multiplier α and the stage clock. */
public final class MinimaxOptState extends SolverState {
    /** z of (6): the ascent variable whose optimum is y*(x). */
    public final Vec z;
    /** The multiplier α_k of the current stage k. */
    public double alpha;
    public long stage;
    /** GDA iterations done in the current stage. */
    public long stageStep;
    /** Factor on the x step, halved at each growth back-off ({@link MinimaxOpt#GROWTH}); 1 until then. */
    public double stepXScale = 1;
    /** Smallest ‖g_x‖ since the last back-off (0: none yet), and the back-offs so far. */
    public double bestGx;
    public long backoffs;

    public MinimaxOptState(BilevelProblem problem, Vec x, Vec y, Vec z, double alpha) {
        super(problem, x, y);
        this.z = z;
        this.alpha = alpha;
    }

    @Override public void save(Snapshot out) {
        super.save(out);
        out.put("z", z).put("alpha", alpha).putLong("stage", stage).putLong("stageStep", stageStep)
                .put("stepXScale", stepXScale).put("bestGx", bestGx).putLong("backoffs", backoffs);
    }

    @Override public void restore(Snapshot in) {
        super.restore(in);
        in.into("z", z);
        alpha = in.num("alpha");
        stage = in.integer("stage");
        stageStep = in.integer("stageStep");
        if (in.numbers().containsKey("stepXScale")) { // checkpoints written before the back-off have none
            stepXScale = in.num("stepXScale");
            bestGx = in.num("bestGx");
            backoffs = in.integer("backoffs");
        }
    }

    @Override public void resetInner(Vec y0) {
        super.resetInner(y0);
        z.assign(y0);
    }
}
