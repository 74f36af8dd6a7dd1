package org.bilevel4j.solver;

import static org.bilevel4j.solver.ItdTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.hypergrad.InnerGradientDescent;
import org.bilevel4j.solver.hypergrad.Revolve;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** {@code memoryBudget=N} on rhg, trhg and bda: the full tape's hypergradient from N snapshots, at Revolve's count of recomputed steps. */
class MemoryBudgetTest {
    static Map<String, String> with(Map<String, String> opts, String budget) {
        Map<String, String> m = new HashMap<>(opts);
        if (budget != null) m.put("memoryBudget", budget);
        return m;
    }

    /** The hypergradient and the final inner iterate of one estimate from y0. */
    static Vec[] estimateAndY(String solver, Map<String, String> opts, Vec y0) {
        HypergradientDescent s = (HypergradientDescent) Catalog.solver(solver, Q, new Options(opts), 1);
        HypergradientDescent.State st = s.init(new CountingProblem(Q), X, y0);
        s.step(st);
        return new Vec[] {st.hypergradient, st.y};
    }

    @Test void checkpointedHypergradientIsTheFullTapes() {
        Vec y0 = randomVec(100, 7);
        Object[][] cases = { // solver, options, reversed steps, budgets
            {"rhg", Map.of("innerSteps", "20"), 20, new int[] {1, 2, 3, 5, 18, 19, 20, 50}},
            {"rhg", Map.of("innerSteps", "37"), 37, new int[] {1, 2, 4, 7}},
            {"trhg", Map.of("innerSteps", "30", "truncation", "17"), 17, new int[] {1, 2, 5, 16, 17, 30}},
            {"bda", Map.of("innerSteps", "25", "alpha", "0.6"), 25, new int[] {1, 2, 6, 25}},
            {"bda", Map.of("innerSteps", "25", "alphaSchedule", "bda-code", "gamma", "2"), 25, new int[] {1, 3}},
        };
        for (Object[] c : cases) {
            String solver = (String) c[0];
            @SuppressWarnings("unchecked") Map<String, String> opts = (Map<String, String>) c[1];
            Vec[] tape = estimateAndY(solver, opts, y0);
            for (int n : (int[]) c[3]) {
                Vec[] budgeted = estimateAndY(solver, with(opts, "" + n), y0);
                double err = relError(budgeted[0], tape[0]);
                assertTrue(err <= 1e-12, solver + " " + opts + " N=" + n + ": " + err);
                assertEquals(0, Vec.distance(budgeted[1], tape[1]), "the final inner iterate is left in s.y");
            }
        }
        // dropping one step of the 20 moves the estimate by far more than the tolerance
        assertTrue(relError(estimate("rhg", Map.of("innerSteps", "20"), X, y0), estimate("trhg", Map.of("innerSteps", "20", "truncation", "19"), X, y0)) > 1e-6);
    }

    /**
     * The quadratic's second derivatives do not depend on y, so there a wrong recomputed iterate would go unseen;
     * here they do (sin terms, the logistic model), and the iterates are recomputed bit for bit.
     */
    @Test void checkpointedHypergradientIsExactWhereSecondDerivativesMoveWithY() {
        Object[][] cases = { // problem, its options, solver, solver options, budgets
            {"toy-nonconvex", Map.of("n", "6"), "rhg", Map.of("innerSteps", "30", "innerStep", "0.3"), new int[] {1, 2, 4}},
            {"toy-nonconvex", Map.of("n", "6"), "bda", Map.of("innerSteps", "30", "innerStep", "0.3"), new int[] {1, 3}},
            {"hyperclean", Map.of("trainSize", "60", "valSize", "40", "testSize", "10", "features", "5", "classes", "3",
                    "referenceIterations", "5", "precision", "double"), "trhg", Map.of("innerSteps", "25", "truncation", "20"), new int[] {1, 2, 5}},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked") BilevelProblem p = Catalog.problem((String) c[0], new Options((Map<String, String>) c[1]), 3);
            @SuppressWarnings("unchecked") Map<String, String> opts = (Map<String, String>) c[3];
            Vec x = p.initialX().copy().map(v -> v + 0.3), y0 = p.initialY().copy().map(v -> v - 0.2);
            Vec tape = estimateOn(p, (String) c[2], opts, x, y0);
            for (int n : (int[]) c[4]) {
                double err = relError(estimateOn(p, (String) c[2], with(opts, "" + n), x, y0), tape);
                System.out.println(c[0] + " " + c[2] + " N=" + n + ": relative difference to the full tape " + err);
                assertTrue(err <= 1e-12, c[0] + " " + c[2] + " N=" + n + ": " + err);
            }
        }
    }

    /** With few snapshots, still the derivative of x ↦ F(x, y_T(x)) where the HVPs and cross products read each y_j. */
    @Test void checkpointedRhgIsTheDerivativeOfTheUnrolledMapOffTheQuadratic() {
        for (String[] c : new String[][] {{"toy-nonconvex", "30", "0.3"}, {"hyperclean", "25", "0"}}) {
            BilevelProblem p = Catalog.problem(c[0], new Options(c[0].equals("toy-nonconvex") ? Map.of("n", "6") : Map.of("trainSize", "30",
                    "valSize", "20", "testSize", "10", "features", "4", "classes", "3", "referenceIterations", "5", "precision", "double")), 3);
            Vec x = p.initialX().copy().map(v -> v + 0.3), y0 = p.initialY().copy().map(v -> v - 0.2);
            int d = Integer.parseInt(c[1]);
            double step = c[2].equals("0") ? 1 / p.innerLipschitz() : Double.parseDouble(c[2]);
            Map<String, String> opts = Map.of("innerSteps", c[1], "innerStep", "" + step, "memoryBudget", "2");
            Vec fd = FiniteDifferences.gradient(z -> p.outerValue(z, InnerGradientDescent.run(p, z, y0.copy(), d, step)), x, 1e-5);
            double err = relError(estimateOn(p, "rhg", opts, x, y0), fd);
            System.out.println(c[0] + " rhg memoryBudget=2 vs central differences: " + err);
            assertTrue(err < 1e-7, c[0] + ": " + err);
        }
    }

    static Vec estimateOn(BilevelProblem p, String solver, Map<String, String> opts, Vec x, Vec y0) {
        HypergradientDescent s = (HypergradientDescent) Catalog.solver(solver, p, new Options(opts), 1);
        HypergradientDescent.State st = s.init(p, x, y0);
        s.step(st);
        return st.hypergradient;
    }

    @Test void extraInnerGradientsAreRevolvesCount() {
        int k = 3;
        Object[][] cases = {
            {"rhg", Map.of("innerSteps", "20"), 20, new int[] {1, 2, 3, 4, 19, 40}},
            {"trhg", Map.of("innerSteps", "30", "truncation", "12"), 12, new int[] {1, 2, 5}},
            {"bda", Map.of("innerSteps", "16"), 16, new int[] {1, 2, 3}},
        };
        for (Object[] c : cases) {
            String solver = (String) c[0];
            @SuppressWarnings("unchecked") Map<String, String> opts = (Map<String, String>) c[1];
            int reversed = (int) c[2];
            OracleCounts tape = calls(solver, opts, k);
            for (int n : (int[]) c[3]) {
                OracleCounts b = calls(solver, with(opts, "" + n), k);
                long extra = (long) k * Revolve.recomputedSteps(reversed, n);
                String what = solver + " " + opts + " N=" + n;
                assertEquals(tape.get(Oracle.innerGradY) + extra, b.get(Oracle.innerGradY), what);
                long upper = solver.equals("bda") ? extra : 0; // BDA's steps also take ∇_yF
                assertEquals(tape.get(Oracle.outerGradY) + upper, b.get(Oracle.outerGradY), what);
                for (Oracle o : new Oracle[] {Oracle.innerHvp, Oracle.innerCross, Oracle.outerHvp, Oracle.outerCross, Oracle.outerGradX})
                    assertEquals(tape.get(o), b.get(o), what + " " + o + ": second-order calls do not change");
            }
        }
        // by hand: N = 1 keeps y_0 and the working copy y_19, and sweeps again from y_0 for y_18 … y_1
        assertEquals(3L * 20 + 3L * 19 * 18 / 2, calls("rhg", Map.of("innerSteps", "20", "memoryBudget", "1"), 3).get(Oracle.innerGradY));
    }

    @Test void allIsTheDefaultAndBadBudgetsAreOneLine() {
        Vec y0 = randomVec(100, 8);
        assertEquals(0, Vec.distance(estimate("rhg", Map.of("innerSteps", "9"), X, y0), estimate("rhg", Map.of("innerSteps", "9", "memoryBudget", "all"), X, y0)));
        for (String bad : new String[] {"0", "-3", "some", "2.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Catalog.solver("rhg", Q, new Options(Map.of("memoryBudget", bad)), 1));
            assertTrue(e.getMessage().contains("memoryBudget=" + bad) && e.getMessage().contains(">= 1"), e.getMessage());
        }
    }
}
