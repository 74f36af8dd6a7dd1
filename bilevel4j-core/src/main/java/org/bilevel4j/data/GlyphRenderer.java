package org.bilevel4j.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.random.RandomGenerator;

/**
 * Draws one 28×28 grayscale sample of a letter (ink 255 on 0, as MNIST): the outline is centred and scaled so its
 * larger side spans {@link #BOX} pixels, then distorted by a random affine map, filled with Java2D at 4× resolution
 * with its strokes widened or thinned, warped by a smooth elastic field and averaged down to 28×28.
 */
final class GlyphRenderer {
    private GlyphRenderer() {}

    static final int SIDE = 28, SUPER = 4, BOX = 20;
    static final double ELASTIC_SIGMA = 3;

    /** One high-resolution canvas per thread, cleared before each sample. */
    private static final ThreadLocal<BufferedImage> CANVAS =
            ThreadLocal.withInitial(() -> new BufferedImage(SIDE * SUPER, SIDE * SUPER, BufferedImage.TYPE_BYTE_GRAY));

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** A random sample: draws the distortion, then the elastic field, from rng (in that order). */
    static byte[] render(Shape outline, RandomGenerator rng) {
        GlyphDistortion d = GlyphDistortion.draw(rng);
        double[][] field = ElasticField.draw(SIDE, ELASTIC_SIGMA, d.elastic(), rng);
        byte[] out = render(outline, d, field);
        if (isBlank(out) && d.stroke() < 0) // thinning erased a hairline glyph: draw it without thinning
            out = render(outline, new GlyphDistortion(d.rotation(), d.scale(), d.aspect(), d.shear(), d.tx(), d.ty(), 0, d.elastic()), field);
        return out;
    }

    /** The sample for given distortions; field = {dx, dy} in output pixels on the 28×28 grid (null: none). */
    static byte[] render(Shape outline, GlyphDistortion d, double[][] field) {
        Rectangle2D b = outline.getBounds2D();
        if (b.isEmpty()) throw new IllegalArgumentException("empty glyph outline");
        int hi = SIDE * SUPER;
        double fit = BOX * SUPER / Math.max(b.getWidth(), b.getHeight());
        AffineTransform t = new AffineTransform();
        t.translate(hi / 2.0 + d.tx() * SUPER, hi / 2.0 + d.ty() * SUPER);
        t.rotate(d.rotation());
        t.shear(d.shear(), 0);
        t.scale(d.scale() * Math.sqrt(d.aspect()), d.scale() / Math.sqrt(d.aspect()));
        t.scale(fit, fit);
        t.translate(-b.getCenterX(), -b.getCenterY());
        Shape s = t.createTransformedShape(outline);

        BufferedImage img = CANVAS.get();
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, hi, hi);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fill(s);
            if (d.stroke() != 0) { // a pen of width 2|stroke| along the outline adds (ink) or removes (background) that much on each side
                g.setStroke(new BasicStroke((float) (2 * Math.abs(d.stroke()) * SUPER), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.setColor(d.stroke() > 0 ? Color.WHITE : Color.BLACK);
                g.draw(s);
            }
        } finally {
            g.dispose();
        }
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        return downsample(px, hi, field);
    }

    /**
     * Output pixel (i, j) = mean of the 4×4 high-resolution sub-pixel centres of (i, j), each moved by the field
     * at (i, j) and read bilinearly (zero outside). With no field this is the exact box average.
     */
    static byte[] downsample(byte[] px, int hi, double[][] field) {
        byte[] out = new byte[SIDE * SIDE];
        for (int i = 0; i < SIDE; i++)
            for (int j = 0; j < SIDE; j++) {
                double dx = field == null ? 0 : field[0][i * SIDE + j], dy = field == null ? 0 : field[1][i * SIDE + j];
                double sum = 0;
                for (int a = 0; a < SUPER; a++)
                    for (int c = 0; c < SUPER; c++)
                        sum += bilinear(px, hi, (j + dx) * SUPER + c, (i + dy) * SUPER + a);
                out[i * SIDE + j] = (byte) Math.min(255, Math.round(sum / (SUPER * SUPER)));
            }
        return out;
    }

    /** The image at pixel coordinates (x, y) (pixel k's centre at k), bilinear, zero outside. */
    static double bilinear(byte[] px, int n, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(px, n, x0, y0) + fx * at(px, n, x0 + 1, y0))
                + fy * ((1 - fx) * at(px, n, x0, y0 + 1) + fx * at(px, n, x0 + 1, y0 + 1));
    }

    private static int at(byte[] px, int n, int x, int y) { return x < 0 || y < 0 || x >= n || y >= n ? 0 : px[y * n + x] & 0xff; }

    static boolean isBlank(byte[] img) {
        for (byte v : img) if (v != 0) return false;
        return true;
    }
}
