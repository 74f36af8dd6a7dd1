package org.bilevel4j.tasks.fewshot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.bilevel4j.data.GlyphSplit;
import org.bilevel4j.data.Glyphs;
import org.bilevel4j.data.GlyphsManifest;

/**
 * How large and how hard {@code glyphs} is: scripts and classes per part, the time to render the whole set, its
 * manifest ({@link GlyphsManifest}), and pixel nearest-neighbour accuracy on the fixed evaluation episodes of each
 * part (5-way 1-shot, 5-way 5-shot, 20-way 1-shot, 15 queries per class).
 */
public final class GlyphsReport {
    private GlyphsReport() {}

    public static final int QUERIES = 15;
    static final int[][] SHAPES = {{5, 1}, {5, 5}, {20, 1}};

    public static void print(Glyphs g, Path dataDir, PrintWriter out) throws IOException {
        out.printf("glyphs, seed %d: %d classes (letters) of %d scripts, %d samples each, %d font files used%n",
                g.seed(), g.size(), g.scripts(GlyphSplit.BACKGROUND).size() + g.scripts(GlyphSplit.VALIDATION).size() + g.scripts(GlyphSplit.EVALUATION).size(),
                Glyphs.SAMPLES, g.fontsUsed().size());
        for (GlyphSplit p : GlyphSplit.values())
            out.printf("  %-10s %3d scripts %5d classes%n", p.label(), g.scripts(p).size(), g.classes(p).length);
        long t0 = System.nanoTime();
        String verdict = GlyphsManifest.writeOrCheck(g, dataDir);
        out.printf("rendered all %d x %d samples in %.1f s on %d threads; %s%n", g.size(), Glyphs.SAMPLES, (System.nanoTime() - t0) / 1e9,
                Runtime.getRuntime().availableProcessors(), verdict);
        out.printf("pixel nearest-neighbour accuracy, %d fixed episodes per cell, %d queries per class (mean ± 95%% CI):%n",
                EpisodeSampler.EVALUATION_EPISODES, QUERIES);
        out.printf("  %-10s", "part");
        for (int[] s : SHAPES) out.printf(" %22s", s[0] + "-way " + s[1] + "-shot");
        out.println();
        for (GlyphSplit p : GlyphSplit.values()) {
            out.printf("  %-10s", p.label());
            for (int[] s : SHAPES) {
                List<Episode> eps = EpisodeSampler.evaluation(g.classes(p), Glyphs.SAMPLES, s[0], s[1], QUERIES);
                PixelNearestNeighbour.Score sc = PixelNearestNeighbour.score(eps, g::images);
                out.printf(" %22s", String.format("%.1f ± %.1f %%", 100 * sc.mean(), 100 * sc.ci95()));
            }
            out.println();
        }
        out.flush();
    }
}
