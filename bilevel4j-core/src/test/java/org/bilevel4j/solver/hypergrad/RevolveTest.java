package org.bilevel4j.solver.hypergrad;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binomial checkpointing: the closed form against brute force, and the schedule against the closed form. */
class RevolveTest {
    /** c(l, s) = min over every first split m of m + c(l − m, s − 1) + c(m, s), or one snapshot: l(l−1)/2. */
    static long[][] splittingRecurrence(int maxL, int maxS) {
        long[][] c = new long[maxL + 1][maxS + 1];
        for (int l = 2; l <= maxL; l++)
            for (int s = 1; s <= maxS; s++) {
                long best = (long) l * (l - 1) / 2; // z_0 alone: sweep again for every step
                if (s >= 2) for (int m = 1; m < l; m++) best = Math.min(best, m + c[l - m][s - 1] + c[m][s]);
                c[l][s] = best;
            }
        return c;
    }

    @Test void closedFormIsTheMinimumOfTheSplittingRecurrence() {
        long[][] c = splittingRecurrence(150, 12);
        for (int l = 1; l <= 150; l++)
            for (int s = 1; s <= 12; s++) assertEquals(c[l][s], Revolve.forwardSteps(l, s), "t(" + l + ", " + s + ")");
    }

    /**
     * The fewest steps recomputed after the forward sweep y_0 → y_l by ANY schedule, by exhaustive search: the sweep
     * leaves up to s iterates in snapshots and one in the working copy; then y_{l−1}, …, y_0 must each be in a
     * snapshot or the working copy when its turn comes; the working copy may advance one step (cost 1), be restored
     * from a snapshot or stored into one; snapshots may be dropped. 0-1 breadth-first search over (snapshots, working
     * copy, next turn).
     */
    static long fewestRecomputations(int l, int s) {
        int states = (1 << l) * (l + 1) * (l + 1);
        int[] dist = new int[states];
        Arrays.fill(dist, Integer.MAX_VALUE);
        ArrayDeque<int[]> queue = new ArrayDeque<>(); // {mask, cur, next, d}; cur = −1: no working state
        for (int mask = 0; mask < 1 << l; mask++)
            if (Integer.bitCount(mask) <= s)
                for (int cur = 0; cur < l; cur++) push(queue, dist, l, mask, cur, l - 1, 0, true);
        while (!queue.isEmpty()) {
            int[] q = queue.pollFirst();
            int mask = q[0], cur = q[1], next = q[2], d = q[3];
            if (d > dist[index(l, mask, cur, next)]) continue;
            if (next < 0) return d;
            if (cur == next || (mask >> next & 1) == 1) { // turn; what lies beyond the next turn is useless
                int keep = (1 << next) - 1;
                push(queue, dist, l, mask & keep, cur < next ? cur : -1, next - 1, d, true);
            }
            if (cur >= 0 && cur < next) push(queue, dist, l, mask, cur + 1, next, d + 1, false);
            if (cur >= 0 && Integer.bitCount(mask) < s) push(queue, dist, l, mask | 1 << cur, cur, next, d, true);
            for (int p = 0; p < l; p++)
                if ((mask >> p & 1) == 1) {
                    push(queue, dist, l, mask, p, next, d, true);
                    push(queue, dist, l, mask & ~(1 << p), cur, next, d, true);
                }
        }
        throw new AssertionError("no schedule reverses " + l + " steps with " + s + " snapshots");
    }

    static int index(int l, int mask, int cur, int next) { return (mask * (l + 1) + cur + 1) * (l + 1) + next + 1; }

    static void push(ArrayDeque<int[]> q, int[] dist, int l, int mask, int cur, int next, int d, boolean free) {
        int i = index(l, mask, cur, next);
        if (d >= dist[i]) return;
        dist[i] = d;
        if (free) q.addFirst(new int[] {mask, cur, next, d});
        else q.addLast(new int[] {mask, cur, next, d});
    }

    @Test void recomputedStepsAreTheFewestOfAnySchedule() {
        for (int l = 1; l <= 9; l++)
            for (int s = 1; s <= Math.min(l, 5); s++)
                assertEquals(fewestRecomputations(l, s), Revolve.recomputedSteps(l, s), "l=" + l + " s=" + s);
    }

    @Test void closedFormsAtTheEnds() {
        for (int l = 1; l <= 40; l++) {
            assertEquals((long) (l - 1) * (l - 2) / 2, Revolve.recomputedSteps(l, 1), "one snapshot: sweep again per step");
            assertEquals(0, Revolve.recomputedSteps(l, Math.max(1, l - 1)), "l − 1 snapshots and the working copy hold all");
            assertEquals(0, Revolve.recomputedSteps(l, Integer.MAX_VALUE));
        }
        assertEquals(10, Revolve.beta(3, 2));
        assertEquals(2, Revolve.repetitions(10, 3));
        assertEquals(3, Revolve.repetitions(11, 3));
        assertEquals(1, Revolve.recomputedSteps(4, 2), "store y_0, y_2, keep y_3; recompute y_1");
    }

    /** Runs the schedule on positions only: every turn finds its iterate, and the steps are the closed form's. */
    static void checkSchedule(int l, int s) {
        List<Revolve.Action> plan = Revolve.schedule(l, s);
        Map<Integer, Integer> slots = new HashMap<>();
        int cur = 0, next = l - 1;
        long sweep = 0, recomputed = 0;
        boolean swept = false;
        for (Revolve.Action a : plan) {
            String where = "l=" + l + " s=" + s + " " + a;
            switch (a.kind()) {
                case ADVANCE -> {
                    assertTrue(a.position() > cur && a.position() <= next, where);
                    if (swept) recomputed += a.position() - cur;
                    else sweep += a.position() - cur;
                    cur = a.position();
                }
                case STORE -> {
                    assertEquals(cur, a.position(), where);
                    assertTrue(a.slot() >= 0 && a.slot() < s, "within the budget: " + where);
                    slots.put(a.slot(), cur);
                }
                case RESTORE -> {
                    assertTrue(swept, "no restore before the sweep ends: " + where);
                    assertEquals(a.position(), slots.get(a.slot()), where);
                    cur = a.position();
                }
                case FIRST_TURN, TURN -> {
                    assertEquals(a.kind() == Revolve.Kind.FIRST_TURN, !swept, where);
                    assertEquals(next, a.position(), "turns run from l − 1 down to 0: " + where);
                    assertEquals(next, cur, "the turn finds its iterate: " + where);
                    swept = true;
                    next--;
                }
            }
        }
        assertEquals(-1, next, "every step reversed");
        assertEquals(l - 1, sweep, "the sweep goes to y_{l−1} once");
        assertEquals(Revolve.recomputedSteps(l, s), recomputed, "l=" + l + " s=" + s);
    }

    @Test void scheduleTurnsEveryStepWithTheFewestRecomputations() {
        for (int l = 1; l <= 80; l++)
            for (int s = 1; s <= 10; s++) checkSchedule(l, s);
        checkSchedule(600, 3);
        checkSchedule(600, 1);
        checkSchedule(1000, 20);
        checkSchedule(50, Integer.MAX_VALUE);
    }

    @Test void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Revolve.schedule(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Revolve.schedule(5, 0));
    }
}
