package org.bilevel4j.cli.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Ticks, ranges and the two outputs of a chart. */
class ChartTest {
    @Test void tickLabelsAreDistinctAndRound() {
        List<Double> t = Ticks.of(-1.5912, -1.5888, false, 6);
        List<String> l = Ticks.labels(t, false);
        assertEquals(l.size(), new HashSet<>(l).size(), "no two ticks read the same: " + l);
        assertTrue(t.size() >= 3 && t.size() <= 13, t.toString());
        assertEquals(List.of("0.9", "0.92", "0.94", "0.96"), Ticks.labels(Ticks.of(0.895, 0.965, false, 4), false));
        assertEquals(List.of(1e-6, 1e-4, 1e-2, 1.0), Ticks.of(5e-7, 2, true, 4), "powers of ten over many decades (every second one)");
        assertEquals(List.of(20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0), Ticks.of(12, 2300, true, 7), "1-2-5 within two decades");
        assertEquals("1e-5", Ticks.label(1e-5));
        assertEquals("2.5e6", Ticks.label(2.5e6));
        assertEquals("0", Ticks.labels(List.of(-0.0, 0.5), false).get(0));
    }

    @Test void rangeHoldsCurvesBandsAndLevelsAndALogAxisIgnoresNonPositiveValues() {
        Chart.Curve c = new Chart.Curve("a", new double[] {0, 1, 2}, new double[] {0.5, 0.9, 0.95}, new double[] {0.4, 0.8, 0.9},
                new double[] {0.6, 0.95, 0.97}, Style.of(0));
        Chart ch = new Chart("t", "x", "y", Chart.Axis.auto(false), Chart.Axis.auto(false), List.of(c), List.of(new Chart.Level("ref", 0.99)));
        double[] y = ChartRenderer.range(ch, false);
        assertTrue(y[0] < 0.4 && y[0] > 0.3 && y[1] > 0.99 && y[1] < 1.05, y[0] + " " + y[1]);
        Chart log = new Chart("t", "x", "y", Chart.Axis.auto(true), Chart.Axis.auto(true),
                List.of(new Chart.Curve("a", new double[] {0, 10, 1000}, new double[] {-1, 1e-3, 1}, Style.of(0))), List.of());
        double[] x = ChartRenderer.range(log, true), ly = ChartRenderer.range(log, false);
        assertEquals(10, x[0], 0);
        assertEquals(1000, x[1], 0);
        assertTrue(ly[0] > 1e-4 && ly[0] < 1e-3 && ly[1] > 1, "the -1 is left out of a log axis: " + ly[0]);
        Chart fixed = new Chart("t", "x", "y", Chart.Axis.auto(false), new Chart.Axis(false, 0.9, 0.96), List.of(c), List.of());
        assertArrayEquals(new double[] {0.9, 0.96}, ChartRenderer.range(fixed, false), 0, "a given range is kept");
    }

    @Test void stylesFollowTheIndexTenColoursThenDashes() {
        assertEquals(Style.of(3), Style.of(3));
        assertNull(Style.of(9).dash());
        assertEquals(Style.of(0).rgb(), Style.of(10).rgb());
        assertNotNull(Style.of(10).dash(), "past ten the colours repeat dashed");
    }

    @Test void aLongTitleIsSetSmallerToFitTheWidth() {
        assertEquals(16, ChartRenderer.titleSize("quadratic: distance to x* (lower is better)"), 0);
        String spec = "hyperclean:dataset=mnist:setting=bvfim:p=0.5: test accuracy (higher is better)";
        double size = ChartRenderer.titleSize(spec);
        assertTrue(size < 16 && size > 10, "" + size);
        assertTrue(0.62 * size * spec.length() <= ChartRenderer.WIDTH - 20, "at the width of bold spec characters");
    }

    /** A title too long for one line at a readable size is set on two, broken at a separator, nothing cut. */
    @Test void aVeryLongTitleTakesTwoLines(@TempDir Path tmp) throws Exception {
        assertEquals(1, ChartRenderer.titleLines("quadratic: distance to x* (lower is better)").size());
        String spec = "hyperclean:dataset=mnist:setting=benchopt:p=0.5:split=benchopt:initialLogit=-2: test accuracy refit (higher is better)";
        List<String> lines = ChartRenderer.titleLines(spec);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(spec.replace(" ", ""), String.join("", lines).replace(" ", ""), "nothing cut");
        for (String l : lines) assertTrue(ChartRenderer.titleSize(l) >= ChartRenderer.MIN_TITLE, l);
        Chart c = new Chart(spec, "s", "accuracy", Chart.Axis.auto(false), Chart.Axis.auto(false),
                List.of(new Chart.Curve("saba", new double[] {0, 1}, new double[] {0.8, 0.86}, Style.of(0))), List.of());
        String text = Files.readString(ChartFiles.write(tmp.resolve("long"), c));
        assertTrue(text.contains(">" + lines.get(0) + "<") && text.contains(">" + lines.get(1) + "<"), text);
        assertTrue(!text.contains("…"), text);
    }

    /** A curve of one point (a metric computed only at the end of a run) is drawn as a diamond, not left out. */
    @Test void aSinglePointIsDrawnAsAMarker(@TempDir Path tmp) throws Exception {
        Chart c = new Chart("refit", "calls", "accuracy", Chart.Axis.auto(false), Chart.Axis.auto(false),
                List.of(new Chart.Curve("hoag", new double[] {2884}, new double[] {0.082}, Style.of(2))), List.of());
        String text = Files.readString(ChartFiles.write(tmp.resolve("one"), c));
        assertTrue(text.contains("fill=\"" + String.format("#%06x", Style.of(2).rgb()) + "\""), text);
    }

    /** Two references at nearly the same value share one label; a third far away keeps its own. */
    @Test void closeReferenceLinesShareALabel(@TempDir Path tmp) throws Exception {
        Chart c = new Chart("refs", "s", "accuracy", Chart.Axis.auto(false), Chart.Axis.auto(false),
                List.of(new Chart.Curve("saba", new double[] {0, 1, 2}, new double[] {0.6, 0.8, 0.86}, Style.of(0))),
                List.of(new Chart.Level("uniform weights 0.8657", 0.8657), new Chart.Level("oracle weights 0.8655", 0.8655),
                        new Chart.Level("chance 0.7", 0.7)));
        String text = Files.readString(ChartFiles.write(tmp.resolve("refs"), c));
        assertTrue(text.contains(">oracle weights 0.8655 · uniform weights 0.8657<") || text.contains(">uniform weights 0.8657 · oracle weights 0.8655<"), text);
        assertTrue(text.contains(">chance 0.7<"), text);
    }

    @Test void writesWellFormedSvgAndAPngOfTheLayoutSize(@TempDir Path tmp) throws Exception {
        double[] x = {1, 10, 100, 1000}, y = {1, 0.1, 0.01, 0.001};
        Chart c = new Chart("a <title> & more", "calls", "distance", Chart.Axis.auto(true), Chart.Axis.auto(true),
                List.of(new Chart.Curve("aid-cg", x, y, Style.of(0)), new Chart.Curve("rhg", x, new double[] {1, 0.5, Double.NaN, 0.2}, Style.of(1))),
                List.of(new Chart.Level("target 0.05", 0.05)));
        Path svg = ChartFiles.write(tmp.resolve("plot"), c);
        String text = Files.readString(svg);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", d.getDocumentElement().getNodeName());
        assertTrue(text.contains("a &lt;title&gt; &amp; more") && text.contains(">target 0.05<") && text.contains(">aid-cg<"), text);
        assertTrue(text.contains("stroke=\"#4e79a7\"") && text.contains("stroke=\"#f28e2b\""), "each curve in its colour");
        assertTrue(text.contains("clip-path"), "curves clipped to the plot area");
        BufferedImage png = ImageIO.read(tmp.resolve("plot.png").toFile());
        assertEquals(Math.round(ChartRenderer.WIDTH * 1.5), png.getWidth());
        assertEquals(Math.round(ChartRenderer.HEIGHT * 1.5), png.getHeight());
        assertTrue(text.length() < 20_000, "a small file: " + text.length());
    }
}
