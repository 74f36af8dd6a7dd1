package org.bilevel4j.solver.hessfree;

import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * Stochastic MinimaxOPT, Algorithm 2 (ALGORITHMS.md §2.5; defaults UNVERIFIED). Per iteration n:
 * <pre>
 *   B_f ⊂ outer samples, B_g ⊂ inner samples, drawn independently without replacement
 *   (25a–c) on the view (F ← mean over B_f, G ← mean over B_g; the same B_g for G(x,y) and G(x,z))
 *   η_n = cosine(n) · base step of the block (SGDR without restarts over {@code horizon} iterations)
 *   x, y: heavy-ball / Adam / SGD descent;  z: ascent;  α ← τ α every {@code stageLength} iterations
 * </pre>
 * With heavy-ball or SGD the y and z base steps scale with α as in Algorithm 1 (c_y/(L_f + α L_g), c_z/(α L_g));
 * Adam normalises the gradient scale itself, so its base steps are the constants {@code adamStepY}, {@code adamStepZ}.
 */
public final class MinimaxOptSgd implements Solver<MinimaxOptSgdState> {
    /** The stochastic part: batch sizes, rule, momentum, cosine horizon and floor. */
    public record Sampling(int outerBatch, int innerBatch, String rule, double momentum, long horizon, double minStepRatio,
                           double adamStepY, double adamStepZ) {
        public Sampling {
            if (outerBatch < 1 || innerBatch < 1) throw new IllegalArgumentException("batch sizes must be >= 1");
            if (horizon < 1) throw new IllegalArgumentException("the cosine horizon must be >= 1");
            if (!(minStepRatio >= 0 && minStepRatio <= 1)) throw new IllegalArgumentException("minStepRatio must be in [0, 1]");
        }
    }

    private final MinimaxSettings st;
    private final Sampling sm;
    private final long seed;

    public MinimaxOptSgd(MinimaxSettings settings, Sampling sampling, long seed) {
        this.st = settings;
        this.sm = sampling;
        this.seed = seed;
    }

    @Override public String name() { return "minimaxopt-sgd"; }

    @Override public MinimaxOptSgdState init(BilevelProblem problem, Vec x0, Vec y0) {
        MinimaxOptSgdState s = new MinimaxOptSgdState(problem, x0.copy(), y0.copy(), y0.copy(), st.alphaOfStage(0), seed);
        Box box = problem.bounds();
        if (box != null) box.project(s.x);
        Schedule cos = Schedule.cosine(1, sm.minStepRatio(), sm.horizon());
        boolean adam = sm.rule().equals("adam");
        Schedule sx = cos.times(st.stepX());
        Schedule sy = adam ? cos.times(sm.adamStepY()) : k -> cos.at(k) * st.stepY(s.alpha);
        Schedule sz = adam ? cos.times(sm.adamStepZ()) : k -> cos.at(k) * st.stepZ(s.alpha);
        s.xUpdater = rule(sx).init(s.x);
        s.yUpdater = rule(sy).init(s.y);
        s.zUpdater = rule(sz).init(s.z);
        s.freshRules = () -> {
            s.yUpdater = rule(sy).init(s.y);
            s.zUpdater = rule(sz).init(s.z);
        };
        return s;
    }

    private UpdateRule rule(Schedule sch) {
        return switch (sm.rule()) {
            case "adam" -> UpdateRule.adam(sch);
            case "sgd" -> UpdateRule.sgd(sch);
            default -> UpdateRule.heavyBall(sch, sm.momentum());
        };
    }

    @Override public void step(MinimaxOptSgdState s) {
        if (s.stageStep == st.stageLength()) {
            s.stage++;
            s.stageStep = 0;
            s.alpha = st.alphaOfStage(s.stage);
        }
        BilevelProblem b = Batches.view(s.problem, s.rng, sm.outerBatch(), sm.innerBatch());
        Vec x = s.x, y = s.y, z = s.z;
        double a = s.alpha;
        Answer f = b.outerAt(x, y, Request.GRADS);
        Answer[] g = b.innerAt(x, y, Request.GRADS, z, Request.GRADS); // G's gradients at y and z in one pass over the batch
        Vec gx = f.gradX().axpy(a, g[0].gradX()).axpy(-a, g[1].gradX());   // (25a)
        Vec gy = f.gradY().axpy(a, g[0].gradY());                          // (25b)
        Vec gz = g[1].gradY().scale(-a);                                   // (25c)
        NonFiniteException.check("x-gradient of F_alpha", gx);
        s.hypergradient = gx;
        s.xUpdater.descend(x, gx);
        Box box = s.problem.bounds();
        if (box != null) box.project(x);
        s.yUpdater.descend(y, gy);
        s.zUpdater.ascend(z, gz);
        NonFiniteException.check("z (max variable)", z);
        s.stageStep++;
        s.extras.put("alpha", a);
        s.extras.put("stage", (double) s.stage);
    }
}
