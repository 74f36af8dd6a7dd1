package org.bilevel4j.torch.tasks;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;

/**
 * Not a test: the cost of one refit and of the references at the suites' sizes (deep-nonsmooth's conv-4 reweight and
 * poison on MNIST, hyperclean-bvfim-table's linear2), wall and CPU seconds, and the gradient norm reached.
 * Args: task spec (e.g. {@code poison:model=cnn:dataset=mnist}), optionally more key=value options.
 */
public final class MeasureNetRefit {
    public static void main(String[] args) {
        String[] spec = args[0].split(":");
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < spec.length; i++) o.put(spec[i].split("=")[0], spec[i].split("=")[1]);
        for (int i = 1; i < args.length; i++) o.put(args[i].split("=")[0], args[i].split("=")[1]);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long w0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
        BilevelProblem p = Catalog.problem(spec[0], new Options(o), 0);
        Vec x = p.initialX();
        long w1 = System.nanoTime(), c1 = cpu.getCurrentThreadCpuTime();
        Map<String, Double> m = p.metrics(x, p.initialY()); // the references, computed at the first metrics call
        long w2 = System.nanoTime(), c2 = cpu.getCurrentThreadCpuTime();
        Map<String, Double> r = p.refitMetrics(x, p.initialY());
        long w3 = System.nanoTime(), c3 = cpu.getCurrentThreadCpuTime();
        Vec g = p.innerGradY(x, p.initialY());
        System.out.printf("%s %s: build %.1f s; metrics with references %.1f s wall / %.1f s CPU; one refit %.1f s wall / %.1f s CPU%n", args[0], o,
                (w1 - w0) * 1e-9, (w2 - w1) * 1e-9, (c2 - c1) * 1e-9, (w3 - w2) * 1e-9, (c3 - c2) * 1e-9);
        System.out.println("  ‖∇_y G‖ at the initial y " + g.norm() + "; metrics " + m + "; refit " + r);
    }
}
