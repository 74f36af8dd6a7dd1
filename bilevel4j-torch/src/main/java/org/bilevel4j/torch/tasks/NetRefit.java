package org.bilevel4j.torch.tasks;

import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Refit;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;

/**
 * The refit of a network task ({@link BilevelProblem#refitMetrics}): the network trained at a fixed x on the task's own
 * inner problem, full batch, from the task's initial y (net.init(seed): the same start for every run and method, so the
 * refit depends on x alone), by {@link Refit#innerMinimizer} (accelerated gradient with backtracking and restarts) until
 * ‖∇_y G‖ ≤ {@code tolerance} or {@code iterations} iterations (each one pass over the training data for the gradient
 * and one or more for the step test). Deterministic: no sampling, batch norm on the whole training set.
 *
 * @param share the key under which the task's references are shared by every problem built from the same task, options
 *              and seed in this JVM (the runs of a suite: each builds its problem), or null for references of this problem only
 */
public record NetRefit(int iterations, double tolerance, String share) {
    public NetRefit(int iterations, double tolerance) { this(iterations, tolerance, null); }

    public NetRefit {
        if (iterations < 1) throw new IllegalArgumentException("refitIterations must be >= 1, got " + iterations);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("refitTolerance must be >= 0, got " + tolerance);
    }

    /** The options {@code refitIterations} (default {@code iterations}, the task's) and {@code refitTolerance} (default 1e-4). */
    public static NetRefit from(Options o, int iterations) {
        return new NetRefit(o.getInt("refitIterations", iterations, 1, "network tasks: full-batch accelerated-gradient iterations of the refit and the references"),
                o.getDouble("refitTolerance", 1e-4, "network tasks: the refit stops at ‖∇_y G‖ ≤ this"));
    }

    /** The same settings, with the references shared under {@code key}. */
    public NetRefit sharedAs(String key) { return new NetRefit(iterations, tolerance, key); }

    /** argmin_y G(x, y) of {@code inner}'s G from {@code inner.initialY()}. */
    public Vec train(BilevelProblem inner, Vec x) {
        BilevelProblem noBound = new ForwardingProblem(inner) { // the step test finds the scale: no L_g estimate is computed for it
            @Override public double innerLipschitz() { return Double.NaN; }
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
        };
        return Refit.innerMinimizer(noBound, x, inner.initialY(), iterations, tolerance);
    }

    /** The metrics {@code names} of {@code task} at the refit y, renamed name + "Refit". */
    public Map<String, Double> metrics(BilevelProblem task, BilevelProblem inner, Vec x, List<String> names) {
        return Refit.renamed(task.metrics(x, train(inner, x)), names);
    }
}
