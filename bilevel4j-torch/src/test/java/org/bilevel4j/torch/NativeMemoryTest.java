package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat: 1000 HVP + cross calls on conv-4 grow the process RSS by less than 50 MB, both through
 * one retained graph (one point, new directions) and when the retained graph is rebuilt at every point.
 */
class NativeMemoryTest {
    @Test
    void thousandSecondOrderCallsOnConv4KeepTheProcessFlat() throws IOException {
        TorchSetup s = TorchSetup.floats();
        TorchProblem p = Fixtures.problem("conv4", new Conv4(1, 16, 2, 2), s, Fixtures.data(s, 2, 2, 1, 1, 16, 16), Fixtures.data(s, 2, 2, 2, 1, 16, 16), 3);
        Vec x = p.initialX(), y = p.initialY(), v = Vec.constant(p.dimY(), 0.01);
        for (int i = 0; i < 50; i++) p.secondOrder(false, x, y, v); // warm-up: allocator pools, JIT
        System.gc();
        long before = rssKb();
        for (int i = 0; i < 1000; i++) {
            p.innerHvpYY(x, y, v);
            p.innerCrossXY(x, y, v);              // from the same double backward (the memo)
            Vec.array(v)[0] += 1e-3;              // a new direction each time: no memo hit across iterations
        }
        System.gc();
        long grownMb = (rssKb() - before) / 1024;
        assertTrue(grownMb < 50, "RSS grew by " + grownMb + " MB over 1000 HVP + cross calls");
    }

    @Test
    void retainedGraphsRebuiltAtEveryPointAreFreed() throws IOException {
        TorchSetup s = TorchSetup.floats();
        TorchProblem p = Fixtures.problem("conv4", new Conv4(1, 16, 2, 2), s, Fixtures.data(s, 2, 2, 1, 1, 16, 16), Fixtures.data(s, 2, 2, 2, 1, 16, 16), 3);
        Vec x = p.initialX(), y = p.initialY(), v = Vec.constant(p.dimY(), 0.01);
        for (int i = 0; i < 50; i++) p.innerHvpYY(x, y, v).axpy(1, p.innerGradY(x, y)); // warm-up
        System.gc();
        long before = rssKb(), forwards = p.forwards();
        for (int i = 0; i < 250; i++) {
            Vec.array(y)[i % p.dimY()] += 1e-4;   // a new point: the graph of the last one must be freed
            for (int k = 0; k < 3; k++) {
                p.innerHvpYY(x, y, v);
                Vec.array(v)[k] += 1e-3;
            }
            p.innerCrossXY(x, y, v);
            p.innerGradY(x, y);                   // a gradient at the same point keeps the graph
        }
        System.gc();
        long grownMb = (rssKb() - before) / 1024;
        assertTrue(grownMb < 50, "RSS grew by " + grownMb + " MB over 1000 HVP + cross calls at 250 points");
        assertTrue(p.forwards() - forwards == 500, "one forward per point for the products, one for the gradient: " + (p.forwards() - forwards));
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
