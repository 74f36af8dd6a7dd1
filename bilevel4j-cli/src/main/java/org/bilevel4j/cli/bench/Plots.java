package org.bilevel4j.cli.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line plots to PNG with XChart (headless). */
public final class Plots {
    private Plots() {}

    /** Line colours, in series order (colour-blind-safe Tableau 10). */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
            new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    /** One named curve; {@code lower}/{@code upper} (optional, may be null) draw a shaded spread band. */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
        public Series(String name, double[] x, double[] y) { this(name, x, y, null, null); }
    }

    /** Writes {@code file} (a .png path) with one curve per series, each with its band in the same colour. */
    public static void line(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Color c = PALETTE[i % PALETTE.length];
            if (s.lower() != null && s.upper() != null) { // the band first, so the line is drawn over it
                int n = s.x().length;
                double[] px = new double[2 * n], py = new double[2 * n];
                for (int k = 0; k < n; k++) { // along the upper edge, back along the lower one
                    px[k] = s.x()[k];
                    py[k] = s.upper()[k];
                    px[2 * n - 1 - k] = s.x()[k];
                    py[2 * n - 1 - k] = s.lower()[k];
                }
                XYSeries band = chart.addSeries(s.name() + " (spread)", px, logY ? positive(py) : py);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries xs = chart.addSeries(s.name(), s.x(), logY ? positive(s.y()) : s.y());
            xs.setMarker(SeriesMarkers.NONE);
            xs.setLineColor(c);
            xs.setLineStyle(SeriesLines.SOLID);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Log axes cannot show values <= 0: clamp them to the smallest positive value of the curve. */
    private static double[] positive(double[] y) {
        double floor = Double.POSITIVE_INFINITY;
        for (double v : y) if (v > 0) floor = Math.min(floor, v);
        if (floor == Double.POSITIVE_INFINITY) floor = 1e-300;
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) if (!(out[i] >= floor)) out[i] = floor;
        return out;
    }
}
