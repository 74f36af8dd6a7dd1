package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * {@code couplingBound} (StepRule.couplingCeiling, docs/STOCHASTIC.md §0): on benchopt's quadratic the full-batch SOBA
 * iteration of (y, v, x) is unstable at the default γ = 1/(2 L_Φ) and stable at γ times the ceiling; on our own
 * quadratic, where the default γ is stable, there is no ceiling; the ceiling does not change when G or F is scaled.
 */
class CouplingBoundTest {
    private static final Options BOUND = new Options(Map.of("couplingBound", "4"));

    private static BilevelProblem benchopt;

    /** benchopt's generator at its sizes, seed 0 (built once: 32768 inner samples). */
    private static synchronized BilevelProblem benchopt() {
        if (benchopt == null) benchopt = Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt")), 0);
        return benchopt;
    }

    private static double ceiling(BilevelProblem p) { return StochasticSettings.readTracked(p, BOUND, false).rule().ceiling(); }

    /** Spectral radius of the full-batch SOBA map (y, v, x) ↦ (y − ρ D_y, v − ρ D_v, x − γ D_x), affine on a quadratic. */
    private static double radius(BilevelProblem p, double rho, double gamma) {
        int dy = p.dimY(), n = 2 * dy + p.dimX();
        double[] zero = new double[n], base = step(p, zero, rho, gamma);
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double[] u = new double[n];
            u[k] = 1;
            double[] o = step(p, u, rho, gamma);
            for (int i = 0; i < n; i++) j.set(i, k, o[i] - base[i]);
        }
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(n, false);
        assertTrue(e.decompose(j));
        double r = 0;
        for (int i = 0; i < n; i++) r = Math.max(r, Math.hypot(e.getEigenvalue(i).real, e.getEigenvalue(i).imaginary));
        return r;
    }

    private static double[] step(BilevelProblem p, double[] u, double rho, double gamma) {
        int dy = p.dimY(), dx = p.dimX();
        Vec y = Vec.of(java.util.Arrays.copyOfRange(u, 0, dy)), v = Vec.of(java.util.Arrays.copyOfRange(u, dy, 2 * dy)),
                x = Vec.of(java.util.Arrays.copyOfRange(u, 2 * dy, 2 * dy + dx));
        Directions d = Directions.at(p, p, x, y, v);
        double[] o = new double[u.length];
        System.arraycopy(y.copy().axpy(-rho, d.dy()).toArray(), 0, o, 0, dy);
        System.arraycopy(v.copy().axpy(-rho, d.dv()).toArray(), 0, o, dy, dy);
        System.arraycopy(x.copy().axpy(-gamma, d.dx()).toArray(), 0, o, 2 * dy, dx);
        return o;
    }

    @Test void theCeilingMakesBenchoptsQuadraticStable() {
        BilevelProblem p = benchopt();
        StochasticSettings st = StochasticSettings.readTracked(p, BOUND, false);
        double c = st.rule().ceiling();
        assertTrue(radius(p, st.innerStep(), st.outerStep()) > 1.005, "the default γ is unstable there (1.0072)");
        double r = radius(p, st.innerStep(), c * st.outerStep());
        assertTrue(r < 1, "stable at the ceiling " + c + ": radius " + r);
        assertTrue(c > 1.0 / 32, "not needlessly small: " + c);
    }

    @Test void noCeilingWhereTheDefaultIsStable() {
        assertEquals(1, ceiling(Catalog.problem("quadratic", new Options(Map.of()), 0)));
    }

    @Test void theCeilingIsBlindToTheLossesScales() {
        double c = ceiling(benchopt());
        assertEquals(c, ceiling(new ScaledLosses(benchopt(), 1000, 1)), 1e-6 * c);
        assertEquals(c, ceiling(new ScaledLosses(benchopt(), 1, 1000)), 1e-6 * c);
    }

    @Test void offByDefault() {
        assertEquals(StepRule.SMALLEST, StochasticSettings.readTracked(benchopt(), new Options(Map.of()), false).rule());
    }
}
