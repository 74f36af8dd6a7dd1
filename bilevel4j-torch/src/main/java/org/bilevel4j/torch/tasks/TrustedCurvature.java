package org.bilevel4j.torch.tasks;

import java.util.Arrays;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.scale.PowerIteration;
import org.bilevel4j.vec.Vec;

/**
 * L_g of a network hyper-cleaning problem G(x, y) = (1/n) Σ σ(x_i) CE_i(y) + reg ‖y‖² as the linear task defines it:
 * the curvature with every sample weight at its bound σ(x_i) = 1 (x_i = {@link #TRUSTED}), i.e. λ_max ∇²_yy G(x̄, y0)
 * by power iteration on Hessian-vector products, on first use (then kept; batch views share it).
 * <p>
 * Why not the estimate at the start x0 = 0 ({@code Scales}): there σ = ½, so it is half the curvature G reaches once
 * x moves, and a network's curvature grows further as its weights do. On the 2-layer linear network (MNIST, 1000
 * samples) the inner step 1/L_g(x0) made the last 25 of 50 unrolled steps expand (TRHG's hypergradient norm 5e3,
 * x at norm 5e6 after one outer step); half that step gave a hypergradient of norm 0.02. Scale-invariant like the
 * estimate: G → cG multiplies it by c.
 */
final class TrustedCurvature extends ForwardingProblem {
    /** σ(30) = 1 − 9e-14: every sample fully trusted. */
    static final double TRUSTED = 30;
    private static final int POWER_STEPS = 20;
    private static final long SEED = 0x5ca1e5L;

    private final double[] lipschitz; // shared with batch views: {NaN} until computed

    TrustedCurvature(BilevelProblem delegate) { this(delegate, new double[] {Double.NaN}); }

    private TrustedCurvature(BilevelProblem delegate, double[] lipschitz) {
        super(delegate);
        this.lipschitz = lipschitz;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new TrustedCurvature(view, lipschitz); }

    @Override public double innerLipschitz() {
        synchronized (lipschitz) {
            if (Double.isNaN(lipschitz[0])) {
                double[] trusted = new double[delegate.dimX()];
                Arrays.fill(trusted, TRUSTED);
                Vec x = Vec.of(trusted), y0 = delegate.initialY();
                lipschitz[0] = PowerIteration.largest(v -> delegate.innerHvpYY(x, y0, v), delegate.dimY(), POWER_STEPS, SEED);
            }
            return lipschitz[0];
        }
    }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }
    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }
    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }
}
