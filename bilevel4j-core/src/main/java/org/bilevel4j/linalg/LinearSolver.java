package org.bilevel4j.linalg;

import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * Approximately solves A v = b for a symmetric positive definite operator A given by its products
 * (in AID, A = ∇²_yy G and b = ∇_y F). Each application of A is one Hessian-vector product.
 */
public interface LinearSolver {
    /**
     * @param a         the operator v ↦ A v
     * @param b         the right-hand side
     * @param warmStart a starting point (zero or the previous solution); never modified
     */
    Vec solve(UnaryOperator<Vec> a, Vec b, Vec warmStart);
}
