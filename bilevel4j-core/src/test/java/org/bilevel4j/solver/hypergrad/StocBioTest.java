package org.bilevel4j.solver.hypergrad;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.NeumannSeries;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class StocBioTest {
    static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(1));

    /** A random SPD matrix with eigenvalues in [mu, lmax]: the paper-form series against an exact solve. */
    @Test void paperFormNeumannIsWithinTheTruncationErrorOfTheExactSolve() {
        int n = 20;
        double mu = 0.5, lmax = 4;
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj a = randomSpd(n, mu, lmax, rng);
        Vec b = Vec.of(rng.doubles(n, -1, 1).toArray());
        DMatrixRMaj sol = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(a, DMatrixRMaj.wrap(n, 1, b.toArray()), sol));
        Vec exact = Vec.of(sol.data);
        double eta = 1 / lmax;
        for (int q : new int[] {0, 5, 20, 80}) {
            Vec v = StochasticNeumann.estimate(j -> u -> times(a, u), b, q, eta);
            double err = Vec.distance(v, exact);
            // v_Q − A⁻¹b = −(I − ηA)^{Q+1} A⁻¹b, so the error is at most (1 − ημ)^{Q+1} ||A⁻¹b||
            double bound = Math.pow(1 - eta * mu, q + 1) * exact.norm();
            assertTrue(err <= bound * (1 + 1e-9), "Q=" + q + " error " + err + " bound " + bound);
            assertTrue(err >= 1e-3 * bound || err < 1e-12, "the series is a truncation, not an exact solve: " + err);
            // the deterministic NeumannSeries of the AID family is the same formula
            assertTrue(Vec.distance(v, new NeumannSeries(q, eta).solve(u -> times(a, u), b, b.zerosLike())) < 1e-12);
        }
        Vec far = StochasticNeumann.estimate(j -> u -> times(a, u), b, 400, eta);
        assertTrue(Vec.distance(far, exact) < 1e-10 * exact.norm());
    }

    /**
     * Curvature above 2/η, or negative: the factors I − ηA stop being contractions and the series grows like
     * |1 − ηλ|^Q; it stops at the first term above GROWTH_LIMIT ‖r₀‖, so the sum is at most η (Q + 1) GROWTH_LIMIT ‖b‖
     * (uncut: 3^100 times ‖b‖ here).
     */
    @Test void aSeriesThatStopsContractingIsCutWhereItStartsToGrow() {
        int n = 20;
        SplittableRandom rng = new SplittableRandom(5);
        Vec b = Vec.of(rng.doubles(n, -1, 1).toArray());
        double eta = 0.25;
        for (double[] range : new double[][] {{0.5, 16}, {-2, 4}}) { // λ_max = 16 = 4/η; λ_min = −2 < 0
            DMatrixRMaj shifted = withExtremeEigenvalues(n, range[0], range[1], rng);
            int q = 100;
            Vec v = StochasticNeumann.estimate(j -> u -> times(shifted, u), b, q, eta);
            assertTrue(Double.isFinite(v.norm()) && v.norm() <= eta * (q + 1) * StochasticNeumann.GROWTH_LIMIT * b.norm(),
                    "range " + java.util.Arrays.toString(range) + ": |v| = " + v.norm());
            Vec unguarded = new NeumannSeries(q, eta).solve(u -> times(shifted, u), b, b.zerosLike());
            assertTrue(unguarded.norm() > 1e6 * b.norm(), "the unguarded series diverges here: " + unguarded.norm());
        }
    }

    /** A symmetric Q diag(λ) Qᵀ, Q random orthogonal, λ evenly in [0.5, 4] except the smallest lo and the largest hi. */
    private static DMatrixRMaj withExtremeEigenvalues(int n, double lo, double hi, SplittableRandom rng) {
        DMatrixRMaj q = org.ejml.dense.row.RandomMatrices_DDRM.orthogonal(n, n, new java.util.Random(rng.nextLong()));
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = 0.5 + 3.5 * i / (n - 1.0);
        lambda[0] = lo;
        lambda[n - 1] = hi;
        DMatrixRMaj d = org.ejml.dense.row.CommonOps_DDRM.diag(lambda), qd = new DMatrixRMaj(n, n), out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(q, d, qd);
        CommonOps_DDRM.multTransB(qd, q, out);
        return out;
    }

    /** With full batches stocBiO's estimate is AID's with an exact inner solution: compare to ∇Φ(x). */
    @Test void fullBatchesGiveTheExactHypergradient() {
        Vec x = Vec.constant(10, 0.5);
        HypergradientDescent s = (HypergradientDescent) Catalog.solver("stocbio", Q, new Options(Map.of("innerSteps", "0",
                "outerBatch", "64", "innerBatch", "64", "hessianBatch", "64", "neumannSteps", "3000")), 1);
        HypergradientDescent.State st = s.init(new CountingProblem(Q), x, Q.innerSolution(x));
        s.step(st);
        Vec exact = Q.exactHypergradient(x);
        double err = Vec.distance(st.hypergradient, exact) / exact.norm();
        assertTrue(err < 1e-9, "error " + err);
    }

    /** E over independent batches B_j of the stochastic series = the series of the full Hessian. */
    @Test void miniBatchNeumannIsUnbiasedForTheFullSeries() {
        Quadratic q = new Quadratic(new Quadratic.Spec(4, 12, 16, 8, 10, 10, 0.5, 7));
        Vec x = Vec.of(0.3, -1.2, 0.7, 2.0), y = Vec.constant(12, 0.2), b = q.outerGradY(x, y);
        double eta = 1 / (1.5 * q.innerLipschitz()); // every batch Hessian is below 1.5 L (noise 0.5)
        int terms = 6, draws = 4000;
        Vec expected = new NeumannSeries(terms, eta).solve(u -> q.innerHvpYY(x, y, u), b, b.zerosLike());
        SplittableRandom rng = new SplittableRandom(11);
        Vec sum = b.zerosLike();
        double sumSq = 0;
        for (int i = 0; i < draws; i++) {
            Vec v = StochasticNeumann.estimate(j -> {
                BilevelProblem bj = Batches.view(q, rng, 1, 3);
                return u -> bj.innerHvpYY(x, y, u);
            }, b, terms, eta);
            sum.axpy(1, v);
            sumSq += v.normSquared();
        }
        Vec mean = sum.scale(1.0 / draws);
        double spread = sumSq / draws - mean.normSquared(); // trace of the covariance
        assertTrue(spread > 1e-6 * expected.normSquared(), "batches must make the estimate random");
        double standardError = Math.sqrt(spread / draws);
        double dev = Vec.distance(mean, expected);
        assertTrue(dev < 4 * standardError, "mean off by " + dev + ", standard error " + standardError);
    }

    @Test void stocbioReachesTheSolutionWithMiniBatchesAndDefaults() {
        BilevelProblem p = Catalog.problem("quadratic", Options.empty(), 1);
        RunResult r = Runner.run(Catalog.solver("stocbio", p, Options.empty(), 1), p, p.initialX(), p.initialY(), StopRule.iterations(500).withTraceEvery(100));
        System.out.println("stocbio distance after 500 iterations " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-2, "distance " + r.finalRow().distanceToSolution());
        // defaults: D = 10 inner steps, Q = 100 Neumann terms, batches of 16 of the 64 samples
        assertEquals(500L * 10, r.oracles().get(Oracle.innerGradY));
        assertEquals(500L * 100, r.oracles().get(Oracle.innerHvp));
        assertEquals(500L * 16 * 100, r.oracles().samples(Oracle.innerHvp), "each Hessian product touches one batch");
    }

    @Test void eachOracleCallGetsItsOwnBatch() {
        // stocBiO draws S_1..S_D, D_F, D_G, B_1..B_Q: with batch 1 two runs with different seeds differ,
        // and with one seed the run is reproducible
        Map<String, String> o = Map.of("outerBatch", "1", "innerBatch", "1", "hessianBatch", "1", "innerSteps", "3", "neumannSteps", "4");
        Vec a = oneStep(o, 5), b = oneStep(o, 5), c = oneStep(o, 6);
        assertEquals(0, Vec.distance(a, b));
        assertTrue(Vec.distance(a, c) > 0);
    }

    private static Vec oneStep(Map<String, String> o, long seed) {
        HypergradientDescent s = (HypergradientDescent) Catalog.solver("stocbio", Q, new Options(o), seed);
        HypergradientDescent.State st = s.init(new CountingProblem(Q), Q.initialX(), Q.initialY());
        s.step(st);
        return st.hypergradient;
    }

    static DMatrixRMaj randomSpd(int n, double mu, double lmax, SplittableRandom rng) {
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) g.data[i] = rng.nextDouble(-1, 1);
        org.ejml.interfaces.decomposition.QRDecomposition<DMatrixRMaj> qr = org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(g);
        DMatrixRMaj u = qr.getQ(null, false), a = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double lam = mu + (lmax - mu) * k / (n - 1);
            for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) a.add(r, c, u.get(r, k) * lam * u.get(c, k));
        }
        return a;
    }

    static Vec times(DMatrixRMaj a, Vec v) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, 1);
        CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(v.dim(), 1, v.toArray()), out);
        return Vec.of(out.data);
    }
}
