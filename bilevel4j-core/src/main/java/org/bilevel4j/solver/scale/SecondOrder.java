package org.bilevel4j.solver.scale;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * Second-order products of a problem for the scale estimates: the problem's own when it has them, else
 * secants of its gradients (central differences along the direction, step relative to the point's size).
 */
final class SecondOrder {
    private SecondOrder() {}

    private static double h(Vec at, Vec dir) {
        return 1e-5 * (1 + at.norm()) / Math.max(dir.norm(), 1e-300);
    }

    /** ∇²_yy G(x, y) v. */
    static Vec innerHvp(BilevelProblem p, Vec x, Vec y, Vec v) {
        try {
            return p.innerHvpYY(x, y, v);
        } catch (UnsupportedOperationException e) {
            double h = h(y, v);
            return p.innerGradY(x, y.copy().axpy(h, v)).axpy(-1, p.innerGradY(x, y.copy().axpy(-h, v))).scale(1 / (2 * h));
        }
    }

    /** ∇²_yy F(x, y) v. */
    static Vec outerHvp(BilevelProblem p, Vec x, Vec y, Vec v) {
        try {
            return p.outerHvpYY(x, y, v);
        } catch (UnsupportedOperationException e) {
            double h = h(y, v);
            return p.outerGradY(x, y.copy().axpy(h, v)).axpy(-1, p.outerGradY(x, y.copy().axpy(-h, v))).scale(1 / (2 * h));
        }
    }

    /** ∇²_xy G(x, y) v, a vector in x-space. */
    static Vec innerCross(BilevelProblem p, Vec x, Vec y, Vec v) {
        try {
            return p.innerCrossXY(x, y, v);
        } catch (UnsupportedOperationException e) {
            double h = h(y, v);
            return p.innerGradX(x, y.copy().axpy(h, v)).axpy(-1, p.innerGradX(x, y.copy().axpy(-h, v))).scale(1 / (2 * h));
        }
    }
}
