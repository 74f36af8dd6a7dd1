package org.bilevel4j.problem;

import org.bilevel4j.opt.Snapshot;

/**
 * A problem whose data are episodes drawn from a seeded sampler (few-shot learning): each outer iteration sees a
 * meta-batch of episodes as its whole problem, and the inner variable (one head per episode) belongs to that
 * meta-batch only. {@link org.bilevel4j.solver.Runner} calls {@link #advance} before every outer iteration; when it
 * draws a new meta-batch and {@link #freshInnerPerDraw} holds, the run's inner variable and every y-space quantity the
 * solver keeps start afresh from {@code initialY()} ({@link org.bilevel4j.solver.SolverState#resetInner}): no warm start
 * across different episodes. The sampler's state is part of every checkpoint ({@link #save} / {@link #restore},
 * called by {@code SolverState}), so a resumed run draws the same episodes.
 */
public interface Episodic {
    /** Moves to the next outer iteration's data; true when that drew a new meta-batch (false: the same one again). */
    boolean advance();

    /** True when the inner variable must not be warm-started across meta-batches (each head is for its episode only). */
    boolean freshInnerPerDraw();

    /** Writes the sampler's state (and whatever else decides which data the next iterations see) under prefix + ".". */
    void save(Snapshot out, String prefix);

    /** Continues from what {@link #save} wrote: the current meta-batch and the ones after it are those of the saved run. */
    void restore(Snapshot in, String prefix);

    /** Told by the runner that the next {@code metrics} call is the run's last trace row (evaluate it in full). */
    default void lastRow() {}

    /** The episodic problem behind counting and forwarding wrappers, or null when there is none. */
    static Episodic of(BilevelProblem p) {
        for (int depth = 0; depth < 16 && p != null; depth++) {
            if (p instanceof Episodic e) return e;
            if (p instanceof CountingProblem c) p = c.uncounted();
            else if (p instanceof ForwardingProblem f) p = f.delegate;
            else return null;
        }
        return null;
    }
}
