package org.bilevel4j.data;

import java.util.List;

/** One class of {@code glyphs}: a letter (code point) of a Unicode script and the font files (names) that draw it. */
public record GlyphLetter(String script, int codePoint, List<String> fonts) {
    public GlyphLetter {
        fonts = List.copyOf(fonts);
        if (fonts.isEmpty()) throw new IllegalArgumentException("letter U+" + Integer.toHexString(codePoint) + " has no font");
    }

    /** "LATIN U+0041 A". */
    @Override public String toString() { return script + " " + String.format("U+%04X", codePoint) + " " + new String(Character.toChars(codePoint)); }
}
