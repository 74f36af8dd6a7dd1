package org.bilevel4j.data;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which letters {@code glyphs} has: the code points below U+20000 of general category Lu, Ll or Lo, in a script
 * other than Common, Inherited, Unknown, Han and Hangul, equal to their NFKD form (no precomposed accents, no
 * compatibility variants), drawn by at least one font (its cmap has the code point; for the pinned fonts every such
 * outline is non-empty, checked once over all 46,929 pairs, and the renderer fails loudly otherwise). Per script, the first
 * {@code maxPerScript} such letters by code point are kept, and scripts with fewer than {@code minPerScript}
 * are dropped. Scripts come sorted by name, letters by code point; the result depends on the fonts and on the
 * JDK's Unicode tables only.
 */
final class GlyphIndex {
    private GlyphIndex() {}

    static final int LAST = 0x20000;

    /** fonts: file name → font (any size), in file-name order. */
    static List<GlyphLetter> scan(Map<String, Font> fonts, int minPerScript, int maxPerScript) {
        if (minPerScript < 1 || maxPerScript < minPerScript)
            throw new IllegalArgumentException("letters per script: need 1 <= min <= max, got min " + minPerScript + ", max " + maxPerScript);
        Map<String, List<GlyphLetter>> byScript = new TreeMap<>();
        for (int cp = 0; cp < LAST; cp++) {
            if (!candidate(cp)) continue;
            String script = Character.UnicodeScript.of(cp).name();
            List<GlyphLetter> letters = byScript.computeIfAbsent(script, k -> new ArrayList<>());
            if (letters.size() >= maxPerScript) continue;
            List<String> drawing = new ArrayList<>();
            for (Map.Entry<String, Font> f : fonts.entrySet())
                if (f.getValue().canDisplay(cp)) drawing.add(f.getKey());
            if (!drawing.isEmpty()) letters.add(new GlyphLetter(script, cp, drawing));
        }
        List<GlyphLetter> all = new ArrayList<>();
        for (List<GlyphLetter> letters : byScript.values()) if (letters.size() >= minPerScript) all.addAll(letters);
        return all;
    }

    static boolean candidate(int cp) {
        int t = Character.getType(cp);
        if (t != Character.UPPERCASE_LETTER && t != Character.LOWERCASE_LETTER && t != Character.OTHER_LETTER) return false;
        switch (Character.UnicodeScript.of(cp)) {
            case COMMON, INHERITED, UNKNOWN, HAN, HANGUL -> { return false; }
            default -> { }
        }
        String s = new String(Character.toChars(cp));
        return Normalizer.normalize(s, Normalizer.Form.NFKD).equals(s);
    }

    /** The letter's outline in the font, at the font's size (y grows downwards). */
    static Shape outline(Font font, int cp) {
        return font.createGlyphVector(new FontRenderContext(null, false, false), new String(Character.toChars(cp))).getOutline();
    }
}
