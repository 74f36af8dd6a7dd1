package org.bilevel4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A record of one rendered {@code glyphs} set: the SHA-256 of each class's bytes, for one seed and one JDK build.
 * Rendering goes through Java2D, whose anti-aliasing may differ between JDK builds, so the hashes are not pinned in
 * code; instead the first full render writes them to rendered/seed-S-JDK.sha256 in the data folder and later
 * renders with the same seed and JDK are compared with that file.
 */
public final class GlyphsManifest {
    private GlyphsManifest() {}

    /** Where the manifest of this seed and this JDK build lives. */
    public static Path file(Path dataDir, long seed) {
        String jdk = System.getProperty("java.runtime.version", "unknown").replaceAll("[^A-Za-z0-9.+-]", "_");
        return dataDir.resolve("rendered").resolve("seed-" + seed + "-jdk-" + jdk + ".sha256");
    }

    /** The manifest's lines: a header, then "SHA-256  class script U+XXXX part" per class, then the digest of all. */
    public static List<String> lines(Glyphs g) {
        IntStream.range(0, g.size()).parallel().forEach(g::pixels); // render all, on every core
        MessageDigest all = sha256();
        StringBuilder sb = new StringBuilder();
        sb.append("# glyphs seed ").append(g.seed()).append(", ").append(g.size()).append(" classes x ").append(Glyphs.SAMPLES)
                .append(" samples of ").append(Glyphs.SIDE).append('x').append(Glyphs.SIDE).append(", java.runtime.version ")
                .append(System.getProperty("java.runtime.version")).append('\n');
        for (int c = 0; c < g.size(); c++) {
            byte[] b = g.pixels(c);
            all.update(b);
            GlyphLetter l = g.letter(c);
            sb.append(Sha256.of(b)).append("  ").append(c).append(' ').append(l.script()).append(' ')
                    .append(String.format("U+%04X", l.codePoint())).append(' ').append(g.split(c).label()).append('\n');
        }
        sb.append(HexFormat.of().formatHex(all.digest())).append("  all\n");
        return sb.toString().lines().toList();
    }

    /**
     * Renders the whole set and writes its manifest, or, when one exists for this seed and JDK, checks the render
     * against it. Returns a one-line verdict; a mismatch is an IOException naming the first differing class.
     */
    public static String writeOrCheck(Glyphs g, Path dataDir) throws IOException {
        Path f = file(dataDir, g.seed());
        List<String> now = lines(g);
        if (Files.isRegularFile(f)) {
            List<String> before = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < Math.max(before.size(), now.size()); i++) {
                String a = i < before.size() ? before.get(i) : "(end)", b = i < now.size() ? now.get(i) : "(end)";
                if (!a.equals(b))
                    throw new IOException("glyphs rendered with seed " + g.seed() + " differ from " + f + " at line " + (i + 1) + ": recorded '" + a
                            + "', now '" + b + "'; the fonts or the JDK changed: delete that file to record the new render");
            }
            return "same bytes as " + f;
        }
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", now) + "\n", StandardCharsets.UTF_8);
        return "wrote " + f;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
