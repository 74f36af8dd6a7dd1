package org.bilevel4j.cli.plot;

/** What {@link ChartRenderer} draws on, in pixels from the top left: implemented for SVG and for a PNG image. */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    /** A connected line through the first {@code n} points. */
    void polyline(double[] x, double[] y, int n, int rgb, double width, float[] dash);

    /** A filled polygon, {@code opacity} in [0, 1]. */
    void polygon(double[] x, double[] y, int n, int rgb, double opacity);

    /** Text with its baseline at y; {@code vertical} rotates it by −90° about (x, y). */
    void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean vertical, boolean bold);

    /** Clip what follows to the rectangle, until {@link #unclip}. */
    void clip(double x, double y, double w, double h);

    void unclip();

    /** The width of {@code s} in pixels (an estimate shared by both canvases, so the layouts agree). */
    static double textWidth(String s, double size) { return 0.58 * size * s.length(); }
}
