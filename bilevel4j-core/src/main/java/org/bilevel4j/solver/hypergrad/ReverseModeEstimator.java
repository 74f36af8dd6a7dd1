package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * Iterative differentiation in reverse mode (ALGORITHMS.md §4.2 ITD branch; §5 RHG, TRHG, BDA): run T
 * unrolled inner steps y_{j+1} = y_j − u_j ∇_yF(x, y_j) − l_j ∇_yG(x, y_j) from the warm-started y
 * (treated as not depending on x), then back-propagate through the last K of them:
 * <pre>
 *   a = ∇_yF(x, y_T),  ĝ = ∇_xF(x, y_T)
 *   for j = T−1 … T−K:  ĝ += B_jᵀ a,   a ← A_jᵀ a        (a is not needed after j = T−K)
 *   A_jᵀ a = a − l_j ∇²_yyG(x,y_j) a − u_j ∇²_yyF(x,y_j) a,   B_jᵀ a = −l_j ∇²_xyG(x,y_j) a − u_j ∇²_xyF(x,y_j) a
 * </pre>
 * K = T is RHG (Franceschi 2017), K &lt; T is truncated RHG (Shaban 2019), K = 0 is first-order ITD
 * (ĝ = ∇_xF(x, y_T), §4.2 FO-ITD-BiO). With BDA weights it is BDA's hypergradient. Calls per estimate: T ∇_yG
 * (and T ∇_yF where u ≠ 0), one ∇_xF, one ∇_yF (none when K = 0), K cross products and K − 1 HVPs of G (and of F
 * where u ≠ 0).
 * <p>Memory: the iterates y_{T−K} … y_{T−1} are needed in reverse order. With {@code memoryBudget} N ≥ K − 1 they
 * are all kept (K vectors). With N &lt; K − 1, {@link Revolve} keeps N snapshots and one working copy and recomputes
 * the others, {@link Revolve#recomputedSteps} extra steps (each one ∇_yG, and one ∇_yF where u ≠ 0), the fewest
 * possible; the hypergradient is the same, since a recomputed step repeats the same arithmetic.
 * <p>With {@code innerBatch} B, step j reads G on its own mini-batch B_j ({@link InnerBatches}, drawn for all T steps
 * before the forward sweep), and the reverse pass differentiates that same step: its HVP and cross product read B_j
 * too (a recomputed step as well). F stays on all outer samples.
 */
public record ReverseModeEstimator(int steps, UnrolledSteps dynamics, int truncation, int memoryBudget, int innerBatch)
        implements HypergradientEstimator {
    /** Keep every iterate that is back-propagated through. */
    public static final int KEEP_ALL = Integer.MAX_VALUE;

    public ReverseModeEstimator {
        if (steps < 0) throw new IllegalArgumentException("inner steps must be >= 0, got " + steps);
        if (truncation < 0) throw new IllegalArgumentException("truncation must be >= 0, got " + truncation);
        if (memoryBudget < 1) throw new IllegalArgumentException("memoryBudget must be >= 1, got " + memoryBudget);
    }

    /** Inner steps on all inner samples. */
    public ReverseModeEstimator(int steps, UnrolledSteps dynamics, int truncation, int memoryBudget) {
        this(steps, dynamics, truncation, memoryBudget, InnerBatches.FULL);
    }

    @Override public void init(HypergradientDescent.State s) { InnerBatches.init(s, innerBatch); }

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem full = s.problem;
        BilevelProblem[] views = null; // views[j]: the G of step j when mini-batched
        if (s.innerBatches != null) {
            views = new BilevelProblem[steps];
            for (int j = 0; j < steps; j++) views[j] = s.innerBatches.nextView(full);
        }
        Steps p = new Steps(full, views);
        Vec x = s.x, y = s.y;
        int k = Math.min(truncation, steps), first = steps - k;
        for (int j = 0; j < first; j++) step(p, x, y, j); // not back-propagated through
        if (k == 0) return p.outerGradX(x, NonFiniteException.check("inner iterate y", y)); // fo-itd needs no ∇_yF
        Vec[] snapshots = new Vec[Math.min(memoryBudget, k)];
        Vec cur = y, g = null, a = null; // cur: the sweep's y until the first turn, then a working copy
        int at = 0;                      // cur = y_{first + at}
        for (Revolve.Action act : Revolve.schedule(k, memoryBudget)) {
            int i = act.slot();
            switch (act.kind()) {
                case ADVANCE -> { for (; at < act.position(); at++) step(p, x, cur, first + at); }
                case STORE -> snapshots[i] = snapshots[i] == null ? cur.copy() : snapshots[i].assign(cur);
                case RESTORE -> { cur.assign(snapshots[i]); at = act.position(); }
                case FIRST_TURN -> {
                    cur = y.copy();                 // y_{T−1}
                    step(p, x, y, steps - 1);       // y_T, left in s.y
                    NonFiniteException.check("inner iterate y", y);
                    g = p.outerGradX(x, y);
                    a = p.outerGradY(x, y);
                    back(p, x, cur, steps - 1, first, a, g);
                }
                case TURN -> back(p, x, cur, first + act.position(), first, a, g);
            }
        }
        return g;
    }

    /** F on all outer samples; G of step j on its batch, or on all inner samples. */
    private record Steps(BilevelProblem p, BilevelProblem[] views) {
        BilevelProblem g(int j) { return views == null ? p : views[j]; }

        Vec outerGradX(Vec x, Vec y) { return p.outerGradX(x, y); }
        Vec outerGradY(Vec x, Vec y) { return p.outerGradY(x, y); }
        Vec outerCrossXY(Vec x, Vec y, Vec v) { return p.outerCrossXY(x, y, v); }
        Vec outerHvpYY(Vec x, Vec y, Vec v) { return p.outerHvpYY(x, y, v); }
    }

    /** y_{j+1} = y_j − u_j ∇_yF(x, y_j) − l_j ∇_yG(x, y_j), in place. */
    private void step(Steps p, Vec x, Vec y, int j) {
        double u = dynamics.upperWeight(j), l = dynamics.lowerWeight(j);
        Vec dir = p.g(j).innerGradY(x, y).scale(l);
        if (u != 0) dir.axpy(u, p.outerGradY(x, y));
        y.axpy(-1, dir);
    }

    /** ĝ += B_jᵀ a, then a ← A_jᵀ a unless j is the first step back-propagated through; yj = y_j. */
    private void back(Steps p, Vec x, Vec yj, int j, int first, Vec a, Vec g) {
        double u = dynamics.upperWeight(j), l = dynamics.lowerWeight(j);
        g.axpy(-l, p.g(j).innerCrossXY(x, yj, a));
        if (u != 0) g.axpy(-u, p.outerCrossXY(x, yj, a));
        if (j > first) {
            Vec ha = p.g(j).innerHvpYY(x, yj, a).scale(l);
            if (u != 0) ha.axpy(u, p.outerHvpYY(x, yj, a));
            a.axpy(-1, ha);
        }
    }
}
