package org.bilevel4j.solver.hessfree;

import static org.bilevel4j.testing.FiniteDifferences.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.problems.ToyNonconvex;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class BvfimTest {
    static final SmoothConvexInstance P = new SmoothConvexInstance();
    static final double MU1 = 0.1, MU2 = 0.05, THETA = 0.1, SIGMA = 0.1;

    /** The instance's own oracles against finite differences (the FD test of (16) relies on them). */
    @Test void smoothInstanceOraclesAreRight() {
        Vec x = Vec.of(0.3, -0.8), y = Vec.of(0.2, 1.1, -0.5);
        assertTrue(relativeError(P.innerGradY(x, y), gradient(v -> P.innerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(P.innerGradX(x, y), gradient(u -> P.innerValue(u, y), x, 1e-5)) < 1e-8);
        assertTrue(relativeError(P.outerGradY(x, y), gradient(v -> P.outerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(P.outerGradX(x, y), gradient(u -> P.outerValue(u, y), x, 1e-5)) < 1e-8);
    }

    // ---- eq. (16): the exact gradient of φ_{μ,θ,σ} ------------------------------------------------------

    /** Damped Newton with a finite-difference Hessian of the gradient (the test's own solver), to ‖∇‖ < 1e-11. */
    static Vec minimise(ToDoubleFunction<Vec> f, Function<Vec, Vec> grad, Vec start) {
        Vec v = start.copy();
        double fv = f.applyAsDouble(v);
        int n = v.dim();
        for (int it = 0; it < 500; it++) {
            Vec g = grad.apply(v);
            if (g.norm() < 1e-11) return v;
            double[][] h = new double[n][];
            for (int j = 0; j < n; j++) {
                Vec e = Vec.zeros(n);
                Vec.array(e)[j] = 1;
                h[j] = directional(grad, v, e, 1e-6).toArray();
            }
            Vec step = Vec.of(solve3(h, g.toArray()));
            if (step.dot(g) <= 0) step = g.copy();
            double s = 1;
            boolean moved = false;
            while (s > 1e-12) {
                Vec t = v.copy().axpy(-s, step);
                double ft = f.applyAsDouble(t);
                if (ft <= fv - 1e-4 * s * step.dot(g) || (ft <= fv && grad.apply(t).norm() < g.norm())) { v = t; fv = ft; moved = true; break; }
                s *= 0.5;
            }
            if (!moved) break;
        }
        Vec g = grad.apply(v);
        assertTrue(g.norm() < 1e-10, "inner minimisation stopped at gradient norm " + g.norm());
        return v;
    }

    /** Gaussian elimination with partial pivoting for a small symmetric system. */
    static double[] solve3(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double m = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= m * a[c][k];
                b[r] -= m * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = b[r];
            for (int k = r + 1; k < n; k++) sum -= a[r][k] * x[k];
            x[r] = sum / a[r][r];
        }
        return x;
    }

    record Inner(Vec z, double fHat, Vec y, double phi) {}

    /** z*_μ(x) (14), f*_μ(x) (12), y*_{μ,θ,σ}(x) (15) and φ_{μ,θ,σ}(x) (13) by accurate minimisation. */
    static Inner solveInner(Vec x) {
        Vec z = minimise(v -> P.innerValue(x, v) + 0.5 * MU1 * v.normSquared(), v -> P.innerGradY(x, v).axpy(MU1, v), Vec.zeros(3));
        double fHat = P.innerValue(x, z) + 0.5 * MU1 * z.normSquared() + MU2;
        ToDoubleFunction<Vec> barrier = v -> {
            double slack = fHat - P.innerValue(x, v);
            return slack > 0 ? P.outerValue(x, v) - SIGMA * Math.log(slack) + 0.5 * THETA * v.normSquared() : Double.POSITIVE_INFINITY;
        };
        Function<Vec, Vec> grad = v -> P.outerGradY(x, v).axpy(SIGMA / (fHat - P.innerValue(x, v)), P.innerGradY(x, v)).axpy(THETA, v);
        Vec y = minimise(barrier, grad, z);
        return new Inner(z, fHat, y, barrier.applyAsDouble(y));
    }

    @Test void gradientSixteenMatchesFiniteDifferencesOfPhi() {
        for (Vec x : new Vec[] {Vec.of(0.3, -0.8), Vec.of(-1.0, 0.5)}) {
            Inner in = solveInner(x);
            double gamma = SIGMA / (in.fHat() - P.innerValue(x, in.y())); // (17)
            assertTrue(gamma > 0);
            Vec d = Bvfim.direction(P, x, in.y(), in.z(), gamma); // (16)
            Vec fd = gradient(u -> solveInner(u).phi(), x, 1e-4);
            System.out.println("(16) vs finite differences of phi: " + Vec.distance(d, fd) + ", norm " + fd.norm());
            assertTrue(Vec.distance(d, fd) < 1e-6, () -> "(16) " + d + " vs finite differences " + fd);
            // and the barrier term matters: without it the direction is wrong
            assertTrue(Vec.distance(P.outerGradX(x, in.y()), fd) > 1e-2);
        }
    }

    /** The solver's own loops (18)–(19), run long, reach the same z*, y* (both line-search modes). */
    @Test void loopsConvergeToTheInnerSolutions() {
        Vec x = Vec.of(0.3, -0.8);
        Inner in = solveInner(x);
        Vec z = Bvfim.valueFunctionLoop(P, x, Vec.zeros(3), 3000, 0.2, MU1);
        assertEquals(0, Vec.distance(z, in.z()), 1e-9);
        double fHat = Bvfim.valueEstimate(P, x, z, MU1, MU2);
        assertEquals(in.fHat(), fHat, 1e-12);
        for (boolean armijo : new boolean[] {true, false}) {
            Vec y = z.copy();
            Bvfim.BarrierRun r = Bvfim.barrierLoop(P, x, y, fHat, fHat - P.innerValue(x, y), 20000, armijo ? 1 : 0.01, SIGMA, THETA, 40, armijo);
            assertTrue(r.slack() > 0);
            assertEquals(0, Vec.distance(y, in.y()), 1e-7, "armijo " + armijo);
        }
    }

    // ---- the run on the toy and on the quadratic --------------------------------------------------------

    @Test void toyFromTwoAndFourReachesTheGlobalOptimum() {
        ToyNonconvex p = (ToyNonconvex) Catalog.problem("toy-nonconvex", Options.empty(), 1);
        for (double start : new double[] {2, 4}) {
            RunResult r = Runner.run(Catalog.solver("bvfim", p, Options.empty(), 1), p, Vec.of(start), Vec.of(start),
                    StopRule.iterations(500).withTraceEvery(50));
            double x = Vec.array(r.x())[0];
            System.out.println("bvfim toy from " + start + ": x = " + x + ", residual " + p.lowerLevelResidual(r.x(), r.y()));
            assertEquals(3 * Math.PI / 4, x, 0.05);
            assertTrue(p.lowerLevelResidual(r.x(), r.y()) < 0.05);
            assertTrue(r.oracles().get(Oracle.innerHvp) + r.oracles().get(Oracle.innerCross) == 0);
            for (TraceRow row : r.trace().rows()) if (row.iteration() > 0) {
                assertTrue(row.extras().get("slack") > 0);
                assertTrue(row.extras().get("gamma") > 0 && Double.isFinite(row.extras().get("gamma")));
            }
        }
    }

    @Test void toyFromZeroStaysOnItsOwnBranch() {
        ToyNonconvex p = (ToyNonconvex) Catalog.problem("toy-nonconvex", Options.empty(), 1);
        RunResult r = Runner.run(Catalog.solver("bvfim", p, Options.empty(), 1), p, Vec.of(0), Vec.of(0), StopRule.iterations(500));
        assertEquals(0, p.branchOf(r.x(), r.y())[0]);
        assertEquals(-Math.PI / 4, Vec.array(r.x())[0], 0.05);
    }

    @Test void quadraticReachesTheSolution() {
        Quadratic q = (Quadratic) Catalog.problem("quadratic", Options.empty(), 1);
        RunResult r = Runner.run(Catalog.solver("bvfim", q, Options.empty(), 1), q, q.initialX(), q.initialY(),
                StopRule.iterations(300).withTraceEvery(100));
        System.out.println("bvfim quadratic distance " + r.finalRow().distanceToSolution() + " in " + r.wallSeconds() + " s");
        assertTrue(r.finalRow().distanceToSolution() <= 1e-3, "distance " + r.finalRow().distanceToSolution());
    }

    @Test void usesGradientsOnlyAndTheRightCounts() {
        Quadratic q = new Quadratic(new Quadratic.Spec(3, 5, 4, 4, 10, 2, 0.2, 3));
        int k = 6, tz = 7, ty = 4;
        RunResult r = Runner.run(Catalog.solver("bvfim", q, new Options(Map.of("zSteps", "" + tz, "ySteps", "" + ty)), 1),
                q, q.initialX(), q.initialY(), StopRule.iterations(k));
        var c = r.oracles();
        assertEquals(0, c.get(Oracle.innerHvp) + c.get(Oracle.innerCross) + c.get(Oracle.outerHvp) + c.get(Oracle.outerCross));
        // a y-step's gradients come with its accepted trial's value (fused requests); a rejected trial (a halving) may
        // have computed them too: at most one more of each per halving; the first ∇_y G comes with G's values at z and at
        // the warm y, at the point that the outcome two steps back predicts (y := z when the warm y has left the barrier's
        // domain), unused when the guess is wrong: at most one more per iteration
        long halvings = Math.round(r.finalRow().extras().get("backtracks"));
        long gy = c.get(Oracle.innerGradY), fy = c.get(Oracle.outerGradY);
        assertTrue(gy >= (long) k * (tz + ty) && gy <= (long) k * (tz + ty + 1) + halvings, gy + " inner y-gradients, " + halvings + " halvings");
        assertTrue(fy >= (long) k * ty && fy <= (long) k * ty + halvings, fy + " outer y-gradients, " + halvings + " halvings");
        // ∇_x F and ∇_x G at y (and ∇_x G at z): once per iteration; on a problem that fuses (this quadratic) the last y-step's
        // trials ask them in their passes, so a rejected one of them adds one of each
        long fx = c.get(Oracle.outerGradX), gx = c.get(Oracle.innerGradX);
        assertTrue(fx >= k && fx <= k + halvings, fx + " outer x-gradients, " + halvings + " halvings");
        assertTrue(gx >= 2L * k && gx <= 2L * k + halvings, gx + " inner x-gradients, " + halvings + " halvings"); // at y and at z
    }

    // ---- interior safeguard --------------------------------------------------------------------------------

    /** A problem that fails the test if G is ever evaluated where the log argument f̂ − G would be used non-positive. */
    @Test void hugeStepsNeverLeaveTheBarrierDomain() {
        ToyNonconvex p = new ToyNonconvex(3, 2, 2, 2);
        for (String mode : new String[] {"interior", "armijo"}) {
            Map<String, String> o = new HashMap<>(Map.of("yStep", "1000", "yLineSearch", mode, "sigma", "0.001", "decay", "geometric"));
            Bvfim s = (Bvfim) Catalog.solver("bvfim", p, new Options(o), 1);
            BvfimState st = s.init(new CountingProblem(p), p.initialX(), p.initialY());
            for (int k = 0; k < 60; k++) {
                s.step(st);
                st.iteration++;
                // the slack f̂ − G(x_k, y) at the x of the step (x has moved since)
                assertTrue(st.extras.get("slack") > 0, "y left the interior at step " + k + " (" + mode + ")");
                assertTrue(st.gamma > 0 && Double.isFinite(st.gamma));
                assertTrue(st.x.isFinite() && st.y.isFinite());
            }
            assertTrue(st.backtracks > 100, "the safeguard must have halved steps (" + mode + "): " + st.backtracks);
        }
    }

    @Test void barrierLoopRefusesAnExteriorStart() {
        Vec x = Vec.of(0.3, -0.8), y = Vec.zeros(3);
        double fHat = P.innerValue(x, y) - 1; // y is outside
        assertThrows(IllegalArgumentException.class, () -> Bvfim.barrierLoop(P, x, y, fHat, fHat - P.innerValue(x, y), 5, 0.1, 1, 0, 10, false));
    }

    @Test void warmStartOutsideTheNewDomainIsResetToZ() {
        ToyNonconvex p = new ToyNonconvex(1, 2, 2, 2);
        Bvfim s = (Bvfim) Catalog.solver("bvfim", p, new Options(Map.of("ySteps", "0")), 1);
        BvfimState st = s.init(new CountingProblem(p), Vec.of(2), Vec.of(2 - 2 + Math.PI / 2)); // y at the inner maximum
        s.step(st);
        assertEquals(Vec.array(st.z)[0], Vec.array(st.y)[0], 0, "y := z when the warm start is not interior");
    }

    @Test void codeStyleGammaIsFixedPerStepAndChecksItsArgument() {
        ToyNonconvex p = new ToyNonconvex(1, 2, 2, 2);
        Bvfim s = (Bvfim) Catalog.solver("bvfim", p, new Options(Map.of("codeGamma", "true", "codeGammaShift", "1", "sigma", "0.001", "mu2", "0")), 1);
        BvfimState st = s.init(new CountingProblem(p), p.initialX(), p.initialY());
        s.step(st);
        assertEquals(st.sigma / (st.valueEstimate + 1), st.gamma, 1e-15);
        // without the shift f̂ ≈ −1 < 0: a clear divergence, not a NaN
        Bvfim bad = (Bvfim) Catalog.solver("bvfim", p, new Options(Map.of("codeGamma", "true", "mu2", "0")), 1);
        DivergedException e = assertThrows(DivergedException.class, () -> Runner.run(bad, p, Vec.of(2), Vec.of(2), StopRule.iterations(3)));
        assertTrue(e.getMessage().contains("codeGammaShift"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Catalog.solver("bvfim", p, new Options(Map.of("mu2", "0")), 1));
    }

    @Test void decaySchedules() {
        assertEquals(Math.pow(11, -1.1), Decay.read(new Options(Map.of("decay", "power")), "none").at(10), 1e-15);
        assertEquals(1 / Math.log(1.1 * 11), Decay.read(new Options(Map.of("decay", "log")), "none").at(10), 1e-15);
        assertEquals(1 / 6.0, Decay.read(new Options(Map.of("decay", "inverse", "decayRate", "0.5")), "none").at(10), 1e-15);
        assertEquals(Math.pow(1.1, -11), Decay.read(new Options(Map.of("decay", "geometric")), "none").at(10), 1e-15);
        assertEquals(1, Decay.read(Options.empty(), "none").at(10), 0);
        assertThrows(IllegalArgumentException.class, () -> Decay.read(new Options(Map.of("decay", "cubic")), "none"));
        BilevelProblem q = new Quadratic(new Quadratic.Spec(2, 3, 2, 2, 5, 2, 0.1, 1));
        RunResult r = Runner.run(Catalog.solver("bvfim", q, new Options(Map.of("decay", "inverse", "scaledConstants", "false")), 1), q, q.initialX(), q.initialY(),
                StopRule.iterations(4));
        assertEquals(0.1 / 4, r.finalRow().extras().get("sigma"), 1e-12); // σ⁰ = 0.1 (absolute), c_3 = 1/4
    }
}
