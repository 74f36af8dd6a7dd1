package org.bilevel4j.solver.hypergrad;

import java.util.ArrayList;
import java.util.List;

/**
 * Binomial checkpointing, the schedule of Revolve (Griewank &amp; Walther 2000, "Algorithm 799: revolve", ACM TOMS
 * 26(1):19–45; Griewank 1992). To run the adjoints of l steps z_{i+1} = φ_i(z_i) in reverse, i = l−1 … 0, while
 * holding at most s states (snapshots) besides the current one, a forward sweep stores some states and the others
 * are recomputed from the nearest snapshot. With β(s, r) = C(s + r, s) and the repetition number r given by
 * β(s, r − 1) &lt; l ≤ β(s, r), the fewest forward steps of any such schedule (the sweep to z_{l−1} included) are
 * <pre>  t(l, s) = r·l − β(s + 1, r − 1)</pre>
 * reached by splitting [0, l) at m, reversing the right part with s − 1 snapshots and then the left part with s:
 * <pre>  t(l, s) = m + t(l − m, s − 1) + t(m, s)   for any m with β(s, r−2) &lt; m ≤ β(s, r−1), β(s−1, r−1) &lt; l − m ≤ β(s−1, r)</pre>
 * (the two parts then have repetition numbers r − 1 and r, and Pascal's rule gives the sum). With one snapshot the
 * segment is swept again for every step: t(l, 1) = l(l−1)/2.
 */
public final class Revolve {
    /** What the caller does next. Positions are 0 … l, z_0 the start of the reversed steps. */
    public enum Kind {
        /** advance the current state to {@code position}, one step at a time */
        ADVANCE,
        /** copy the current state (at {@code position}) into snapshot {@code slot} */
        STORE,
        /** make snapshot {@code slot} (the state at {@code position}) the current state */
        RESTORE,
        /** the forward sweep is at z_{l−1}: keep it, finish the sweep to z_l, seed the adjoint, reverse step l − 1 */
        FIRST_TURN,
        /** reverse step {@code position}; the current state is z_position */
        TURN
    }

    public record Action(Kind kind, int position, int slot) {}

    private final List<Action> actions = new ArrayList<>();
    private int at; // position of the current state
    private boolean swept; // the first turn ends the forward sweep

    private Revolve() {}

    /** The schedule reversing l ≥ 1 steps with at most s ≥ 1 snapshots (more than l − 1 are never used). */
    public static List<Action> schedule(int l, int s) {
        if (l < 1) throw new IllegalArgumentException("steps to reverse must be >= 1, got " + l);
        if (s < 1) throw new IllegalArgumentException("snapshots must be >= 1, got " + s);
        Revolve r = new Revolve();
        if (l > 1) r.emit(Kind.STORE, 0, 0);
        r.reverse(0, l, Math.min(s, l - 1), 0);
        return r.actions;
    }

    /** Reverse steps end−1 … start; z_start is in {@code slot}, slots slot+1 … slot+snaps−1 are free. */
    private void reverse(int start, int end, int snaps, int slot) {
        int l = end - start;
        if (l == 1) {
            restore(start, slot);
            turn(start);
        } else if (snaps == 1) { // sweep again from z_start for every step
            for (int j = end - 1; j > start; j--) {
                restore(start, slot);
                advance(j);
                turn(j);
            }
            restore(start, slot);
            turn(start);
        } else {
            int m = split(l, snaps);
            restore(start, slot);
            advance(start + m);
            emit(Kind.STORE, start + m, slot + 1);
            reverse(start + m, end, snaps - 1, slot + 1);
            reverse(start, start + m, snaps, slot);
        }
    }

    /** The largest optimal first split m of l steps with s ≥ 2 snapshots (see the class comment). */
    static int split(int l, int s) {
        int r = repetitions(l, s);
        if (r == 1) return 1; // l ≤ s + 1: store every state
        return (int) Math.min(beta(s, r - 1), l - beta(s - 1, r - 1) - 1);
    }

    private void restore(int position, int slot) {
        if (at != position) emit(Kind.RESTORE, position, slot);
        at = position;
    }

    private void advance(int to) {
        if (to > at) emit(Kind.ADVANCE, to, -1);
        at = to;
    }

    private void turn(int j) {
        emit(swept ? Kind.TURN : Kind.FIRST_TURN, j, -1);
        swept = true;
    }

    private void emit(Kind k, int position, int slot) { actions.add(new Action(k, position, slot)); }

    /** β(s, r) = C(s + r, s) for r ≥ 0; 0 for r = −1. */
    public static long beta(int s, int r) {
        if (r < 0) return 0;
        long b = 1;
        for (int i = 1; i <= r; i++) b = Math.multiplyExact(b, (long) s + i) / i; // C(s+i, i) = C(s+i−1, i−1)·(s+i)/i, exact
        return b;
    }

    /** The repetition number r: the least r ≥ 0 with β(s, r) ≥ l. */
    public static int repetitions(int l, int s) {
        int r = 0;
        for (long b = 1; b < l; ) b = Math.multiplyExact(b, (long) s + ++r) / r; // β(s, r) from β(s, r − 1)
        return r;
    }

    /** t(l, s) = r·l − β(s + 1, r − 1): the fewest forward steps reversing l steps with s snapshots. */
    public static long forwardSteps(int l, int s) {
        if (l <= 1) return 0;
        s = Math.min(s, l - 1); // more snapshots than l − 1 are never used
        int r = repetitions(l, s);
        return (long) r * l - beta(s + 1, r - 1);
    }

    /**
     * The steps recomputed beyond the forward sweep, t(l, s) − (l − 1): zero for s ≥ l − 1,
     * (l−1)(l−2)/2 for s = 1.
     */
    public static long recomputedSteps(int l, int s) {
        return l <= 1 ? 0 : forwardSteps(l, s) - (l - 1);
    }
}
