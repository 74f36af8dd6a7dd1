package org.bilevel4j.solver.scale;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * Second-order products of a problem for the scale estimates: the problem's own when it has them, else
 * secants of its gradients (central differences along the direction, step relative to the point's size).
 */
final class SecondOrder {
    private SecondOrder() {}

    /** ∇²_yy G(x, y) v. */
    static Vec innerHvp(BilevelProblem p, Vec x, Vec y, Vec v) {
        return ownOrSecant(() -> p.innerHvpYY(x, y, v), p::innerGradY, x, y, v);
    }

    /** ∇²_yy F(x, y) v. */
    static Vec outerHvp(BilevelProblem p, Vec x, Vec y, Vec v) {
        return ownOrSecant(() -> p.outerHvpYY(x, y, v), p::outerGradY, x, y, v);
    }

    /** ∇²_xy G(x, y) v, a vector in x-space. */
    static Vec innerCross(BilevelProblem p, Vec x, Vec y, Vec v) {
        return ownOrSecant(() -> p.innerCrossXY(x, y, v), p::innerGradX, x, y, v);
    }

    /** ∇²_yx G(x, y) u, a vector in y-space (u in x-space); secants of ∇_y G along x when the problem has no product. */
    static Vec innerCrossT(BilevelProblem p, Vec x, Vec y, Vec u) {
        try {
            return p.innerCrossYX(x, y, u);
        } catch (UnsupportedOperationException e) {
            double h = 1e-5 * (1 + x.norm()) / Math.max(u.norm(), 1e-300);
            return p.innerGradY(x.copy().axpy(h, u), y).axpy(-1, p.innerGradY(x.copy().axpy(-h, u), y)).scale(1 / (2 * h));
        }
    }

    /**
     * The problem's product, or (grad(x, y + h v) − grad(x, y − h v)) / 2h when it has none, with
     * h = 1e-5 (1 + ‖y‖) / ‖v‖.
     */
    private static Vec ownOrSecant(Supplier<Vec> own, BiFunction<Vec, Vec, Vec> grad, Vec x, Vec y, Vec v) {
        try {
            return own.get();
        } catch (UnsupportedOperationException e) {
            double h = 1e-5 * (1 + y.norm()) / Math.max(v.norm(), 1e-300);
            return grad.apply(x, y.copy().axpy(h, v)).axpy(-1, grad.apply(x, y.copy().axpy(-h, v))).scale(1 / (2 * h));
        }
    }
}
