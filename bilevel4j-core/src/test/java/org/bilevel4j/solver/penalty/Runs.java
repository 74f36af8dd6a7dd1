package org.bilevel4j.solver.penalty;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;

/** The shared test problem and a one-line run through the Catalog and the shared Runner. */
final class Runs {
    private Runs() {}

    static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(1));

    static RunResult run(String solver, Map<String, String> options, long iterations) {
        Solver<?> s = Catalog.solver(solver, Q, new Options(options), 1);
        return Runner.run(s, Q, Q.initialX(), Q.initialY(), StopRule.iterations(iterations).withTraceEvery((int) Math.max(1, iterations / 4)));
    }

    static double distance(RunResult r) { return r.finalRow().distanceToSolution(); }

    /** argmin_y F(x,y) + λ G(x,y) on a quadratic, by CG on (∇²F + λ∇²G) y = −∇(F + λG)(x, 0). */
    static Vec penalizedSolution(BilevelProblem p, Vec x, double lambda) {
        Vec zero = Vec.zeros(p.dimY());
        Vec b = p.outerGradY(x, zero).axpy(lambda, p.innerGradY(x, zero)).scale(-1);
        return new org.bilevel4j.linalg.ConjugateGradient(2000, 1e-13)
                .solve(v -> p.outerHvpYY(x, zero, v).axpy(lambda, p.innerHvpYY(x, zero, v)), b, zero);
    }

    /** Φ_λ(x) = min_y {F + λG} − λ min_z G (ALGORITHMS.md §2.2), exactly on a quadratic. */
    static double penaltyValue(BilevelProblem p, Vec x, double lambda) {
        Vec y = penalizedSolution(p, x, lambda), z = p.innerSolution(x);
        return p.outerValue(x, y) + lambda * (p.innerValue(x, y) - p.innerValue(x, z));
    }
}
