package org.bilevel4j.torch.tasks;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * A network problem: a torch problem with its parameter groups (the network's layers, {@link org.bilevel4j.torch.nets.Layers}),
 * which SPNBO samples and a group lasso may use. A pure view: every oracle, fused requests included, is the delegate's.
 */
public final class NetProblem extends ForwardingProblem {
    private final int[][] groups;

    public NetProblem(BilevelProblem delegate, int[][] groups) {
        super(delegate);
        this.groups = groups;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new NetProblem(view, groups); }

    @Override public int[][] parameterGroups() { return groups; }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }
    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }
    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }
}
