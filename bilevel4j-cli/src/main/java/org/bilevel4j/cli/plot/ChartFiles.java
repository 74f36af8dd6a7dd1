package org.bilevel4j.cli.plot;

import org.bilevel4j.cli.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes a chart as {@code BASE.svg} and {@code BASE.png} (the PNG at 1.5× for sharp text). */
public final class ChartFiles {
    private ChartFiles() {}

    /** The SVG text of {@code c}; {@code id} must be unique within a page that inlines several charts. */
    public static String svg(Chart c, String id) {
        SvgCanvas k = new SvgCanvas(id, c.title());
        ChartRenderer.draw(c, k);
        return k.svg();
    }

    /** Writes both files next to each other; {@code base} is the path without extension. Returns the SVG path. */
    public static Path write(Path base, Chart c) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = base.getFileName().toString();
        Path svg = dir.resolve(name + ".svg");
        // ids unique in a page that inlines the plots of several folders
        String id = "c" + Integer.toHexString(svg.toString().hashCode());
        AtomicFile.writeString(svg, svg(c, id));
        PngCanvas png = new PngCanvas(1.5);
        ChartRenderer.draw(c, png);
        ImageIO.write(png.image, "png", dir.resolve(name + ".png").toFile());
        return base.resolveSibling(name + ".svg");
    }
}
