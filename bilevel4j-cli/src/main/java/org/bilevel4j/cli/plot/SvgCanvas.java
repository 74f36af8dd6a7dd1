package org.bilevel4j.cli.plot;

import java.util.Locale;

/** SVG output: one {@code <svg>} element that scales to its container's width (viewBox), text in the page's sans-serif font. */
final class SvgCanvas implements Canvas {
    private final StringBuilder b = new StringBuilder();
    private final String id;
    private int clips;

    /** {@code id}: a prefix unique within the page, for the clip paths. */
    SvgCanvas(String id, String title) {
        this.id = id;
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(ChartRenderer.WIDTH).append(' ').append(ChartRenderer.HEIGHT)
                .append("\" role=\"img\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"><title>").append(escape(title))
                .append("</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    }

    @Override public void polyline(double[] x, double[] y, int n, int rgb, double width, float[] dash) {
        b.append("<polyline fill=\"none\" stroke=\"").append(hex(rgb)).append("\" stroke-width=\"").append(f(width)).append('"');
        if (dash != null) {
            b.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) b.append(i == 0 ? "" : ",").append(f(dash[i]));
            b.append('"');
        }
        b.append(" stroke-linejoin=\"round\" points=\"").append(points(x, y, n)).append("\"/>");
    }

    @Override public void polygon(double[] x, double[] y, int n, int rgb, double opacity) {
        b.append("<polygon fill=\"").append(hex(rgb)).append("\" fill-opacity=\"").append(f(opacity)).append("\" stroke=\"none\" points=\"")
                .append(points(x, y, n)).append("\"/>");
    }

    @Override public void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean vertical, boolean bold) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" font-size=\"").append(f(size)).append("\" fill=\"").append(hex(rgb))
                .append("\" text-anchor=\"").append(anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        if (bold) b.append(" font-weight=\"bold\"");
        if (vertical) b.append(" transform=\"rotate(-90 ").append(f(x)).append(' ').append(f(y)).append(")\"");
        b.append('>').append(escape(s)).append("</text>");
    }

    @Override public void clip(double x, double y, double w, double h) {
        String cid = id + "-clip" + clips++;
        b.append("<clipPath id=\"").append(cid).append("\"><rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(w))
                .append("\" height=\"").append(f(h)).append("\"/></clipPath><g clip-path=\"url(#").append(cid).append(")\">");
    }

    @Override public void unclip() { b.append("</g>"); }

    String svg() { return b + "</svg>"; }

    private static String points(double[] x, double[] y, int n) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < n; i++) p.append(i == 0 ? "" : " ").append(f(x[i])).append(',').append(f(y[i]));
        return p.toString();
    }

    private static String hex(int rgb) { return String.format("#%06x", rgb & 0xFFFFFF); }

    /** One decimal: enough for pixels and keeps the file small. */
    static String f(double d) {
        String s = String.format(Locale.ROOT, "%.1f", d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"); }
}
