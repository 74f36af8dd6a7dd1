package org.bilevel4j.opt;

import org.bilevel4j.vec.Vec;

/**
 * A first-order update rule (SGD, heavy-ball, Nesterov, Adam) with its step-size schedule, in the style of
 * Optax: {@link #init} makes the state for one variable, {@link Updater#descend} moves the variable.
 */
public interface UpdateRule {
    /** The per-variable state of the rule (momentum buffers, step counter). */
    Updater init(Vec like);

    /** A rule with the same kind and parameters but another schedule. */
    UpdateRule withSchedule(Schedule schedule);

    Schedule schedule();

    static UpdateRule sgd(Schedule s) { return new Sgd(s); }

    static UpdateRule heavyBall(Schedule s, double beta) { return new Momentum(s, beta, false); }

    static UpdateRule nesterov(Schedule s, double beta) { return new Momentum(s, beta, true); }

    static UpdateRule adam(Schedule s) { return new Adam(s, 0.9, 0.999, 1e-8); }

    static UpdateRule adam(Schedule s, double beta1, double beta2, double eps) { return new Adam(s, beta1, beta2, eps); }

    /** The state of one variable under one rule. */
    interface Updater {
        /** v := v − step(grad): descent. Advances the internal step counter. */
        void descend(Vec v, Vec grad);

        /** v := v + step(grad): ascent (for the max variable of minimax methods). */
        default void ascend(Vec v, Vec grad) { descend(v, grad.copy().scale(-1)); }

        /** Steps taken so far. */
        long steps();

        /** Writes the step counter and buffers under {@code key + "."} (for checkpoints). */
        default void save(Snapshot out, String key) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot be checkpointed (no save/restore)");
        }

        /** Reads what {@link #save} wrote; the updater continues exactly as the saved one would. */
        default void restore(Snapshot in, String key) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot be checkpointed (no save/restore)");
        }
    }
}
