package org.bilevel4j.solver.hypergrad;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * L-BFGS on the inner problem min_y G(x, y) (Nocedal and Wright, Numerical Optimization, Algorithm 7.4 and 7.5), as
 * fabianp/hoag solves HOAG's step (i) with scipy's L-BFGS: the two-loop recursion over the last m pairs
 * (s, r) = (Δy, Δ∇_y G) gives d = −H ∇_y G, with H₀ = (sᵀr / rᵀr) I from the newest pair (the first step: innerStep).
 * Step t = 1, halved until ‖∇G(y + t d)‖ ≤ ‖∇G(y)‖ (near y* a quasi-Newton step shrinks the gradient; values are then at
 * their round-off in float32 sweeps) or Armijo's G(y + t d) ≤ G(y) + 10⁻⁴ t ⟨∇G, d⟩ holds. After 20 halvings, or
 * when d is not a descent direction, the memory is cleared and the next direction is −innerStep·∇G; when that fails too,
 * G and ∇G are at their round-off (HOAG's exponential tolerance 0.01·0.9^k passes float32's after about 150 outer
 * steps) and the solve stops short of the tolerance; so it does after {@link #STALL} steps without a new smallest
 * ‖∇G‖ (at round-off a value can still fall by chance). A pair is kept only when sᵀr > 10⁻¹⁰ ‖s‖ ‖r‖ (curvature along the
 * step). The memory starts empty at each call (x has moved).
 */
public final class InnerLbfgs {
    private InnerLbfgs() {}

    /** A curvature pair: the step s, the change r of the gradient along it, ρ = 1 / sᵀr. */
    private record Pair(Vec s, Vec r, double rho) {}

    /** Steps without a new smallest ‖∇G‖ after which the solve is taken to be at round-off. */
    static final int STALL = 50;

    /** Pairs kept (scipy's default maxcor is 10). */
    public static final int MEMORY = 10;

    /**
     * Minimizes G(x, ·) from y (in place) until ‖∇_y G‖ ≤ tolerance or {@code maxIterations}; g holds ∇_y G(x, y) on
     * entry and on exit. Returns the iterations taken.
     */
    public static int run(BilevelProblem p, Vec x, Vec y, Vec g, double tolerance, int maxIterations, double innerStep) {
        ArrayDeque<Pair> pairs = new ArrayDeque<>(); // newest first
        int k = 0, sinceBest = 0;
        double best = g.norm();
        while (!(g.norm() <= tolerance) && k < maxIterations) {
            Vec d = direction(pairs, g, innerStep);
            double slope = g.dot(d);
            Vec next = null, gNext = null;
            if (slope < 0) {
                double t = 1, value = Double.NaN;
                for (int halvings = 0; halvings <= 20; halvings++, t /= 2) {
                    Vec trial = y.copy().axpy(t, d), gTrial = p.innerGradY(x, trial);
                    boolean accept = gTrial.norm() <= g.norm();
                    if (!accept) {
                        if (Double.isNaN(value)) value = p.innerValue(x, y);
                        double v = p.innerValue(x, trial);
                        accept = v < value && v <= value + 1e-4 * t * slope; // strictly lower: equal values are round-off
                    }
                    if (accept) {
                        next = trial;
                        gNext = gTrial;
                        break;
                    }
                }
            }
            if (next == null) { // no acceptable step along d
                if (pairs.isEmpty()) break; // not even along −innerStep·∇G: G and ∇G are at their round-off, stop
                pairs.clear(); // else try again along the gradient
                continue;
            }
            Vec s = next.copy().axpy(-1, y), r = gNext.copy().axpy(-1, g);
            double sr = s.dot(r);
            if (sr > 1e-10 * s.norm() * r.norm()) {
                pairs.addFirst(new Pair(s, r, 1 / sr));
                if (pairs.size() > MEMORY) pairs.removeLast();
            }
            y.assign(next);
            g.assign(gNext);
            k++;
            if (g.norm() < best) {
                best = g.norm();
                sinceBest = 0;
            } else if (++sinceBest >= STALL) break; // no new smallest gradient in STALL steps: round-off
        }
        return k;
    }

    /** −H g by the two-loop recursion (Algorithm 7.4). */
    private static Vec direction(ArrayDeque<Pair> pairs, Vec g, double innerStep) {
        Vec q = g.copy();
        double[] alpha = new double[pairs.size()];
        int i = 0;
        for (Pair pr : pairs) { // newest to oldest
            alpha[i] = pr.rho() * pr.s().dot(q);
            q.axpy(-alpha[i], pr.r());
            i++;
        }
        double gamma = innerStep;
        if (!pairs.isEmpty()) {
            Pair newest = pairs.peekFirst();
            gamma = newest.s().dot(newest.r()) / newest.r().dot(newest.r());
        }
        q.scale(gamma);
        Iterator<Pair> oldestFirst = pairs.descendingIterator();
        i = pairs.size() - 1;
        while (oldestFirst.hasNext()) {
            Pair pr = oldestFirst.next();
            double beta = pr.rho() * pr.r().dot(q);
            q.axpy(alpha[i] - beta, pr.s());
            i--;
        }
        return q.scale(-1);
    }
}
