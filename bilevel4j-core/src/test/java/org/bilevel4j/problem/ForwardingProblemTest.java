package org.bilevel4j.problem;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** What a forwarding wrapper passes on, and what it must not (an override is never bypassed by a fused request). */
class ForwardingProblemTest {
    private static final Quadratic Q = new Quadratic(Quadratic.Spec.defaults(3));

    /** G doubled: the override of ∇_y G must also be what a fused request answers. */
    static final class DoubledInner extends ForwardingProblem {
        DoubledInner(BilevelProblem p) { super(p); }
        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new DoubledInner(view); }
        @Override public Vec innerGradY(Vec x, Vec y) { return delegate.innerGradY(x, y).scale(2); }
    }

    @Test void metadataIsForwarded() {
        DoubledInner d = new DoubledInner(Q);
        assertEquals(Q.innerStrongConvexity(), d.innerStrongConvexity());
        assertEquals(Q.metric("distanceToSolution"), d.metric("distanceToSolution"));
    }

    @Test void fusedRequestsAnswerThroughTheOverride() {
        DoubledInner d = new DoubledInner(Q);
        Vec x = Q.initialX(), y = Vec.constant(Q.dimY(), 0.3);
        Answer a = d.innerAt(x, y, Request.GRADS);
        assertArrayEquals(Vec.array(Q.innerGradY(x, y).scale(2)), Vec.array(a.gradY()), 0);
    }

    @Test void scaledViewsKeepTheirScalesOnEveryBatch() {
        WithScales w = new WithScales(Q, new Scales(Q, Q.initialX(), Q.initialY()));
        BilevelProblem b = w.batch(new int[] {0, 1}, new int[] {0, 1, 2});
        assertInstanceOf(WithScales.class, b);
        assertEquals(w.innerLipschitz(), b.innerLipschitz());
        assertSame(Q, WithScales.raw(w));
    }
}
