package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.Test;

/** Solver defaults on the network tasks as a user first runs them: synthetic data, nothing but the model given. */
class NetworkDefaultsTest {
    private static RunResult run(String problem, Map<String, String> problemOptions, String solver, Map<String, String> solverOptions, int iterations) {
        BilevelProblem p = Catalog.problem(problem, new Options(problemOptions), 0);
        return Runner.run(Catalog.solver(solver, p, new Options(solverOptions), 0), p, p.initialX(), p.initialY(), StopRule.iterations(iterations));
    }

    private static double start(String problem, Map<String, String> options) {
        BilevelProblem p = Catalog.problem(problem, new Options(options), 0);
        return p.outerValue(p.initialX(), p.initialY());
    }

    /**
     * reweight with an MLP: ∇²_yy G has a negative eigenvalue at the start (−1.19 against 4.40), and undamped implicit
     * hypergradients put every weight on one sample within two outer steps and then diverge; damped by default (L_g / 10)
     * the validation loss falls from 1.36 to about 0.35-0.44 in 20 iterations.
     */
    @Test void implicitSolversRunOnANetworkWithTheirDefaults() {
        Map<String, String> task = Map.of("model", "mlp");
        double f0 = start("reweight", task);
        Map<String, Map<String, String>> solvers = Map.of("aid-cg", Map.of(), "aid-fp", Map.of(), "aid-neumann", Map.of("linearSteps", "20"));
        for (var s : solvers.entrySet()) {
            RunResult r = run("reweight", task, s.getKey(), s.getValue(), 20);
            assertTrue(r.finalRow().outerValue() < 0.6 * f0, s.getKey() + ": outer value " + f0 + " -> " + r.finalRow().outerValue());
        }
        assertThrows(DivergedException.class, () -> run("reweight", task, "aid-cg", Map.of("damping", "0"), 20), "the undamped system, as before");
    }

    /**
     * reweight's L_Φ: the old 1/n (outer step n) moved the regularizer log-weights x_a, x_b by several units a step, and
     * most solvers diverged (soba at iteration 11, stocbio's outer value rose to 176); the default 1 runs them.
     */
    @Test void stochasticSolversRunOnNetworkReweightWithTheirDefaults() {
        Map<String, String> task = Map.of("model", "mlp");
        double f0 = start("reweight", task);
        for (String s : new String[] {"soba", "stocbio", "f2sa", "amigo"}) {
            RunResult r = run("reweight", task, s, Map.of(), 20);
            assertTrue(r.finalRow().outerValue() < 0.8 * f0, s + ": outer value " + f0 + " -> " + r.finalRow().outerValue());
        }
        assertThrows(DivergedException.class, () -> run("reweight", Map.of("model", "mlp", "hypergradLipschitz", "1/n"), "soba", Map.of(), 20), "the old 1/n");
    }

    @Test void reweightLipschitzOption() {
        BilevelProblem old = Catalog.problem("reweight", new Options(Map.of("model", "mlp", "hypergradLipschitz", "1/n")), 0);
        assertEquals(1.0 / (old.dimX() - 2), old.hypergradLipschitz(), 1e-15, "1/n: n sample logits after x_a, x_b");
        assertEquals(1, Catalog.problem("reweight", new Options(Map.of("model", "mlp")), 0).hypergradLipschitz());
        assertEquals(0.25, Catalog.problem("reweight", new Options(Map.of("model", "mlp", "hypergradLipschitz", "0.25")), 0).hypergradLipschitz());
        for (String bad : new String[] {"0", "-1", "abc", "1/m", "Infinity"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Catalog.problem("reweight", new Options(Map.of("model", "mlp", "hypergradLipschitz", bad)), 0), bad);
            assertTrue(e.getMessage().contains("hypergradLipschitz=" + bad), e.getMessage());
        }
    }

    /** benchopt's reg 0.2 made y = 0 the MLP's inner minimizer: every solver ended at ln 10 and chance accuracy. */
    @Test void hypercleanOnANetworkDefaultsToAWeightDecayItCanLearnWith() {
        Options o = new Options(new HashMap<>(Map.of("model", "mlp")));
        Catalog.problem("hyperclean", o, 0);
        assertEquals("0.001", o.value("reg"));
        Options bvfim = new Options(new HashMap<>(Map.of("model", "mlp", "setting", "bvfim")));
        Catalog.problem("hyperclean", bvfim, 0);
        assertEquals(0, Double.parseDouble(bvfim.value("reg")), "another setting keeps its own reg");

        RunResult learned = run("hyperclean", Map.of("model", "mlp"), "soba", Map.of(), 20);
        assertTrue(learned.finalRow().metrics().get("testAccuracy") > 0.6, "test accuracy " + learned.finalRow().metrics());
        RunResult collapsed = run("hyperclean", Map.of("model", "mlp", "reg", "0.2"), "soba", Map.of(), 20);
        assertTrue(collapsed.finalRow().outerValue() > 2.2 && collapsed.finalRow().metrics().get("testAccuracy") < 0.2,
                "reg 0.2, as benchopt's linear model: " + collapsed.finalRow().outerValue() + " " + collapsed.finalRow().metrics());
    }
}
