package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class AidTest {
    static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(1));

    static double hypergradError(String solver, Map<String, String> opts) {
        // the estimate at x from a cold inner start y0 = 0 and no warm start of v
        HypergradientDescent s = (HypergradientDescent) Catalog.solver(solver, Q, new Options(opts), 1);
        HypergradientDescent.State st = s.init(new CountingProblem(Q), Vec.constant(10, 0.5), Vec.zeros(100));
        s.step(st);
        Vec exact = Q.exactHypergradient(Vec.constant(10, 0.5));
        return Vec.distance(st.hypergradient, exact) / exact.norm();
    }

    @Test void cgHypergradientErrorShrinksWithSteps() {
        double prev = Double.POSITIVE_INFINITY;
        for (int steps : new int[] {10, 100, 400, 1500}) {
            double err = hypergradError("aid-cg", Map.of("innerSteps", "" + steps, "linearSteps", "" + Math.min(steps, 200)));
            System.out.println("aid-cg " + steps + " " + err);
            assertTrue(err < prev, "error must shrink with steps");
            prev = err;
        }
        assertTrue(prev < 1e-6, "error " + prev);
    }

    /**
     * damping λ: the estimate is ∇_x F − ∇²_xy G (∇²_yy G + λI)⁻¹ ∇_y F at y*(x), here against a dense solve (EJML) of
     * the damped system built column by column from the problem's HVPs; λ = 0 gives the exact hypergradient.
     */
    @Test void dampedCgSolvesTheDampedSystem() {
        Vec x = Vec.constant(10, 0.5), y = Q.innerSolution(x);
        int n = Q.dimY();
        for (double lambda : new double[] {0, 3, 30}) {
            org.ejml.data.DMatrixRMaj h = new org.ejml.data.DMatrixRMaj(n, n);
            for (int j = 0; j < n; j++) {
                Vec e = Vec.zeros(n);
                Vec.array(e)[j] = 1;
                double[] col = Vec.array(Q.innerHvpYY(x, y, e));
                for (int i = 0; i < n; i++) h.set(i, j, col[i] + (i == j ? lambda : 0));
            }
            org.ejml.data.DMatrixRMaj v = new org.ejml.data.DMatrixRMaj(n, 1);
            assertTrue(org.ejml.dense.row.CommonOps_DDRM.solve(h, org.ejml.data.DMatrixRMaj.wrap(n, 1, Q.outerGradY(x, y).toArray()), v));
            Vec expected = Q.outerGradX(x, y).axpy(-1, Q.innerCrossXY(x, y, Vec.of(v.getData())));
            String all = Integer.toString(Q.innerSamples()), allOuter = Integer.toString(Q.outerSamples());
            Map<String, Map<String, String>> solvers = Map.of( // every implicit solver that reads damping, its linear solve run to convergence
                    "aid-cg", Map.of("linearSteps", "300"), "aid-neumann", Map.of("linearSteps", "5000"), "aid-fp", Map.of("linearSteps", "5000"),
                    "stocbio", Map.of("neumannSteps", "5000", "outerBatch", allOuter, "innerBatch", all, "hessianBatch", all));
            for (var e : solvers.entrySet()) {
                Map<String, String> o = new java.util.HashMap<>(e.getValue());
                o.put("innerSteps", "0");
                o.put("damping", Double.toString(lambda));
                HypergradientDescent s = (HypergradientDescent) Catalog.solver(e.getKey(), Q, new Options(o), 1);
                HypergradientDescent.State st = s.init(new CountingProblem(Q), x, y);
                s.step(st);
                double err = Vec.distance(st.hypergradient, expected) / expected.norm();
                assertTrue(err < 1e-8, e.getKey() + ", damping " + lambda + ": relative error " + err);
            }
            if (lambda > 0) assertTrue(Vec.distance(expected, Q.exactHypergradient(x)) > 1e-3 * expected.norm(), "damping changes the answer: " + Vec.distance(expected, Q.exactHypergradient(x)) / expected.norm());
        }
        for (String bad : new String[] {"-1", "NaN", "Infinity"})
            assertThrows(IllegalArgumentException.class, () -> Catalog.solver("aid-cg", Q, new Options(Map.of("damping", bad)), 1), bad);
    }

    @Test void neumannAndFixedPointHypergradientErrorsShrinkToTheExactOne() {
        // enough inner steps that y is exact; the linear solver's truncation (1 - eta mu)^K then decides the error
        for (String solver : new String[] {"aid-neumann", "aid-fp"}) {
            double prev = Double.POSITIVE_INFINITY;
            for (int steps : new int[] {20, 200, 800, 2000}) {
                double err = hypergradError(solver, Map.of("innerSteps", "1500", "linearSteps", "" + steps));
                System.out.println(solver + " " + steps + " " + err);
                assertTrue(err < prev, solver + ": error must shrink with steps");
                prev = err;
            }
            assertTrue(prev < 1e-6, solver + " error " + prev);
        }
    }

    @Test void aidNeumannAndFixedPointReachTheSolutionWithDefaults() {
        for (String solver : new String[] {"aid-neumann", "aid-fp"}) {
            RunResult r = Runner.run(Catalog.solver(solver, Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(500));
            assertTrue(r.finalRow().distanceToSolution() <= 1e-4, solver + " distance " + r.finalRow().distanceToSolution());
        }
    }

    @Test void aidCgReachesTheSolution() {
        RunResult r = Runner.run(Catalog.solver("aid-cg", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(300));
        System.out.println("aid-cg dist " + r.finalRow().distanceToSolution() + " L_phi " + Q.hypergradLipschitz());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-4, "distance " + r.finalRow().distanceToSolution());
    }

    @Test void aidCgCallsExactlyWhatTheAlgorithmNeeds() {
        int k = 7, d = 5, n = 4;
        RunResult r = Runner.run(Catalog.solver("aid-cg", Q, new Options(Map.of("innerSteps", "" + d, "linearSteps", "" + n)), 1),
                Q, Q.initialX(), Q.initialY(), StopRule.iterations(k));
        var c = r.oracles();
        assertEquals((long) k * d, c.get(Oracle.innerGradY));
        assertEquals(k, c.get(Oracle.outerGradY));
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals(k, c.get(Oracle.innerCross));
        // N CG products per iteration, plus one for the first residual from the warm start after the first iteration
        assertEquals((long) k * n + (k - 1), c.get(Oracle.innerHvp));
        assertEquals(0, c.get(Oracle.innerGradX));
        assertEquals(0, c.get(Oracle.outerValue) + c.get(Oracle.innerValue), "trace evaluation must not count");
    }
}
