package org.bilevel4j.solver.defaults;

import org.bilevel4j.problem.BilevelProblem;
import org.junit.jupiter.api.Test;

/** Prints the matrix (not a check): -Dprobe.solvers=a,b -Dprobe.problems=p,q -Dprobe.sets='k=v,k=v;k=v' (one matrix per option set). */
class DefaultsProbe {
    @Test void probe() {
        String ss = System.getProperty("probe.solvers", "");
        String ps = System.getProperty("probe.problems", "");
        if (ss.isEmpty()) return;
        for (String set : System.getProperty("probe.sets", System.getProperty("probe.set", "")).split(";", -1)) {
        System.setProperty("probe.set", set);
        System.out.println("PROBE set " + set);
        for (String s : ss.split(",")) {
            for (var e : DefaultsMatrix.PROBLEMS.entrySet()) {
                if (!ps.isEmpty() && !java.util.List.of(ps.split(",")).contains(e.getKey())) continue;
                BilevelProblem p = e.getValue();
                if (!DefaultsMatrix.applies(s, p)) continue;
                long t0 = System.nanoTime();
                var o = DefaultsMatrix.run(s, p);
                System.out.printf("PROBE %-14s %-10s ratio %.3e dist %.2e  %s  calls %d  %.2fs  %s%n", s, e.getKey(), o.ratio(), o.distance(), o.status(), o.calls(),
                        (System.nanoTime() - t0) * 1e-9, o.scales());
            }
        }
        }
    }
}
