package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The font files behind the few-shot set {@code glyphs}: every .ttf of Debian's package fonts-noto-core (unpacked,
 * not installed), kept under fonts/. The images are not stored: {@link Glyphs} renders them lazily from these
 * fonts. The fetch writes a SHA256SUMS manifest of the fonts whose own digest is pinned here.
 */
final class GlyphsSource implements DatasetSource {
    static final String PACKAGE = "fonts-noto-core";
    static final String FOLDER = "usr/share/fonts/truetype/noto";
    static final String FONTS = "fonts";
    static final Map<String, String> SHA256 = Map.of(
            Datasets.MANIFEST, "e85df06249d7077f5a2b7d1b08ba22d768e8e8506b1885819005d8a6017d2ec0");

    @Override public String name() { return "glyphs"; }

    @Override public String description() {
        return "few-shot letters of 142 Unicode scripts, rendered lazily at 28x28 from fonts (Debian " + PACKAGE + "), Omniglot-like";
    }

    @Override public Map<String, String> checksums() { return SHA256; }

    @Override public boolean manifest() { return true; }

    @Override public void download(Path work, Path out, PrintStream log) throws IOException {
        Path from = DebPackage.fetch(PACKAGE, work, name(), log).resolve(FOLDER);
        if (!Files.isDirectory(from))
            throw new IOException("fetching '" + name() + "': the package has no folder " + FOLDER + " (the package layout changed?)");
        List<Path> ttf;
        try (Stream<Path> s = Files.list(from)) {
            ttf = s.filter(p -> p.getFileName().toString().endsWith(".ttf") && Files.isRegularFile(p)).sorted().toList();
        }
        if (ttf.isEmpty()) throw new IOException("fetching '" + name() + "': no .ttf file under " + FOLDER + " (the package layout changed?)");
        Path dest = Files.createDirectories(out.resolve(FONTS));
        for (Path f : ttf) Files.copy(f, dest.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        log.println("  kept " + ttf.size() + " font files");
    }
}
