package org.bilevel4j.torch.tasks;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Episodic;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.RegularizedProblem;

/**
 * {@code fewshot --set penalty=lp}: the heads' inner problem plus e^{x_0} ψ̃_p(y, μ), the smoothed l_p^p penalty of
 * every head entry (SPNBO's meta-learning setting; p = 0.6 by default), x_0 its learned log-weight beside the
 * embedding. Still episodic: the meta-batches, fresh heads and checkpointed sampler are those of the base problem.
 */
public final class FewShotLp extends RegularizedProblem implements Episodic {
    private final FewShotProblem base;

    public FewShotLp(FewShotProblem base, double p, double mu, double logWeight) {
        super(base, new Lp(p), mu, new double[] {logWeight});
        this.base = base;
    }

    public FewShotProblem fewShot() { return base; }

    @Override public boolean advance() { return base.advance(); }
    @Override public boolean freshInnerPerDraw() { return base.freshInnerPerDraw(); }
    @Override public void save(Snapshot out, String prefix) { base.save(out, prefix); }
    @Override public void restore(Snapshot in, String prefix) { base.restore(in, prefix); }
    @Override public void lastRow() { base.lastRow(); }
}
