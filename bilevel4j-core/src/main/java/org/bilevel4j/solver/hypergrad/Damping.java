package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;

/**
 * The damping λ of the implicit linear system (∇²_yy G + λ I) v = ∇_y F (ALGORITHMS.md §4.2), the option {@code damping}
 * of aid-cg, aid-neumann, aid-fp, stocbio and the stochastic solvers of {@code solver/stochastic} (their v or z systems
 * and Neumann series, through {@code DampedHessian}): 0, the system as written, unless the problem says its inner problem is not
 * convex ({@link BilevelProblem#innerNonConvex}); then a tenth of L_g, the largest curvature that sets the inner step.
 * On a network ∇²_yy G is indefinite at the start and nearly singular after: CG stops at negative curvature but steps
 * far along nearly flat directions, and a Neumann series grows like (1 + η |λ_min|)^Q. Measured on {@code reweight
 * --set model=mlp} (L_g = 4.4, smallest eigenvalue −1.19 at the start): undamped, aid-cg's weights collapsed onto one
 * sample and the run diverged at every outer step tried (0.5 to 550); damped by 0.44, it ran at 5, 20, 100 and 550.
 */
public final class Damping {
    private Damping() {}

    /** λ / L_g on a problem whose inner problem is not convex. */
    static final double SHARE_OF_LG = 0.1;

    /** The option {@code damping}: given, or the default above (L_g from the problem's scales, estimated only when needed). */
    public static double read(BilevelProblem p, Options o) {
        double def = p.innerNonConvex() ? SHARE_OF_LG * Scales.of(p).innerLipschitz() : 0;
        double d = o.getDouble("damping", def, "lambda >= 0 of the damped system (H + lambda I) v = grad_y F; default 0 (undamped, as the papers), "
                + "or L_g / 10 when the problem's inner problem is not convex (a network)");
        if (!(d >= 0) || Double.isInfinite(d)) throw new IllegalArgumentException("option damping=" + d + " must be a number >= 0");
        return d;
    }
}
