package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.torch.nets.Mlp;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The README's "Your own network" example, kept compiling and running. */
class ReadmeNetworkExampleTest {
    @Test
    void readmeExampleRuns() {
        // --- README example begins ---
        TorchSetup setup = TorchSetup.floats();                       // float32 tensors on the CPU
        SplittableRandom rng = new SplittableRandom(0);
        double[] a = new double[200 * 10];
        int[] b = new int[200];
        for (int i = 0; i < 200; i++) {
            b[i] = rng.nextInt(3);
            for (int j = 0; j < 10; j++) a[i * 10 + j] = rng.nextGaussian() + (j == b[i] ? 2 : 0);
        }
        Tensor trainX = setup.tensor(java.util.Arrays.copyOf(a, 1000), 100, 10), valX = setup.tensor(java.util.Arrays.copyOfRange(a, 1000, 2000), 100, 10);
        Tensor trainY = TorchSetup.longs(java.util.Arrays.copyOf(b, 100)), valY = TorchSetup.longs(java.util.Arrays.copyOfRange(b, 100, 200));

        Mlp net = Mlp.relu(10, 16, 3);                                // y: the network's parameters
        ParamShapes hyper = new ParamShapes().add("logDecay", 1);     // x: one log weight decay
        Loss inner = (x, y, batch) -> {                               // G(x, y): training loss + e^x/2 ||y||²
            Tensor logits = net.forward(y, batch.rows(trainX), batch.training());
            Tensor ce = torch.nll_loss(torch.log_softmax(logits, 1), batch.rows(trainY), new TensorOptional(), 1, -100);
            return ce.add(x.get("logDecay").exp().mul(y.flat().square().sum()).mul(new Scalar(0.5)).sum());
        };
        Loss outer = (x, y, batch) -> {                               // F(y): validation loss
            Tensor logits = net.forward(y, batch.rows(valX), batch.training());
            return torch.nll_loss(torch.log_softmax(logits, 1), batch.rows(valY), new TensorOptional(), 1, -100);
        };
        TorchProblem problem = TorchProblem.builder("my-network", setup)
                .x(hyper, new double[] {-3})
                .y(net.shapes(), net.init(42))                        // standard initialization, from the seed
                .inner(inner, 100).outer(outer, 100)                  // sample counts: mini-batch views index into them
                .build();
        var solver = Catalog.solver("aid-cg", problem, new Options(Map.of("innerStep", "0.1", "outerStep", "0.5")), 42);
        RunResult r = Runner.run(solver, problem, problem.initialX(), problem.initialY(), StopRule.iterations(5));
        System.out.printf("log decay %.3f, validation loss %.4f, %d HVPs%n", r.x().toArray()[0], r.finalRow().outerValue(),
                r.oracles().get(org.bilevel4j.problem.Oracle.innerHvp));
        // --- README example ends ---
        assertEquals(5, r.iterations());
        assertTrue(Double.isFinite(r.finalRow().outerValue()) && r.finalRow().outerValue() < problem.outerValue(problem.initialX(), problem.initialY()));
    }
}
