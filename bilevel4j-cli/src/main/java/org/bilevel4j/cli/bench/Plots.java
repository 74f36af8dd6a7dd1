package org.bilevel4j.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line plots to PNG with XChart (headless). */
public final class Plots {
    private Plots() {}

    /** One named curve; {@code lower}/{@code upper} (optional, may be null) draw a spread band. */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
        public Series(String name, double[] x, double[] y) { this(name, x, y, null, null); }
    }

    /** Writes {@code file} (a .png path) with one curve per series. */
    public static void line(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Series s : series) {
            double[] y = s.y();
            if (logY) y = positive(y);
            XYSeries xs = chart.addSeries(s.name(), s.x(), y);
            xs.setMarker(SeriesMarkers.NONE);
            if (s.lower() != null && s.upper() != null) {
                double[] lo = logY ? positive(s.lower()) : s.lower(), hi = logY ? positive(s.upper()) : s.upper();
                double[] mid = new double[lo.length];
                for (int i = 0; i < mid.length; i++) mid[i] = (lo[i] + hi[i]) / 2;
                XYSeries band = chart.addSeries(s.name() + " spread", s.x(), mid, errorBars(lo, hi)); // error bars span [lower, upper]
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
                band.setLineColor(new java.awt.Color(0, 0, 0, 0));
            }
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name, BitmapEncoder.BitmapFormat.PNG);
    }

    private static double[] errorBars(double[] lower, double[] upper) {
        double[] e = new double[lower.length];
        for (int i = 0; i < e.length; i++) e[i] = (upper[i] - lower[i]) / 2;
        return e;
    }

    /** Log axes cannot show values <= 0: clamp them to a tiny positive number. */
    private static double[] positive(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) if (!(out[i] > 1e-300)) out[i] = 1e-300;
        return out;
    }
}
