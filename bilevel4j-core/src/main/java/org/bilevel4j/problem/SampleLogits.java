package org.bilevel4j.problem;

import org.bilevel4j.vec.Vec;

/**
 * A problem whose losses are linear models over samples (docs/STOCHASTIC.md §2.1): on a mini-batch view, each of SOBA's
 * parts is a sample-independent part P plus a sum over the batch's samples of a few numbers spread over the data,
 * <pre>
 *   ∇_y G      = X̃_Bᵀ r^G + P_G(y)           r^G_i = σ(x_i)(p_i − e_{y_i}) / |B|        (K numbers a sample)
 *   ∇²_yy G v  = X̃_Bᵀ r^H + P_H(v)           r^H_i = σ(x_i)(diag p_i − p_i p_iᵀ) V x̃_i / |B|
 *   ∇²_xy G v  = E_B c + P_C(v)              c_i   = (∂/∂x_i) of the sample's term along v  (one number a sample)
 *   ∇_y F      = X̃_Vᵀ r^F + P_F(y)           ∇_x F = P_X(y)
 * </pre>
 * so that a SAGA table keeps r^G, r^H, c, r^F per batch instead of the gradient rows (hyper-cleaning: X̃ are the
 * training / validation features, E_B puts c_i at coordinate x_i, P_G = 2 reg y, P_H = 2 reg v, P_C = P_F = P_X = 0).
 * The methods are called on {@link BilevelProblem#batch} views; their samples are the view's.
 */
public interface SampleLogits {
    /** r^G of the view's inner samples, |B|·K numbers. */
    double[] innerGradLogits(Vec x, Vec y);

    /** r^H of the view's inner samples along v, |B|·K numbers. */
    double[] innerHvpLogits(Vec x, Vec y, Vec v);

    /** c of the view's inner samples along v, one number a sample (an empty array when G's samples do not depend on x). */
    double[] innerCrossLogits(Vec x, Vec y, Vec v);

    /** r^F of the view's outer samples, |B_F|·K numbers. */
    double[] outerGradLogits(Vec x, Vec y);

    /** X̃_Bᵀ r over the view's inner samples (dimension of y). */
    Vec innerSpread(double[] r);

    /** E_B c over the view's inner samples (dimension of x). */
    Vec innerCrossSpread(double[] c);

    /** X̃_Vᵀ r over the view's outer samples (dimension of y). */
    Vec outerSpread(double[] r);

    /** P_G(x, y): the part of ∇_y G no sample defines (e.g. a regularizer's gradient). */
    Vec innerGradYFree(Vec x, Vec y);

    /** P_H(x, y, v). */
    Vec innerHvpFree(Vec x, Vec y, Vec v);

    /** P_C(x, y, v). */
    Vec innerCrossFree(Vec x, Vec y, Vec v);

    /** P_F(x, y). */
    Vec outerGradYFree(Vec x, Vec y);

    /** P_X(x, y) = ∇_x F. */
    Vec outerGradXFree(Vec x, Vec y);

    /**
     * The problem's {@link SampleLogits} under counting wrappers, or null when it has none (a network, or a wrapper
     * that changes the oracles).
     */
    static SampleLogits of(BilevelProblem p) {
        BilevelProblem q = p instanceof CountingProblem c ? c.uncounted() : p;
        return q instanceof SampleLogits s ? s : null;
    }
}
