package org.bilevel4j.cli.plot;

import java.util.List;

/**
 * A line chart as data: curves (each with an optional spread band), labelled horizontal reference levels, and
 * two axes. {@link ChartRenderer} draws it; {@link ChartFiles} writes it as SVG and PNG.
 */
public record Chart(String title, String xLabel, String yLabel, Axis x, Axis y, List<Curve> curves, List<Level> levels) {
    public Chart {
        curves = List.copyOf(curves);
        levels = List.copyOf(levels);
    }

    /** An axis: logarithmic or not, and its range ({@code NaN} ends are fitted to the data). */
    public record Axis(boolean log, double min, double max) {
        public static Axis auto(boolean log) { return new Axis(log, Double.NaN, Double.NaN); }
    }

    /** One named curve; {@code lower} / {@code upper} (both or neither null) shade a band in the curve's colour. */
    public record Curve(String label, double[] x, double[] y, double[] lower, double[] upper, Style style) {
        public Curve(String label, double[] x, double[] y, Style style) { this(label, x, y, null, null, style); }
    }

    /** A horizontal line at {@code y} labelled with {@code label} (a task reference such as "oracle weights"). */
    public record Level(String label, double y) {}
}
