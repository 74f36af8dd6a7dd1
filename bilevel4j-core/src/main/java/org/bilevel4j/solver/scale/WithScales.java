package org.bilevel4j.solver.scale;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * The problem as solver factories see it: every call forwarded (fused requests too: this is a pure view), and
 * {@link #innerLipschitz()} / {@link #hypergradLipschitz()} answered by {@link Scales} (the problem's own value, else
 * an estimate).
 */
public final class WithScales extends ForwardingProblem {
    private final Scales scales;

    public WithScales(BilevelProblem p, Scales scales) {
        super(p);
        this.scales = scales;
    }

    public Scales scales() { return scales; }

    /** The problem under a {@code WithScales} view (or p itself), for factories that want only what it knows. */
    public static BilevelProblem raw(BilevelProblem p) { return p instanceof WithScales w ? w.delegate : p; }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new WithScales(view, scales); }

    @Override public double innerLipschitz() { return scales.innerLipschitz(); }
    @Override public double hypergradLipschitz() { return scales.hypergradLipschitz(); }
    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }
    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }
    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }
}
