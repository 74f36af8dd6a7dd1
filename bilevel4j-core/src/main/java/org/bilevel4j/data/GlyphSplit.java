package org.bilevel4j.data;

import java.nio.charset.StandardCharsets;

/**
 * The part of {@code glyphs} a script belongs to: background (meta-training), validation or evaluation
 * (meta-test). A script's part depends on its name only (the first 52 bits of SHA-256("glyphs:" + name) as a
 * fraction u in [0, 1): background below 0.6, validation below 0.7, evaluation above), so all letters of a script
 * share one part and adding a script never moves another.
 */
public enum GlyphSplit {
    BACKGROUND, VALIDATION, EVALUATION;

    public static GlyphSplit of(String script) {
        String hex = Sha256.of(("glyphs:" + script).getBytes(StandardCharsets.UTF_8));
        double u = Long.parseLong(hex.substring(0, 13), 16) * 0x1.0p-52;
        return u < 0.6 ? BACKGROUND : u < 0.7 ? VALIDATION : EVALUATION;
    }

    /** "background", "validation", "evaluation". */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
