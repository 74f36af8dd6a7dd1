package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * BOME's update direction at (x, y) for a fixed inner estimate θ (see {@link Bome}):
 * ∇q̂ = (∇_xG(x,y) − ∇_xG(x,θ), ∇_yG(x,y)),  λ = max(φ − ⟨∇F, ∇q̂⟩, 0) / ‖∇q̂‖²,  d = ∇F + λ∇q̂,
 * so that ⟨d, ∇q̂⟩ ≥ φ, with equality whenever λ &gt; 0.
 */
record BomeDirection(Vec dx, Vec dy, Vec qx, Vec qy, double lambda, double phi) {
    static BomeDirection of(BilevelProblem p, Vec x, Vec y, Vec theta, double eta, boolean phiFromValue) {
        // G's parts at y and θ in one pass, F's gradients in another
        Answer[] g = p.innerAt(x, y, new Request(phiFromValue, true, true), theta, new Request(phiFromValue, true, false));
        Answer f = p.outerAt(x, y, Request.GRADS);
        Vec qx = g[0].gradX().axpy(-1, g[1].gradX()), qy = g[0].gradY();
        Vec fx = f.gradX(), fy = f.gradY();
        double q2 = qx.normSquared() + qy.normSquared();
        double phi = eta * (phiFromValue ? g[0].value() - g[1].value() : q2);
        double lambda = q2 > 0 ? Math.max(phi - fx.dot(qx) - fy.dot(qy), 0) / q2 : 0; // ∇q̂ = 0: no barrier needed
        return new BomeDirection(fx.axpy(lambda, qx), fy.axpy(lambda, qy), qx, qy, lambda, phi);
    }
}
