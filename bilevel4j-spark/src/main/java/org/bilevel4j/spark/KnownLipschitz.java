package org.bilevel4j.spark;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * An in-process problem with a given inner Lipschitz constant (the bound its Spark twin uses, so that both take
 * the same default steps); the oracles are the delegate's, fused requests included (nothing else is overridden).
 */
final class KnownLipschitz extends ForwardingProblem {
    private final double lipschitz;

    KnownLipschitz(BilevelProblem delegate, double lipschitz) {
        super(delegate);
        this.lipschitz = lipschitz;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new KnownLipschitz(view, lipschitz); }

    @Override public double innerLipschitz() { return lipschitz; }

    @Override public double hypergradLipschitz() { return Double.NaN; }

    @Override public java.util.Map<String, Double> metrics(Vec x, Vec y) { return java.util.Map.of(); }

    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }

    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
}
