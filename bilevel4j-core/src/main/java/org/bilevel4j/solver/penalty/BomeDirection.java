package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * BOME's update direction at (x, y) for a fixed inner estimate θ (see {@link Bome}):
 * ∇q̂ = (∇_xG(x,y) − ∇_xG(x,θ), ∇_yG(x,y)),  λ = max(φ − ⟨∇F, ∇q̂⟩, 0) / ‖∇q̂‖²,  d = ∇F + λ∇q̂,
 * so that ⟨d, ∇q̂⟩ ≥ φ, with equality whenever λ &gt; 0.
 */
record BomeDirection(Vec dx, Vec dy, Vec qx, Vec qy, double lambda, double phi) {
    static BomeDirection of(BilevelProblem p, Vec x, Vec y, Vec theta, double eta, boolean phiFromValue) {
        Vec qx = p.innerGradX(x, y).axpy(-1, p.innerGradX(x, theta)), qy = p.innerGradY(x, y);
        Vec fx = p.outerGradX(x, y), fy = p.outerGradY(x, y);
        double q2 = qx.normSquared() + qy.normSquared();
        double phi = eta * (phiFromValue ? p.innerValue(x, y) - p.innerValue(x, theta) : q2);
        double lambda = q2 > 0 ? Math.max(phi - fx.dot(qx) - fy.dot(qy), 0) / q2 : 0; // ∇q̂ = 0: no barrier needed
        return new BomeDirection(fx.axpy(lambda, qx), fy.axpy(lambda, qy), qx, qy, lambda, phi);
    }
}
