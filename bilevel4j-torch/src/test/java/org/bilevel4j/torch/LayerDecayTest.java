package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.ResNet;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** {@code layerdecay}: the per-layer decay term's derivatives, x = one entry per layer, short runs of every method, bad options. */
class LayerDecayTest {
    /** A tiny float64 config: ResNet-8 of width 2 on 8×8 synthetic images, 36 + 4 training samples. */
    static Map<String, String> tiny() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", "synthetic");
        m.put("subset", "40");
        m.put("testSamples", "20");
        m.put("imageSize", "8");
        m.put("width", "2");
        return m;
    }

    static TorchProblem problem(Map<String, String> o) {
        Options opts = new Options(o);
        TorchProblem p = org.bilevel4j.torch.tasks.LayerDecay.torch(Catalog.problem("layerdecay", opts, 4));
        opts.requireAllUsed("layerdecay");
        return p;
    }

    @Test void xHasOneEntryPerLayer() {
        TorchProblem p = problem(tiny());
        List<String> names = p.xShapes().entries().stream().map(ParamShapes.Entry::name).toList();
        assertEquals(List.of("stem", "s0b0.c1", "s0b0.c2", "s1b0.c1", "s1b0.c2", "s1b0.sc", "s2b0.c1", "s2b0.c2", "s2b0.sc", "fc"), names);
        assertEquals(Layers.of(p.yShapes()).names(), names);
        assertEquals(21, Layers.of(ResNet.resnet18(1, 10).shapes()).size()); // stem, 16 block convolutions, 3 shortcuts, fc
    }

    /** ∂G/∂x_l = ½ e^{x_l} ‖W_l‖² and ∇²_{x_l y} G·v = e^{x_l} ⟨W_l, v_l⟩: closed forms and central differences, float64. */
    @Test void decayDerivativesMatchClosedFormsAndFiniteDifferences() {
        Map<String, String> o = tiny();
        o.put("precision", "double");
        TorchProblem p = problem(o);
        Layers layers = Layers.of(p.yShapes());
        double[] xs = new double[p.dimX()];
        for (int l = 0; l < xs.length; l++) xs[l] = -2 + 0.3 * l;
        Vec x = Vec.of(xs), y = p.initialY();
        double[] yv = y.toArray();
        double[] gx = p.innerGradX(x, y).toArray();
        double h = 1e-5;
        for (int l = 0; l < layers.size(); l++) {
            ParamShapes.Entry w = layers.weights().get(l);
            double sq = 0;
            for (int i = 0; i < w.size(); i++) sq += yv[w.offset() + i] * yv[w.offset() + i];
            assertEquals(0.5 * Math.exp(xs[l]) * sq, gx[l], 1e-12 * (1 + Math.abs(gx[l])), "closed form, layer " + layers.name(l));
            double[] xp = xs.clone(), xm = xs.clone();
            xp[l] += h;
            xm[l] -= h;
            double fd = (p.innerValue(Vec.of(xp), y) - p.innerValue(Vec.of(xm), y)) / (2 * h);
            assertEquals(fd, gx[l], 1e-7 * (1 + Math.abs(fd)), "finite difference, layer " + layers.name(l));
        }
        // the cross product along a random direction v of y, against e^{x_l} <W_l, v_l> and a central difference of grad_x G in y
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        double[] v = new double[p.dimY()];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        double[] cross = p.innerCrossXY(x, y, Vec.of(v)).toArray();
        double[] fd = p.innerGradX(x, y.copy().axpy(h, Vec.of(v))).axpy(-1, p.innerGradX(x, y.copy().axpy(-h, Vec.of(v)))).scale(1 / (2 * h)).toArray();
        for (int l = 0; l < layers.size(); l++) {
            ParamShapes.Entry w = layers.weights().get(l);
            double dot = 0;
            for (int i = 0; i < w.size(); i++) dot += yv[w.offset() + i] * v[w.offset() + i];
            assertEquals(Math.exp(xs[l]) * dot, cross[l], 1e-10 * (1 + Math.abs(dot)), "cross closed form, layer " + l);
            assertEquals(fd[l], cross[l], 1e-6 * (1 + Math.abs(fd[l])), "cross finite difference, layer " + l);
        }
        // the outer loss does not depend on x
        assertEquals(0, p.outerGradX(x, y).norm(), 0);
    }

    /**
     * Two iterations of each method of the bench on the tiny config (mini-batch SGD inner steps, one epoch each), in
     * float64: in float32 libtorch's oneDNN convolutions return NaN gradients now and then at these tiny widths (2-4
     * channels; README, known problems).
     */
    @Test void shortRunsOfEveryMethod() {
        String common = "innerBatch=8:innerSteps=5:innerStep=0.05:outerRule=adam:outerStep=0.1";
        List<String> solvers = List.of("trhg:" + common + ":truncation=5", "one-step:" + common, "aid-neumann:" + common + ":linearSteps=3",
                "aid-cg:" + common + ":linearSteps=3",
                "minimaxopt-sgd:outerBatch=4:innerBatch=8:stepX=1:stepY=0.05:stepZ=0.05:alpha0=1:innerLipschitz=1:outerLipschitz=1:maxAlpha=10:horizon=10");
        for (String spec : solvers) {
            Map<String, String> po = tiny();
            po.put("precision", "double");
            BilevelProblem p = problem(po);
            String[] parts = spec.split(":");
            Map<String, String> so = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) so.put(parts[i].split("=")[0], parts[i].split("=")[1]);
            Options opts = new Options(so);
            RunResult r;
            try {
                r = Runner.run(Catalog.solver(parts[0], p, opts, 1), p, p.initialX(), p.initialY(), StopRule.iterations(2));
            } catch (RuntimeException e) {
                throw new AssertionError(spec + ": " + e.getMessage(), e);
            }
            opts.requireAllUsed(parts[0]);
            assertEquals(2, r.iterations(), spec);
            double acc = r.trace().rows().get(r.trace().size() - 1).metrics().get("testAccuracy");
            assertTrue(acc >= 0 && acc <= 1, spec + ": " + acc);
            assertNotEquals(p.initialX(), r.x(), spec + " moved x");
        }
    }

    @Test void badOptionsAreClearErrors() {
        for (Map.Entry<String, String> bad : Map.of("net", "vgg", "subset", "5", "initialLogDecay", "5", "width", "0").entrySet()) {
            Map<String, String> o = tiny();
            o.put(bad.getKey(), bad.getValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(o), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()) || e.getMessage().contains("LogDecay"), e.getMessage());
        }
    }
}
