package org.bilevel4j.solver.scale;

import org.bilevel4j.opt.Snapshot;

/**
 * Progress watch for step adaptation (issue 11: "adapt when progress stalls"): a non-negative progress measure
 * (a gradient norm) that has not fallen below {@code factor} × its best value for {@code window} observations is a
 * stall; the caller then shrinks its steps (a constant-step method oscillating at its noise floor) and the watch
 * restarts from the current value. Part of a solver's state (saved and restored, so resume stays bit-exact).
 */
public final class Stall {
    private final int window;
    private final double factor;
    private double best = -1; // -1: nothing seen since the last (re)start
    private long since;
    private long count;

    public Stall(int window, double factor) {
        if (window < 1 || !(factor > 0 && factor <= 1)) throw new IllegalArgumentException("stall watch needs window >= 1 and 0 < factor <= 1");
        this.window = window;
        this.factor = factor;
    }

    /** Records one value; true when it ends a stall (no improvement by the factor within the window). */
    public boolean stalled(double value) {
        if (!(value >= 0)) return false; // NaN: divergence checks handle it
        if (best < 0 || value < factor * best) {
            best = value;
            since = 0;
            return false;
        }
        if (++since < window) return false;
        best = value;
        since = 0;
        count++;
        return true;
    }

    /** Restarts the watch (after a change of the objective, e.g. a new penalty stage). */
    public void reset() {
        best = -1;
        since = 0;
    }

    /** Stalls seen so far (for the trace). */
    public long count() { return count; }

    public void save(Snapshot out, String key) {
        out.put(key + ".best", best).putLong(key + ".since", since).putLong(key + ".count", count);
    }

    public void restore(Snapshot in, String key) {
        best = in.num(key + ".best");
        since = in.integer(key + ".since");
        count = in.integer(key + ".count");
    }
}
