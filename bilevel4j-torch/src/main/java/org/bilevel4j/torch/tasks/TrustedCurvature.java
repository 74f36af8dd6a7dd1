package org.bilevel4j.torch.tasks;

import java.util.Arrays;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * Where L_g of a network hyper-cleaning problem G(x, y) = (1/n) Σ σ(x_i) CE_i(y) + reg ‖y‖² is estimated, as the
 * linear task defines it: with every sample weight at its bound σ(x_i) = 1 (x_i = {@link #TRUSTED}), i.e.
 * λ_max ∇²_yy G(x̄, y0) by the defaults' power iteration ({@code Scales}, which goes through the run's counted
 * problem: its Hessian-vector products count as oracle calls like every other estimate).
 * <p>
 * Why not the estimate at the start x0 = 0: there σ = ½, so it is half the curvature G reaches once x moves, and a
 * network's curvature grows further as its weights do. On the 2-layer linear network (MNIST, 1000 samples) the inner
 * step 1/L_g(x0) made the last 25 of 50 unrolled steps expand (TRHG's hypergradient norm 5e3, x at norm 5e6 after one
 * outer step); half that step gave a hypergradient of norm 0.02. Scale-invariant like the estimate: G → cG
 * multiplies it by c.
 */
final class TrustedCurvature extends ForwardingProblem {
    /** σ(30) = 1 − 9e-14: every sample fully trusted. */
    static final double TRUSTED = 30;

    TrustedCurvature(BilevelProblem delegate) { super(delegate); }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new TrustedCurvature(view); }

    @Override public Vec curvatureX() {
        double[] trusted = new double[delegate.dimX()];
        Arrays.fill(trusted, TRUSTED);
        return Vec.of(trusted);
    }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }
    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }
    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }
}
