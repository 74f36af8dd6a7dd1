package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.nets.ResNet;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * What the README claims about libtorch's CPU kernels as this module configures them (oneDNN off, see {@link Torch}):
 * the same seed gives the same bits, problem after problem (values, gradients, HVPs, both cross products at two
 * points; conv-4 and a small ResNet with batch norm; float32), with 1 and with 2 intra-op threads, and the same bits at
 * 1 as at 2 threads. With oneDNN's convolutions on, this test fails at 2 threads (changed entries, NaNs).
 */
class DeterminismTest {
    @Test
    void conv4GivesTheSameBitsRunToRun() { check(() -> new Conv4(1, 16, 4, 3), 1, 16); }

    @Test
    void smallResNetGivesTheSameBitsRunToRun() { check(() -> ResNet.small(3, 3, 4, 1), 3, 16); }

    interface Net { Network make(); }

    static void check(Net net, int channels, int size) {
        int before = org.bytedeco.pytorch.global.torch.get_num_threads();
        try {
            double[] one = null;
            for (int threads : new int[] {1, 2}) {
                Torch.threads(threads);
                double[] first = run(net.make(), channels, size);
                double[] second = run(net.make(), channels, size);
                assertArrayEquals(first, second, 0.0, "two runs with " + threads + " threads");
                if (one == null) one = first;
                else assertArrayEquals(one, first, 0.0, "1 and 2 threads");
            }
        } finally {
            Torch.threads(before);
        }
    }

    /** Every oracle at two points along a short path, all results in one array. */
    static double[] run(Network net, int channels, int size) {
        TorchSetup s = TorchSetup.floats();
        TorchProblem p = Fixtures.problem("det", net, s, Fixtures.data(s, 8, 3, 1, channels, size, size), Fixtures.data(s, 6, 3, 2, channels, size, size), 4);
        SplittableRandom r = new SplittableRandom(9);
        Vec x = p.initialX(), y = p.initialY();
        List<double[]> out = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            Vec v = FiniteDifferenceTest.random(r, p.dimY()), u = FiniteDifferenceTest.random(r, p.dimX());
            out.add(new double[] {p.innerValue(x, y), p.outerValue(x, y)});
            Vec gy = p.innerGradY(x, y);
            out.add(gy.toArray());
            out.add(p.innerGradX(x, y).toArray());
            out.add(p.outerGradY(x, y).toArray());
            out.add(p.innerHvpYY(x, y, v).toArray());
            out.add(p.innerHvpYY(x, y, gy).toArray());
            out.add(p.innerCrossXY(x, y, v).toArray());
            out.add(p.innerCrossYX(x, y, u).toArray());
            y.axpy(-0.1, gy);
        }
        return out.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
