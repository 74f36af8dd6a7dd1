package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code glyphs} set: fetched when CI=true or BILEVEL4J_FETCH=1 (as the real-data task tests), skipped
 * with the fetch command otherwise. Only a few classes are rendered, so the tests take seconds.
 */
class GlyphsTest {
    static Path dir;

    /** Per test (not @BeforeAll), so that a skip shows as three skipped tests rather than none run. */
    @BeforeEach void fetchOrSkip() throws IOException {
        if (dir != null) return;
        if (!Datasets.isFetched(Glyphs.NAME)) {
            boolean fetch = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("BILEVEL4J_FETCH"));
            String msg = "glyphs not fetched: run ./bilevel data fetch glyphs";
            if (!fetch) System.out.println(msg);
            Assumptions.assumeTrue(fetch, msg);
            dir = Datasets.fetch(Glyphs.NAME, System.out);
        } else {
            dir = Datasets.ensure(Glyphs.NAME, System.out);
        }
    }

    @Test void classesAreCappedPerScriptAndPartsNeverShareAScript() throws IOException {
        Glyphs g = Glyphs.load(dir, 0);
        assertEquals(5806, g.size());
        Map<String, Integer> perScript = new HashMap<>();
        Map<String, GlyphSplit> partOf = new HashMap<>();
        Set<Integer> codePoints = new HashSet<>();
        for (int c = 0; c < g.size(); c++) {
            GlyphLetter l = g.letter(c);
            perScript.merge(l.script(), 1, Integer::sum);
            assertEquals(partOf.computeIfAbsent(l.script(), s -> GlyphSplit.of(s)), g.split(c));
            assertTrue(codePoints.add(l.codePoint()), "letter twice: " + l);
            assertEquals(l.script(), Character.UnicodeScript.of(l.codePoint()).name());
            assertTrue(Character.isLetter(l.codePoint()), l.toString());
        }
        assertEquals(142, perScript.size());
        perScript.forEach((s, n) -> assertTrue(n >= Glyphs.MIN_PER_SCRIPT && n <= Glyphs.MAX_PER_SCRIPT, s + ": " + n));
        int total = 0;
        Set<Integer> seen = new HashSet<>();
        for (GlyphSplit p : GlyphSplit.values()) {
            int[] cs = g.classes(p);
            assertTrue(cs.length > 300, p + " has " + cs.length + " classes");
            for (int c : cs) assertTrue(seen.add(c));
            total += cs.length;
            for (String s : g.scripts(p)) assertEquals(p, partOf.get(s));
        }
        assertEquals(g.size(), total);
        assertEquals(List.of(3810, 452, 1544), List.of(g.classes(GlyphSplit.BACKGROUND).length, g.classes(GlyphSplit.VALIDATION).length,
                g.classes(GlyphSplit.EVALUATION).length));
        // the Latin letters come first by code point, from the 20 font files that draw them
        int a = -1;
        for (int c = 0; c < g.size(); c++) if (g.letter(c).codePoint() == 'A') a = c;
        assertEquals(20, g.letter(a).fonts().size());
        assertTrue(g.letter(a).fonts().contains("NotoSans-Regular.ttf"));
        assertEquals('B', g.letter(a + 1).codePoint());
    }

    @Test void sameSeedSameBytesInAnyOrderAndThreadOtherSeedOtherBytes() throws Exception {
        Glyphs g = Glyphs.fresh(dir, 3), h = Glyphs.fresh(dir, 3), other = Glyphs.fresh(dir, 4);
        assertSame(Glyphs.load(dir, 3), Glyphs.load(dir, 3));
        int[] classes = {0, 1234, 2500, g.size() - 1};
        for (int c : classes) assertFalse(h.isRendered(c));
        byte[][] first = new byte[classes.length][];
        for (int i = 0; i < classes.length; i++) first[i] = g.pixels(classes[i]);
        for (int i = classes.length - 1; i >= 0; i--) { // reverse order, on another thread
            int c = classes[i];
            assertArrayEquals(first[i], CompletableFuture.supplyAsync(() -> h.pixels(c)).get(), g.letter(c).toString());
        }
        for (int i = 0; i < classes.length; i++) assertFalse(java.util.Arrays.equals(first[i], other.pixels(classes[i])));
        assertArrayEquals(first[0], g.pixels(classes[0])); // cached copy, not re-rendered differently
    }

    @Test void samplesAreInkedImagesInTheUnitRangeAndDiffer() throws IOException {
        Glyphs g = Glyphs.load(dir, 0);
        int c = g.classes(GlyphSplit.EVALUATION)[7];
        DenseMatrix x = g.images(c);
        assertEquals(Glyphs.SAMPLES, x.rows());
        assertEquals(Glyphs.PIXELS, x.cols());
        Set<String> distinct = new HashSet<>();
        for (int s = 0; s < Glyphs.SAMPLES; s++) {
            double ink = 0;
            for (int k = 0; k < Glyphs.PIXELS; k++) {
                float v = x.get(s, k);
                assertTrue(v >= 0 && v <= 1);
                ink += v;
            }
            assertTrue(ink > 10 && ink < 0.8 * Glyphs.PIXELS, "sample " + s + " ink " + ink);
            float[] row = java.util.Arrays.copyOfRange(x.values(), s * Glyphs.PIXELS, (s + 1) * Glyphs.PIXELS);
            distinct.add(java.util.Arrays.toString(row));
        }
        assertEquals(Glyphs.SAMPLES, distinct.size());
    }
}
