package org.bilevel4j.solver.spnbo;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The augmented Lagrangian (2) of ALGORITHMS.md §3.3 at one point, with full gradients, for the stage tests (3)–(5):
 * <pre>
 *   c = ∇_w G(λ, w)  (the smoothed inner first-order condition),   Ψ = (1/d) Σ_i (α_i c_i + β/2 c_i²)
 *   ∇_w L = ∇_w f + (1/d) ∇²_ww G (α + βc),   ∇_λ L = ∇_λ f + (1/d) ∇²_λw G (α + βc)
 * </pre>
 * (∇_w c_i is row i of the symmetric ∇²_ww G, so Σ_i u_i ∇_w c_i is one Hessian-vector product.)
 */
public record AugmentedLagrangian(Vec c, double psi, Vec gradW, Vec gradLambda) {
    public static AugmentedLagrangian at(BilevelProblem p, Vec lambda, Vec w, Vec alpha, double beta) {
        Vec c = p.innerGradY(lambda, w);
        int d = c.dim();
        double psi = (alpha.dot(c) + 0.5 * beta * c.normSquared()) / d;
        Vec u = alpha.copy().axpy(beta, c).scale(1.0 / d);
        Vec gw = p.outerGradY(lambda, w).axpy(1, p.innerHvpYY(lambda, w, u));
        Vec gl = p.outerGradX(lambda, w).axpy(1, p.innerCrossXY(lambda, w, u));
        return new AugmentedLagrangian(c, psi, gw, gl);
    }

    /** (3) ‖∇_w L‖² + ‖∇_λ L‖² ≤ ε₁, (4) |Ψ| ≤ ε₂, (5) ‖c‖² ≤ ε₃. */
    public boolean stageDone(double eps1, double eps2, double eps3) {
        return gradW.normSquared() + gradLambda.normSquared() <= eps1 && Math.abs(psi) <= eps2 && c.normSquared() <= eps3;
    }
}
