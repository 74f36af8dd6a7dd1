package org.bilevel4j.torch.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bilevel4j.data.GlyphSplit;
import org.bilevel4j.data.Glyphs;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.torch.TorchSetup;

/** The catalog entry {@code fewshot}: its options (README "fewshot"), the glyphs data, and the optional l_p penalty. */
public final class FewShotTask {
    private FewShotTask() {}

    public static final String DESCRIPTION = "few-shot learning on glyphs: x = conv-4 embedding, y = one logistic head per episode of a "
            + "meta-batch (torch); testAccuracy over 600 fixed evaluation episodes, referenceRandomEmbedding, referencePretrained";

    public static BilevelProblem create(Options o, long seed) {
        FewShotSettings s = FewShotSettings.read(o);
        o.choice("dataset", "glyphs", "episodes from (glyphs: the Omniglot stand-in of fonts-noto-core)", "glyphs");
        long dataSeed = o.getLong("dataSeed", 0, "rendering seed of glyphs");
        String penalty = o.choice("penalty", "none", "none, or lp: + e^{x_0} * smoothed sum |y_i|^p on the heads (SPNBO's setting; x_0 learned)", "none", "lp");
        double p = o.getPositive("p", 0.6, "exponent of penalty=lp");
        double mu = o.getPositive("mu", 0.04, "initial smoothing of penalty=lp (SPNBO halves it)");
        double weight = o.getPositive("lpWeight", 1e-3, "initial weight e^{x_0} of penalty=lp");
        TorchSetup setup = TorchSetup.from(o);
        Glyphs g;
        try {
            g = Glyphs.ensure(dataSeed, System.err);
        } catch (IOException e) {
            throw new UncheckedIOException("fewshot: glyphs could not be loaded (run ./bilevel data fetch glyphs): " + e.getMessage(), e);
        }
        FewShotSettings.Data data = new FewShotSettings.Data("glyphs-" + dataSeed, Glyphs.SIDE, Glyphs.SAMPLES, g.classes(GlyphSplit.BACKGROUND),
                g.classes(GlyphSplit.EVALUATION), g::images);
        FewShotProblem base = new FewShotProblem(s, data, setup, seed);
        return penalty.equals("lp") ? new FewShotLp(base, p, mu, Math.log(weight)) : base;
    }
}
