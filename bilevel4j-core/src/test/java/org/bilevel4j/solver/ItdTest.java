package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.hypergrad.InnerGradientDescent;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Reverse-mode ITD (rhg, trhg) and the biased first-order variants (fo-itd, one-step) on the quadratic. */
class ItdTest {
    static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(1));
    static final Vec X = Vec.constant(10, 0.5);
    static final double S = 1 / Q.innerLipschitz(); // the default inner step

    /** The solver's hypergradient estimate at x from inner start y0 (one outer step, nothing warm). */
    static Vec estimate(String solver, Map<String, String> opts, Vec x, Vec y0) {
        HypergradientDescent s = (HypergradientDescent) Catalog.solver(solver, Q, new Options(opts), 1);
        HypergradientDescent.State st = s.init(new CountingProblem(Q), x, y0);
        s.step(st);
        return st.hypergradient;
    }

    static double relError(Vec a, Vec b) { return FiniteDifferences.relativeError(a, b); }

    static Vec randomVec(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return Vec.of(v);
    }

    /** Oracle calls of a run of k outer iterations. */
    static OracleCounts calls(String solver, Map<String, String> opts, int k) {
        return Runner.run(Catalog.solver(solver, Q, new Options(opts), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(k)).oracles();
    }

    /** A⁻¹ b for A = ∇²_yyG, by CG to machine precision (an independent reference). */
    static Vec solveHessian(Vec x, Vec y, Vec b) {
        return new ConjugateGradient(1000, 1e-13 * b.norm()).solve(v -> Q.innerHvpYY(x, y, v), b, b.zerosLike());
    }

    /** The root of an affine map g(x) = Mx + c on R^dimX, from dimX + 1 evaluations. */
    static Vec affineRoot(UnaryOperator<Vec> g, int n) {
        double[] c = g.apply(Vec.zeros(n)).toArray();
        DMatrixRMaj m = new DMatrixRMaj(n, n), rhs = new DMatrixRMaj(n, 1), sol = new DMatrixRMaj(n, 1);
        for (int k = 0; k < n; k++) {
            double[] e = new double[n];
            e[k] = 1;
            double[] col = g.apply(Vec.of(e)).toArray();
            for (int r = 0; r < n; r++) m.set(r, k, col[r] - c[r]);
            rhs.set(k, 0, -c[k]);
        }
        assertTrue(CommonOps_DDRM.solve(m, rhs, sol), "singular affine map");
        return Vec.of(sol.data.clone());
    }

    // ---- RHG: exact in the limit, and exactly the derivative of the unrolled map ----------------------

    @Test void reverseModeErrorShrinksWithStepsToTheExactHypergradient() {
        Vec exact = Q.exactHypergradient(X);
        double prev = Double.POSITIVE_INFINITY;
        for (int d : new int[] {10, 100, 300, 1000, 1500}) {
            double err = relError(estimate("rhg", Map.of("innerSteps", "" + d), X, Vec.zeros(100)), exact);
            System.out.println("rhg D=" + d + " relative error " + err);
            assertTrue(err < prev, "error must shrink with D");
            prev = err;
        }
        assertTrue(prev < 1e-6, "error " + prev);
    }

    @Test void reverseModeIsTheDerivativeOfTheUnrolledMap() {
        // d/dx F(x, y_D(x)) with y_0 fixed (§4.2: y_0 does not depend on x), by central differences
        int d = 20;
        Vec y0 = randomVec(100, 3);
        UnaryOperator<Vec> yD = x -> InnerGradientDescent.run(Q, x, y0.copy(), d, S);
        Vec fd = FiniteDifferences.gradient(x -> Q.outerValue(x, yD.apply(x)), X, 1e-3);
        Vec rhg = estimate("rhg", Map.of("innerSteps", "" + d), X, y0);
        assertTrue(relError(rhg, fd) < 1e-7, "rhg vs finite differences " + relError(rhg, fd));
        // truncation K = D is RHG; fo-itd is K = 0
        assertTrue(relError(estimate("trhg", Map.of("innerSteps", "" + d, "truncation", "" + d), X, y0), rhg) < 1e-14);
        assertTrue(relError(estimate("trhg", Map.of("innerSteps", "" + d, "truncation", "0"), X, y0),
                estimate("fo-itd", Map.of("innerSteps", "" + d), X, y0)) < 1e-14);
    }

    @Test void rhgReachesTheSolutionWithDefaults() {
        RunResult r = Runner.run(Catalog.solver("rhg", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(90));
        System.out.println("rhg defaults, 90 iterations: distance " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-4, "distance " + r.finalRow().distanceToSolution());
    }

    @Test void reverseModeCallsExactlyWhatTheAlgorithmNeeds() {
        int k = 7, d = 5;
        OracleCounts c = calls("rhg", Map.of("innerSteps", "" + d), k);
        assertEquals((long) k * d, c.get(Oracle.innerGradY));
        assertEquals(k, c.get(Oracle.outerGradY));
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals((long) k * d, c.get(Oracle.innerCross));
        assertEquals((long) k * (d - 1), c.get(Oracle.innerHvp), "no HVP for a_0, which is never used");
        assertEquals(0, c.get(Oracle.innerGradX) + c.get(Oracle.outerHvp) + c.get(Oracle.outerCross));
        assertEquals(0, c.get(Oracle.outerValue) + c.get(Oracle.innerValue), "trace evaluation must not count");

        OracleCounts t = calls("trhg", Map.of("innerSteps", "" + d, "truncation", "2"), k);
        assertEquals((long) k * d, t.get(Oracle.innerGradY));
        assertEquals(2L * k, t.get(Oracle.innerCross));
        assertEquals(k, t.get(Oracle.innerHvp));

        OracleCounts f = calls("fo-itd", Map.of("innerSteps", "" + d), k);
        assertEquals((long) k * d, f.get(Oracle.innerGradY));
        assertEquals(k, f.get(Oracle.outerGradX));
        assertEquals(0, f.get(Oracle.outerGradY) + f.get(Oracle.innerHvp) + f.get(Oracle.innerCross), "first order: ∇_xF only");

        OracleCounts o = calls("one-step", Map.of("innerSteps", "" + d), k);
        assertEquals((long) k * d, o.get(Oracle.innerGradY));
        assertEquals(k, o.get(Oracle.innerCross));
        assertEquals(0, o.get(Oracle.innerHvp));
    }

    // ---- the biased estimators: their bias, checked against closed forms ----------------------------

    @Test void foItdIsTheOuterGradientAtTheInnerSolution() {
        Vec ys = Q.innerSolution(X);
        Vec fo = estimate("fo-itd", Map.of(), X, ys);
        assertTrue(relError(fo, Q.outerGradX(X, ys)) < 1e-12, "fo-itd = ∇_xF(x, y*(x)) once the inner loop has converged");
        // so it misses exactly the implicit term (dy*/dx)ᵀ∇_yF = −∇²_xyG A⁻¹ ∇_yF
        Vec exact = Q.exactHypergradient(X);
        Vec missing = Q.innerCrossXY(X, ys, solveHessian(X, ys, Q.outerGradY(X, ys))).scale(-1);
        assertTrue(relError(exact.copy().axpy(-1, fo), missing) < 1e-8);
        double bias = relError(fo, exact);
        System.out.println("fo-itd relative bias at x = 0.5: " + bias);
        assertTrue(bias > 1e-3, "the implicit term is measurable here: " + bias);
    }

    @Test void oneStepIsItsFormulaAndTrhgWithOneStep() {
        int d = 50;
        Vec y0 = randomVec(100, 4);
        Vec est = estimate("one-step", Map.of("innerSteps", "" + d), X, y0);
        Vec y = InnerGradientDescent.run(Q, X, y0.copy(), d, S);
        Vec formula = Q.outerGradX(X, y).axpy(-S, Q.innerCrossXY(X, y, Q.outerGradY(X, y)));
        assertTrue(relError(est, formula) < 1e-14);
        // ∇²_xyG is constant on the quadratic, so one-step is TRHG with K = 1
        assertTrue(relError(est, estimate("trhg", Map.of("innerSteps", "" + d, "truncation", "1"), X, y0)) < 1e-12);
        // at y*: its bias is ∇²_xyG (A⁻¹ − sI) ∇_yF
        Vec ys = Q.innerSolution(X), fy = Q.outerGradY(X, ys);
        Vec atStar = estimate("one-step", Map.of(), X, ys), exact = Q.exactHypergradient(X);
        Vec predicted = Q.innerCrossXY(X, ys, solveHessian(X, ys, fy).axpy(-S, fy));
        assertTrue(relError(atStar.copy().axpy(-1, exact), predicted) < 1e-8);
        System.out.println("one-step relative bias at x = 0.5: " + relError(atStar, exact));
        assertTrue(relError(atStar, exact) > 1e-3);
    }

    @Test void truncatedReverseBiasShrinksWithK() {
        // at y*: ĝ_K = ∇_xF − ∇²_xyG A⁻¹ (I − (I − sA)^K) ∇_yF, bias ∇²_xyG A⁻¹ (I − sA)^K ∇_yF
        Vec ys = Q.innerSolution(X), exact = Q.exactHypergradient(X);
        Vec power = Q.outerGradY(X, ys);
        int done = 0;
        double prev = Double.POSITIVE_INFINITY;
        for (int k : new int[] {1, 5, 20, 100, 400}) {
            for (; done < k; done++) power.axpy(-S, Q.innerHvpYY(X, ys, power));
            Vec predicted = Q.innerCrossXY(X, ys, solveHessian(X, ys, power));
            Vec est = estimate("trhg", Map.of("innerSteps", "400", "truncation", "" + k), X, ys);
            Vec bias = est.copy().axpy(-1, exact);
            double err = bias.norm() / exact.norm();
            System.out.println("trhg K=" + k + " relative bias " + err);
            assertTrue(relError(bias, predicted) < 1e-6, "bias vs closed form at K=" + k);
            assertTrue(err < prev, "bias must shrink as K grows");
            prev = err;
            if (k == 1) assertTrue(err > 1e-3, "K = 1 is measurably biased: " + err);
        }
    }

    @Test void biasedMethodsConvergeToTheirPredictedPointsAwayFromXStar() {
        Map<String, Map<String, String>> runs = Map.of(
                "fo-itd", Map.of(), "one-step", Map.of(), "trhg", Map.of("innerSteps", "20", "truncation", "5"));
        runs.forEach((solver, opts) -> {
            // the limit solves ĝ(x̄) = 0 with the estimate taken at y*(x̄), where the warm-started inner loop settles
            Vec predicted = affineRoot(x -> estimate(solver, opts, x, Q.innerSolution(x)), 10);
            RunResult r = Runner.run(Catalog.solver(solver, Q, new Options(opts), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(200));
            double toPredicted = Vec.distance(r.x(), predicted) / (1 + predicted.norm());
            double toXStar = r.finalRow().distanceToSolution();
            System.out.println(solver + " " + opts + ": distance to x* " + toXStar + ", to the predicted biased limit " + toPredicted);
            assertTrue(toPredicted < 1e-6, solver + " must converge to its biased limit: " + toPredicted);
            assertTrue(toXStar > 1e-3, solver + " should stay measurably away from x*: " + toXStar);
        });
    }
}
