package org.bilevel4j.torch;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.WeightDecay;
import org.bilevel4j.torch.tasks.LogisticTorch;

/**
 * The torch backend's entries in the catalog (found by {@link java.util.ServiceLoader}): {@code hyperclean} and
 * {@code weightdecay} gain {@code backend=analytic|torch}. The task is built as before (same data, splits and
 * metrics); with {@code backend=torch} its parts go to libtorch, and only then are the natives loaded.
 */
public final class TorchPlugin implements org.bilevel4j.CatalogPlugin {
    @Override public void register(Map<String, Catalog.ProblemEntry> problems, Map<String, Catalog.SolverEntry> solvers) {
        withBackend(problems, "hyperclean");
        withBackend(problems, "weightdecay");
        Catalog.add(problems, "layerdecay", "per-layer weight decay e^{x_l} of a small ResNet (ResNet-18 by net=resnet18) on Fashion-MNIST padded "
                + "to 32x32, test accuracy (MinimaxOPT 4.2; torch backend)", org.bilevel4j.torch.tasks.LayerDecay::create);
        problems.put("fewshot", new Catalog.ProblemEntry("fewshot", org.bilevel4j.torch.tasks.FewShotTask.DESCRIPTION,
                org.bilevel4j.torch.tasks.FewShotTask::create));
        org.bilevel4j.torch.tasks.DeepTasks.register(problems); // model=linear2|mlp|cnn of hyperclean, reweight, poison (issue 10)
    }

    private static void withBackend(Map<String, Catalog.ProblemEntry> problems, String name) {
        Catalog.ProblemEntry analytic = problems.get(name);
        if (analytic == null) return;
        problems.put(name, new Catalog.ProblemEntry(name, analytic.description() + "; backend=torch computes it through libtorch", (o, seed) -> {
            boolean torch = o.choice("backend", "analytic", "oracles by the hand-derived model (analytic) or by libtorch autograd (torch; "
                    + "then precision is the tensor type, and device and threads apply)", "analytic", "torch").equals("torch");
            BilevelProblem p = analytic.factory().create(o, seed);
            return torch ? toTorch(p, TorchSetup.from(o)) : p;
        }));
    }

    /** The torch version of an analytic logistic task, with the analytic task's Lipschitz bounds. */
    static TorchProblem toTorch(BilevelProblem p, TorchSetup setup) {
        return convert(p, setup).withLipschitz(p.innerLipschitz(), p.hypergradLipschitz());
    }

    private static TorchProblem convert(BilevelProblem p, TorchSetup setup) {
        if (p instanceof HyperCleaning h) {
            HyperCleaning.Parts d = h.parts();
            return LogisticTorch.hyperclean(d.train(), d.corrupted(), d.val(), d.test(), d.bias(), d.reg(), setup);
        }
        if (p instanceof WeightDecay w) {
            WeightDecay.Parts d = w.parts();
            return LogisticTorch.weightdecay(d.train(), d.val(), d.test(), d.bias(), d.initialLogDecay(), d.minLogDecay(), d.maxLogDecay(), setup);
        }
        throw new IllegalArgumentException(p.name() + " has no torch backend");
    }
}
