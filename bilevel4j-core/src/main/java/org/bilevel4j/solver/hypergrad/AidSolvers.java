package org.bilevel4j.solver.hypergrad;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.linalg.FixedPointIteration;
import org.bilevel4j.linalg.NeumannSeries;

/** Catalog entries of the implicit-differentiation family. */
public final class AidSolvers {
    private AidSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "aid-cg", "AID-BiO, conjugate gradient on the implicit linear system (Ji et al. 2021)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            int n = o.getInt("linearSteps", 10, 0, "CG steps per outer iteration (N)");
            boolean warm = o.getBool("warmStartV", true, "warm-start the linear system from the previous solution");
            return new HypergradientDescent("aid-cg", new AidEstimator(h.innerSteps(), h.innerStep(), new ConjugateGradient(n, 0), warm),
                    h.outerRule(), seed);
        });
        Catalog.add(m, "aid-neumann", "AID with a truncated Neumann series (Lorraine et al. 2020)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            int n = o.getInt("linearSteps", 20, 0, "Neumann terms per outer iteration (K)");
            double eta = o.getPositive("neumannStep", h.innerStep(), "Neumann step eta (<= 1/L; default the inner step)");
            return new HypergradientDescent("aid-neumann", new AidEstimator(h.innerSteps(), h.innerStep(), new NeumannSeries(n, eta), false),
                    h.outerRule(), seed);
        });
        Catalog.add(m, "aid-fp", "AID with fixed-point iteration, warm-started (Grazzi et al. 2020)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            int n = o.getInt("linearSteps", 20, 0, "fixed-point steps per outer iteration");
            double eta = o.getPositive("fixedPointStep", h.innerStep(), "fixed-point step (<= 1/L; default the inner step)");
            boolean warm = o.getBool("warmStartV", true, "warm-start the linear system from the previous solution");
            return new HypergradientDescent("aid-fp", new AidEstimator(h.innerSteps(), h.innerStep(), new FixedPointIteration(n, eta), warm),
                    h.outerRule(), seed);
        });
    }
}
