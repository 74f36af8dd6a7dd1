package org.bilevel4j.solver.hypergrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.problems.ToyNonconvex;
import org.bilevel4j.smoothing.L1;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.RegularizedProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.junit.jupiter.api.Test;

/** The default damping of the implicit solvers: 0 on problems that claim nothing, L_g / 10 on a non-convex inner problem. */
class DampingTest {
    static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(1));

    private static double damping(String solver, BilevelProblem p, Map<String, String> given) {
        Options o = new Options(given);
        Catalog.solver(solver, p, o, 1);
        return o.declared().stream().filter(d -> d.key().equals("damping")).findFirst().map(d -> Double.parseDouble(o.value("damping")))
                .orElseThrow(() -> new AssertionError(solver + " does not read damping"));
    }

    @Test void undampedUnlessTheInnerProblemIsNotConvex() {
        for (String s : new String[] {"aid-cg", "aid-neumann", "aid-fp", "stocbio"}) {
            assertEquals(0, damping(s, Q, Map.of()), s + " on a convex quadratic: the system as the papers write it");
            ToyNonconvex toy = new ToyNonconvex(3, 2, 2, 0); // Σ sin: L_g = 1
            assertEquals(0.1, damping(s, toy, Map.of()), 1e-15, s + " on the non-convex toy: L_g / 10");
            assertEquals(0, damping(s, toy, Map.of("damping", "0")), s + ": a given 0 is kept");
        }
    }

    @Test void theDefaultFollowsTheEstimatedLg() {
        // a non-convex problem with no L_g of its own: the default is a tenth of the scales' estimate, whatever G's scale
        RegularizedProblem nonConvex = new RegularizedProblem(new WithoutLg(Q), new Lp(0.5), 0.1, new double[] {-6});
        Scales sc = Scales.of(nonConvex);
        assertEquals(0.1 * sc.innerLipschitz(), damping("aid-cg", new WithScales(nonConvex, sc), Map.of()), 1e-12);
    }

    @Test void wrappersAndRegularizersPassTheClaimOn() {
        ToyNonconvex toy = new ToyNonconvex(1, 2, 2, 0);
        assertTrue(toy.innerNonConvex());
        assertTrue(new CountingProblem(toy).innerNonConvex());
        assertTrue(new WithScales(toy, Scales.of(toy)).innerNonConvex());
        assertFalse(Q.innerNonConvex());
        assertFalse(new RegularizedProblem(Q, new L1(), 0.1, new double[] {-6}).innerNonConvex(), "a convex penalty on a convex base");
        assertTrue(new RegularizedProblem(Q, new Lp(0.5), 0.1, new double[] {-6}).innerNonConvex(), "l_p, p < 1");
        assertTrue(new RegularizedProblem(toy, new L1(), 0.1, new double[] {-6}).innerNonConvex(), "a non-convex base");
    }

    /** Q without its own L_g, so that the scales estimate it. */
    static final class WithoutLg extends org.bilevel4j.problem.ForwardingProblem {
        WithoutLg(BilevelProblem p) { super(p); }

        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new WithoutLg(view); }

        @Override public double innerLipschitz() { return Double.NaN; }
    }
}
