package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.geom.Rectangle2D;
import org.bilevel4j.opt.Rng;
import org.junit.jupiter.api.Test;

/** The renderer on a square outline (no font needed): exact pixels for exact cases, seeded determinism otherwise. */
class GlyphRendererTest {
    static final Rectangle2D SQUARE = new Rectangle2D.Double(-3, -3, 6, 6); // any size: it is scaled to BOX pixels
    static final int N = GlyphRenderer.SIDE;

    static GlyphDistortion with(double tx, double stroke) { return new GlyphDistortion(0, 1, 1, 0, tx, 0, stroke, 0); }

    /** Ink of pixel (row i, column j). */
    static int at(byte[] img, int i, int j) { return img[i * N + j] & 0xff; }

    @Test void undistortedSquareFillsTheCentralBoxExactly() {
        byte[] img = GlyphRenderer.render(SQUARE, GlyphDistortion.NONE, null);
        // BOX = 20 pixels centred in 28: columns and rows 4..23 are fully inked, all others blank
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) assertEquals(i >= 4 && i < 24 && j >= 4 && j < 24 ? 255 : 0, at(img, i, j), "pixel " + i + "," + j);
    }

    @Test void translationMovesWholePixelsAndStrokeAddsOnEachSide() {
        byte[] moved = GlyphRenderer.render(SQUARE, with(2, 0), null);
        for (int j = 0; j < N; j++) assertEquals(j >= 6 && j < 26 ? 255 : 0, at(moved, 14, j), "column " + j);
        // +1 pixel of stroke on each side: the middle row spans columns 3..24; -1 thins it to 5..22
        byte[] thick = GlyphRenderer.render(SQUARE, with(0, 1), null), thin = GlyphRenderer.render(SQUARE, with(0, -1), null);
        for (int j = 0; j < N; j++) {
            assertEquals(j >= 3 && j < 25 ? 255 : 0, at(thick, 14, j), "thick column " + j);
            assertEquals(j >= 5 && j < 23 ? 255 : 0, at(thin, 14, j), "thin column " + j);
        }
    }

    @Test void aConstantFieldShiftsTheImage() {
        double[] dx = new double[N * N], dy = new double[N * N];
        java.util.Arrays.fill(dx, 1.0); // read one pixel to the right: the content moves one pixel left
        java.util.Arrays.fill(dy, -0.5); // half a pixel up in the source: half-covered edge rows
        byte[] img = GlyphRenderer.render(SQUARE, GlyphDistortion.NONE, new double[][]{dx, dy});
        for (int j = 0; j < N; j++) assertEquals(j >= 3 && j < 23 ? 255 : 0, at(img, 14, j), "column " + j);
        assertEquals(128, at(img, 4, 10)); // 127.5 rounded: the top row reads half ink
        assertEquals(255, at(img, 5, 10));
        assertEquals(128, at(img, 24, 10));
        assertEquals(0, at(img, 25, 10));
    }

    @Test void bilinearInterpolatesAndIsZeroOutside() {
        byte[] px = {0, (byte) 200, 100, (byte) 255};
        assertEquals(200, GlyphRenderer.bilinear(px, 2, 1, 0), 0);
        assertEquals(100, GlyphRenderer.bilinear(px, 2, 0.5, 0), 1e-12);
        assertEquals((0 + 200 + 100 + 255) / 4.0, GlyphRenderer.bilinear(px, 2, 0.5, 0.5), 1e-12);
        assertEquals(255 / 2.0, GlyphRenderer.bilinear(px, 2, 1.5, 1), 1e-12);
        assertEquals(0, GlyphRenderer.bilinear(px, 2, -1, 0), 0);
    }

    @Test void sameStreamSameBytesOtherStreamOtherBytes() {
        byte[] a = GlyphRenderer.render(SQUARE, new Rng(5)), b = GlyphRenderer.render(SQUARE, new Rng(5)), c = GlyphRenderer.render(SQUARE, new Rng(6));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertFalse(GlyphRenderer.isBlank(a));
    }

    @Test void elasticFieldHasTheRequestedSizeAndIsSmooth() {
        double[][] f = ElasticField.draw(N, 3, 1.5, new Rng(1));
        double ss = 0, step = 0;
        for (int i = 0; i < N * N; i++) ss += f[0][i] * f[0][i] + f[1][i] * f[1][i];
        assertEquals(1.5, Math.sqrt(ss / (N * N)), 1e-12);
        for (int i = 0; i < N; i++) for (int j = 0; j + 1 < N; j++) step += Math.abs(f[0][i * N + j + 1] - f[0][i * N + j]);
        assertTrue(step / (N * (N - 1)) < 0.5, "mean step between neighbours " + step / (N * (N - 1))); // white noise of RMS 1.06 per component would step ≈ 1.2
        double[] k = ElasticField.gaussian(3);
        assertEquals(19, k.length);
        assertEquals(1, java.util.Arrays.stream(k).sum(), 1e-15);
        assertEquals(Math.exp(-0.5), k[9 + 3] / k[9], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ElasticField.gaussian(0));
    }

    @Test void splitsDependOnTheScriptNameOnlyAndKeepTheirProportions() {
        assertEquals(GlyphSplit.of("LATIN"), GlyphSplit.of("LATIN"));
        int[] n = new int[3];
        for (int i = 0; i < 20000; i++) n[GlyphSplit.of("script-" + i).ordinal()]++;
        assertEquals(12000, n[0], 5 * Math.sqrt(20000 * 0.6 * 0.4));
        assertEquals(2000, n[1], 5 * Math.sqrt(20000 * 0.1 * 0.9));
        assertEquals(6000, n[2], 5 * Math.sqrt(20000 * 0.3 * 0.7));
    }
}
