package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * A network task with its refit metrics ({@link NetRefit}: the network trained on the task's own inner problem at the
 * final x) and its references, added to the metrics. Otherwise a pure view: every oracle, fused requests included, is
 * the delegate's.
 */
final class WithRefit extends ForwardingProblem {
    private final BilevelProblem full; // the task on every sample: the refit trains on it, never on a batch view
    private final NetRefit refit;
    private final List<String> names;
    private final LazyReferences references;

    WithRefit(BilevelProblem delegate, BilevelProblem full, NetRefit refit, List<String> names, LazyReferences references) {
        super(delegate);
        this.full = full;
        this.refit = refit;
        this.names = List.copyOf(names);
        this.references = references;
    }

    /** {@code task} with refit metrics {@code names}, and the references {@code references} computes from the wrapped task. */
    static WithRefit of(BilevelProblem task, NetRefit refit, List<String> names, java.util.function.Function<WithRefit, Map<String, Double>> references) {
        WithRefit[] self = new WithRefit[1];
        self[0] = new WithRefit(task, task, refit, names, new LazyReferences(refit.share(), () -> references.apply(self[0])));
        return self[0];
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new WithRefit(view, full, refit, names, references); }

    /** The refit y at x: argmin_y G(x, y) from the task's initial y. */
    Vec refitY(Vec x) { return refit.train(full, x); }

    /** The task's metrics {@code names} at the refit y. */
    Map<String, Double> refitAt(Vec x) { return org.bilevel4j.problem.Refit.renamed(full.metrics(x, refitY(x)), names); }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>(delegate.metrics(x, y));
        m.putAll(references.get());
        return m;
    }

    /** Trained from the task's initial y, not from {@code yStart} (a network's minimizer depends on its start). */
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) { return refitAt(x); }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return delegate.innerAt(x, y, r); }
    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) { return delegate.innerAt(x, y, atY, z, atZ); }
    @Override public Answer outerAt(Vec x, Vec y, Request r) { return delegate.outerAt(x, y, r); }
    @Override public boolean fusesPasses() { return delegate.fusesPasses(); }
}
