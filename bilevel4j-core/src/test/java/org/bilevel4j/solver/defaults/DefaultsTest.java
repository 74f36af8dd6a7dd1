package org.bilevel4j.solver.defaults;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.scale.Scales;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog solver with NO options, 1000 iterations from the problem's start, on the built-in quadratic and on
 * user-style problems (sums, G·1000, G·1e-3, F·1000, non-convex Φ, other dims, no HVPs; no Lipschitz constants anywhere):
 * ‖∇Φ(x_K)‖ / ‖∇Φ(x_0)‖ against the exact hypergradient must meet the family's target of issue 11 (1e-3 unbiased, 1e-2
 * other deterministic, 1e-1 stochastic, including benchopt's solvers of issue 13), and no run may diverge. The only
 * exceptions are listed by name below: {@link #BIASED_BY_DESIGN} (README "Biased methods": the target cannot be met by
 * the method) and {@link #OPEN_MISSES} (README "Your own problem": not met, not fixed; empty now); each is bounded by its measured
 * ratio times 3, so that a regression still fails. Unrolled methods run on the small problem only (600 unrolled steps
 * per iteration; the README table has them on every problem), and {@link #SLOW_ON_QUADRATIC} skip the quadratic.
 */
class DefaultsTest {
    private static final List<String> SMALL = List.of("quadratic", "sums", "G*1000", "G*1e-3", "F*1000", "nonconvex", "dims", "no-hvp");

    /**
     * BOME settles where ∇F + λ∇q̂ = 0 for its barrier's finite λ, with q̂ seen through q = 10 inner steps: a bias of the
     * method, not of its steps (measured 2.1e-2 quadratic, 4.5e-2 user problems, 0.13 non-convex). SPNBO on the
     * orthogonal l_p problem (a distance to x*, {@link #spnboOnOrthogonalSparseRegression}): x* sits on a jump of Φ
     * ({@code LpOptimumTest}) and the branch of the smoothed problem at its μ₁ = 0.04 has no stationary point within
     * 1e-2 of it ({@code SmoothedLpBranchTest}), so a run passes through x* and does not stay (measured 3.6e-2; 0.11 bound).
     */
    static final Map<String, Map<String, Double>> BIASED_BY_DESIGN = Map.of(
            "bome", Map.of("quadratic", 0.07, "sums", 0.15, "G*1000", 0.15, "G*1e-3", 0.15, "F*1000", 0.15, "nonconvex", 0.4, "no-hvp", 0.15),
            "spnbo", Map.of("sparse-lp", 0.11));

    /**
     * Targets missed with defaults and not fixed (README "Your own problem", "Known gaps"): none left. (minimaxopt-sgd on
     * dims, 0.28, was here until its cosine horizon went from 10000 to 2000: 2.7e-2; hoag on dims, 2.2e-2, until its
     * adaptive constant's floor went from L_s/2 to L_s/4: 8.7e-4.)
     */
    static final Map<String, Map<String, Double>> OPEN_MISSES = Map.of();

    /**
     * Solvers whose 1000 iterations on the default quadratic (d_y = 100, κ_g = 100) take 5-240 s on the shared test machine
     * (Neumann series of ln(100) κ_g terms per estimate, VRBO's full passes): their quadratic numbers are in the README
     * table (measured, all within target) and QuadraticConvergenceTest runs the stochastic ones on condition=10.
     */
    private static final List<String> SLOW_ON_QUADRATIC = List.of("aid-neumann", "bvfim", "stocbio", "mrbo", "vrbo", "ttsa", "bsa", "sustain");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<String> solvers = new ArrayList<>(List.of("aid-cg", "aid-neumann", "aid-fp", "hoag", "stocbio", "minimaxopt", "minimaxopt-sgd", "f2sa",
                "f2ba", "bome", "penalty", "spnbo", "bvfim"));
        solvers.addAll(DefaultsMatrix.BENCHOPT);
        for (String s : solvers)
            for (String p : SMALL) if (!(p.equals("quadratic") && SLOW_ON_QUADRATIC.contains(s))) out.add(Arguments.of(s, p));
        for (String s : List.of("rhg", "trhg", "fhg", "bda")) out.add(Arguments.of(s, "tiny"));
        // -Ddefaults.solvers=soba,saba,...: only those solvers' cases (the whole matrix is 173 runs)
        List<String> only = List.of(System.getProperty("defaults.solvers", "").split(","));
        return out.stream().filter(a -> DefaultsMatrix.applies((String) a.get()[0], DefaultsMatrix.PROBLEMS.get((String) a.get()[1])))
                .filter(a -> only.equals(List.of("")) || only.contains((String) a.get()[0]));
    }

    static double target(String solver) {
        return DefaultsMatrix.TARGETS.get(solver);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void reachesItsTargetWithNoOptions(String solver, String problem) {
        DefaultsMatrix.Outcome o = DefaultsMatrix.run(solver, DefaultsMatrix.PROBLEMS.get(problem));
        Double exception = BIASED_BY_DESIGN.getOrDefault(solver, Map.of()).getOrDefault(problem, OPEN_MISSES.getOrDefault(solver, Map.of()).get(problem));
        double bound = exception != null ? exception : target(solver);
        System.out.printf("defaults %s on %s: ratio %.3e (bound %.0e%s) %s%n", solver, problem, o.ratio(), bound, exception != null ? ", listed exception" : "", o.status());
        assertEquals("max-iterations", o.status(), solver + " on " + problem);
        assertTrue(o.ratio() <= bound, solver + " on " + problem + ": ‖∇Φ‖ ratio " + o.ratio() + " > " + bound + " (" + o.status() + ")");
    }

    /**
     * SPNBO with no options on the orthogonal-design sparse regression (the built-in problem with a known optimal
     * hyper-parameter): distance to it ≤ 1e-2 with the OSCAR penalty on the designs of seeds 0, 1 and 2. Seed 0's own
     * design has no optimum with OSCAR (Φ falls monotonically below the search bound), so the problem redraws it (design
     * seed 10⁶, x* = −2.836, {@code OscarOptimumTest}): SPNBO ends 5.1e-3 from it. On seed 1 (x* = −3.452) SPNBO ended 3.3e-2 away with μ fixed at
     * μ₁ = 0.04 (the smoothing bias: Φ_μ's minimizer is −3.60, {@code SmoothingBiasTest}); the default continuation
     * (μ halved every 100 λ-steps down to μ₁/10, {@code SmoothingContinuationTest}) ends 2.7e-3 on seed 1 and 7.9e-3 on seed 2 (solver seed 1). With l_p (p = 0.6) the target
     * cannot be met by design (BIASED_BY_DESIGN, measured 3.6e-2): x* sits on a jump of Φ, not at a stationary point
     * ({@code LpOptimumTest}, {@code SmoothedLpBranchTest}); SPNBO drifts through it (3.7e-3 at iteration 800, 0.19 at
     * 4000) and HOAG settles 6.6e-2 away, so the bound only guards against a regression.
     */
    @Test void spnboOnOrthogonalSparseRegression() {
        DefaultsMatrix.Outcome oscar = DefaultsMatrix.run("spnbo", DefaultsMatrix.PROBLEMS.get("sparse-oscar"));
        DefaultsMatrix.Outcome oscar1 = DefaultsMatrix.run("spnbo", DefaultsMatrix.oscar(1));
        DefaultsMatrix.Outcome oscar0 = DefaultsMatrix.run("spnbo", DefaultsMatrix.oscar(0));
        assertTrue(oscar0.distance() <= 1e-2, "oscar seed 0 (redrawn design): " + oscar0.distance());
        DefaultsMatrix.Outcome lp = DefaultsMatrix.run("spnbo", DefaultsMatrix.PROBLEMS.get("sparse-lp"));
        System.out.printf("defaults spnbo on sparse-oscar (seed 2): %.3e, seed 1: %.3e, seed 0: %.3e, sparse-lp: %.3e%n", oscar.distance(), oscar1.distance(),
                oscar0.distance(), lp.distance());
        assertTrue(oscar.distance() <= 1e-2, "oscar: " + oscar.distance());
        assertTrue(oscar1.distance() <= 1e-2, "oscar seed 1 (3.3e-2 without the continuation): " + oscar1.distance());
        double lpBound = BIASED_BY_DESIGN.get("spnbo").get("sparse-lp");
        assertTrue(lp.distance() <= lpBound, "lp (biased by design, measured 3.6e-2): " + lp.distance() + " > " + lpBound);
    }

    /**
     * Scaling G changes L_g and L_× by exactly that factor and leaves L_Φ unchanged; scaling F scales L_f, L_Φ and ‖∇F‖
     * (tolerance 1e-6). SPNBO's final ratio still differs by up to 25% between sums, G·1000, G·1e-3 and F·1000: not a
     * scale in its estimates (equal to 1e-12 here) but round-off amplified by its threshold tests, since G·(1 ± 1e-12)
     * alone moves it as far (README "Known gaps").
     */
    @Test void estimatedScalesFollowTheLosses() {
        Scales base = scales("sums"), g = scales("G*1000"), f = scales("F*1000");
        assertEquals(1000 * base.innerLipschitz(), g.innerLipschitz(), 1e-6 * g.innerLipschitz());
        assertEquals(base.hypergradLipschitz(), g.hypergradLipschitz(), 1e-6 * base.hypergradLipschitz());
        assertEquals(base.outerLipschitz(), g.outerLipschitz(), 1e-6 * base.outerLipschitz());
        assertEquals(1000 * base.outerLipschitz(), f.outerLipschitz(), 1e-6 * f.outerLipschitz());
        assertEquals(1000 * base.hypergradLipschitz(), f.hypergradLipschitz(), 1e-5 * f.hypergradLipschitz());
        // SPNBO's own: L_× = ‖∇²_xy G‖ follows G, ‖∇F‖ at the start follows F (its β unit, λ step and stage tolerances)
        assertEquals(1000 * base.innerCrossNorm(), g.innerCrossNorm(), 1e-9 * g.innerCrossNorm());
        assertEquals(base.innerCrossNorm(), f.innerCrossNorm(), 1e-12 * base.innerCrossNorm());
        assertEquals(base.outerGradNorm(), g.outerGradNorm(), 1e-12 * base.outerGradNorm());
        assertEquals(1000 * base.outerGradNorm(), f.outerGradNorm(), 1e-9 * f.outerGradNorm());
        assertEquals("estimated", base.sources().get(Scales.INNER));
    }

    /** The estimates against the exact constants: L_g = λ_max(∇²_yy G) by a dense eigen-solve, L_Φ = max |eig ∇²Φ| by exact hypergradient differences. */
    @Test void estimatesMatchTheExactConstants() {
        for (String name : List.of("sums", "no-hvp", "nonconvex")) {
            UserProblem p = (UserProblem) DefaultsMatrix.PROBLEMS.get(name);
            Scales s = scales(name);
            int n = p.dimY();
            org.ejml.data.DMatrixRMaj h = new org.ejml.data.DMatrixRMaj(n, n);
            for (int j = 0; j < n; j++) {
                org.bilevel4j.vec.Vec e = org.bilevel4j.vec.Vec.zeros(n);
                org.bilevel4j.vec.Vec.array(e)[j] = 1;
                org.bilevel4j.vec.Vec col = new UserProblem(new UserProblem.Spec("x", p.dimX(), n, p.s.innerN(), p.s.outerN(), p.s.sG(), p.s.sF(),
                        p.s.rho(), p.s.nu(), true, p.s.x0())).innerHvpYY(p.initialX(), p.initialY(), e);
                for (int i = 0; i < n; i++) h.set(i, j, col.toArray()[i]);
            }
            var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(n, false, true);
            assertTrue(eig.decompose(h));
            double max = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(eig.getEigenvalue(i).getReal()));
            assertEquals(max, s.innerLipschitz(), 0.05 * max, name + " L_g");
            // exact ∇²Φ at x0 by central differences of the exact hypergradient (Φ is smooth; step 1e-5)
            int m = p.dimX();
            double lphi = 0;
            org.ejml.data.DMatrixRMaj hp = new org.ejml.data.DMatrixRMaj(m, m);
            for (int j = 0; j < m; j++) {
                org.bilevel4j.vec.Vec xp = p.initialX(), xm = p.initialX();
                org.bilevel4j.vec.Vec.array(xp)[j] += 1e-5;
                org.bilevel4j.vec.Vec.array(xm)[j] -= 1e-5;
                double[] col = p.exactHypergradient(xp).axpy(-1, p.exactHypergradient(xm)).scale(1 / 2e-5).toArray();
                for (int i = 0; i < m; i++) hp.set(i, j, col[i]);
            }
            var eigPhi = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(m, false, false);
            assertTrue(eigPhi.decompose(hp));
            for (int i = 0; i < m; i++) lphi = Math.max(lphi, eigPhi.getEigenvalue(i).getMagnitude());
            assertEquals(lphi, s.hypergradLipschitz(), 0.1 * lphi, name + " L_Phi");
        }
    }

    /**
     * G's value and gradient with errors that move with y, as a float32 oracle's sums do (relative 1e-7 on the value,
     * absolute 1e-8 per gradient entry), so that L_Φ's inner Newton solve cannot reach its tolerance: it stops at the
     * first full Newton step that fails to halve ‖∇_y G‖ near the tolerance ({@code ImplicitHypergradient.ROUND_OFF_ZONE}).
     * The estimate matches the one from exact values to 2% (it is within 3e-8), with no line search in those solves: 0
     * value calls here, against 644 with session 18's rule (short steps that no longer lowered ‖∇_y G‖) and 21605 with
     * neither, whose line searches halved t to round-off in every Newton step and passed Armijo's test by chance.
     */
    @Test void hypergradEstimateStopsAtTheRoundOffOfG() {
        BilevelProblem p = DefaultsMatrix.PROBLEMS.get("sums");
        int[] values = {0};
        BilevelProblem rounded = new org.bilevel4j.problem.ForwardingProblem(p) {
            @Override public double innerValue(org.bilevel4j.vec.Vec x, org.bilevel4j.vec.Vec y) {
                values[0]++;
                long h = java.util.Arrays.hashCode(y.toArray()) * 0x9E3779B97F4A7C15L;
                double v = super.innerValue(x, y);
                return v + 1e-7 * Math.abs(v) * ((h >>> 11) * 0x1p-53 - 0.5); // a float32 sum's error: it moves with y
            }

            @Override public org.bilevel4j.vec.Vec innerGradY(org.bilevel4j.vec.Vec x, org.bilevel4j.vec.Vec y) {
                double[] g = super.innerGradY(x, y).toArray();
                long h = java.util.Arrays.hashCode(y.toArray());
                for (int j = 0; j < g.length; j++) g[j] += 1e-8 * ((((h + j) * 0x9E3779B97F4A7C15L) >>> 11) * 0x1p-53 - 0.5);
                return org.bilevel4j.vec.Vec.of(g);
            }

            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
        };
        double exact = scales("sums").hypergradLipschitz();
        double estimate = new Scales(rounded, p.initialX(), p.initialY()).hypergradLipschitz();
        assertEquals(exact, estimate, 0.02 * exact);
        assertTrue(values[0] < 100, values[0] + " value calls");
    }

    private static Scales scales(String name) {
        BilevelProblem p = DefaultsMatrix.PROBLEMS.get(name);
        return new Scales(p, p.initialX(), p.initialY());
    }
}
