package org.bilevel4j.solver.scale;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problems.sparse.SparseRegression;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;

/** Test-scope main (not a test): the local minima of Φ_μ (warm branch from x0 = −3, scanning down to −9) per design seed and μ. */
public final class SmoothedMinimizerProbe {
    public static void main(String[] args) {
        for (String pen : new String[] {"oscar", "lp"}) {
            for (long seed = 0; seed <= 2; seed++) {
                SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression",
                        new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", pen))), seed);
                Vec xs = p.solutionX();
                StringBuilder sb = new StringBuilder(String.format("%s seed %d x* %s:", pen, seed, xs == null ? "none" : String.format("%.4f", Vec.array(xs)[0])));
                for (double mu : new double[] {0.04, 0.02, 0.01, 0.005, 0.0025, 1e-3}) {
                    p.setMu(mu);
                    ImplicitHypergradient h = new ImplicitHypergradient(p, p.initialY());
                    double previous = Double.NaN;
                    sb.append(String.format("  mu %.4f:", mu));
                    for (double x = -1; x >= -9; x -= 0.005) {
                        double g = Vec.array(h.at(Vec.of(x), 1e-10))[0];
                        if (previous > 0 && g < 0) sb.append(String.format(" %.3f", x + 0.0025));
                        previous = g;
                    }
                }
                System.out.println(sb);
            }
        }
    }
}
