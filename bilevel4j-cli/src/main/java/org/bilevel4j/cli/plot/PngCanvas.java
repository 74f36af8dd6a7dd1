package org.bilevel4j.cli.plot;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** PNG output through Java2D (headless), drawn at {@code scale} times the layout's pixels. */
final class PngCanvas implements Canvas {
    final BufferedImage image;
    private final Graphics2D g;

    PngCanvas(double scale) {
        System.setProperty("java.awt.headless", "true");
        image = new BufferedImage((int) Math.round(ChartRenderer.WIDTH * scale), (int) Math.round(ChartRenderer.HEIGHT * scale), BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(scale, scale);
    }

    @Override public void polyline(double[] x, double[] y, int n, int rgb, double width, float[] dash) {
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, dash, 0));
        g.draw(path(x, y, n, false));
    }

    @Override public void polygon(double[] x, double[] y, int n, int rgb, double opacity) {
        g.setColor(new Color(rgb));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.fill(path(x, y, n, true));
        g.setComposite(AlphaComposite.SrcOver);
    }

    @Override public void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean vertical, boolean bold) {
        g.setColor(new Color(rgb));
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
        double w = g.getFontMetrics().getStringBounds(s, g).getWidth(), shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? w / 2 : w;
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (vertical) g.rotate(-Math.PI / 2);
        g.drawString(s, (float) -shift, 0f);
        g.setTransform(saved);
    }

    @Override public void clip(double x, double y, double w, double h) { g.setClip(new Rectangle2D.Double(x, y, w, h)); }

    @Override public void unclip() { g.setClip(null); }

    private static Path2D path(double[] x, double[] y, int n, boolean close) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x[0], y[0]);
        for (int i = 1; i < n; i++) p.lineTo(x[i], y[i]);
        if (close) p.closePath();
        return p;
    }
}
