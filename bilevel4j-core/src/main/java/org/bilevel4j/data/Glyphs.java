package org.bilevel4j.data;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import org.bilevel4j.opt.Rng;

/**
 * {@code glyphs}, an Omniglot-like few-shot set: a Unicode script is an alphabet, a letter a class
 * ({@link GlyphIndex}), each class has {@link #SAMPLES} 28×28 grayscale samples rendered on first request from the
 * fonts of fonts-noto-core that draw it (sample s uses font s mod #fonts) with seeded random distortions
 * ({@link GlyphRenderer}). Sample s of letter c depends on (seed, c's code point, s) only, so any class renders alone
 * and in any order; the same seed gives the same bytes within one JDK build. Scripts split into background,
 * validation and evaluation parts ({@link GlyphSplit}).
 */
public final class Glyphs {
    public static final String NAME = "glyphs";
    public static final int SIDE = GlyphRenderer.SIDE, PIXELS = SIDE * SIDE, SAMPLES = 20;
    public static final int MIN_PER_SCRIPT = 10, MAX_PER_SCRIPT = 50;

    /** Fonts (file name → font at size 100) and the letters they give; per font folder, built once per JVM. */
    private record Index(Map<String, Font> fonts, List<GlyphLetter> letters) {}

    private static final Map<Path, Index> INDEXES = new ConcurrentHashMap<>();
    /** The sets handed out, per font folder and seed, so that callers share rendered classes (dropped under memory pressure). */
    private static final Map<String, SoftReference<Glyphs>> SETS = new ConcurrentHashMap<>();

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true"); // no display needed
    }

    private final Index index;
    private final long seed;
    private final AtomicReferenceArray<byte[]> rendered;

    private Glyphs(Index index, long seed) {
        this.index = index;
        this.seed = seed;
        this.rendered = new AtomicReferenceArray<>(index.letters().size());
    }

    /** The set for seed, from the cache folder (fetched on first use through {@link Datasets#ensure}). */
    public static Glyphs ensure(long seed, PrintStream log) throws IOException { return load(Datasets.ensure(NAME, log), seed); }

    /** The set for seed from a fetched {@code glyphs} folder (its fonts/ subfolder); one shared instance per folder and seed. */
    public static Glyphs load(Path dir, long seed) throws IOException {
        String key = dir.toAbsolutePath().normalize() + "#" + seed;
        SoftReference<Glyphs> ref = SETS.get(key);
        Glyphs g = ref == null ? null : ref.get();
        if (g == null) {
            g = fresh(dir, seed);
            SETS.put(key, new SoftReference<>(g));
        }
        return g;
    }

    /** A new instance with nothing rendered yet (the font index is still shared). */
    static Glyphs fresh(Path dir, long seed) throws IOException {
        Path fonts = dir.resolve(GlyphsSource.FONTS).toAbsolutePath().normalize();
        Index idx = INDEXES.get(fonts);
        if (idx == null) {
            Map<String, Font> loaded = loadFonts(fonts);
            idx = new Index(loaded, GlyphIndex.scan(loaded, MIN_PER_SCRIPT, MAX_PER_SCRIPT));
            INDEXES.putIfAbsent(fonts, idx);
        }
        return new Glyphs(idx, seed);
    }

    static Map<String, Font> loadFonts(Path folder) throws IOException {
        if (!Files.isDirectory(folder))
            throw new IOException("no font folder " + folder + "; run: ./bilevel data fetch " + NAME);
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ttf")).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException("no .ttf file in " + folder + "; run: ./bilevel data fetch " + NAME);
        Map<String, Font> fonts = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                fonts.put(f.getFileName().toString(), Font.createFont(Font.TRUETYPE_FONT, f.toFile()).deriveFont(100f));
            } catch (FontFormatException e) {
                throw new CorruptDataException(f, "font", "not a TrueType font (" + e.getMessage() + ")", e);
            }
        }
        return Collections.unmodifiableMap(fonts);
    }

    public long seed() { return seed; }

    /** Number of classes (letters), all parts. */
    public int size() { return index.letters().size(); }

    public GlyphLetter letter(int c) { return index.letters().get(c); }

    public GlyphSplit split(int c) { return GlyphSplit.of(letter(c).script()); }

    /** The classes of one part, ascending. */
    public int[] classes(GlyphSplit part) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < size(); c++) if (split(c) == part) out.add(c);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The scripts of one part, sorted. */
    public List<String> scripts(GlyphSplit part) {
        return index.letters().stream().map(GlyphLetter::script).distinct().filter(s -> GlyphSplit.of(s) == part).sorted().toList();
    }

    /** The font files used by any class, sorted. */
    public List<String> fontsUsed() {
        return index.letters().stream().flatMap(l -> l.fonts().stream()).distinct().sorted().toList();
    }

    /** Class c's samples as bytes (ink 255), sample s at [s·784, (s+1)·784), row-major; a fresh copy. */
    public byte[] pixels(int c) { return rendered(c).clone(); }

    /** Class c's samples as a {@link #SAMPLES}×784 matrix with values in [0, 1]. */
    public DenseMatrix images(int c) {
        byte[] b = rendered(c);
        float[] v = new float[b.length];
        for (int i = 0; i < b.length; i++) v[i] = (b[i] & 0xff) / 255f;
        return new DenseMatrix(SAMPLES, PIXELS, v);
    }

    /** Whether class c has been rendered already. */
    public boolean isRendered(int c) { return rendered.get(c) != null; }

    private byte[] rendered(int c) {
        byte[] b = rendered.get(c);
        if (b == null) {
            b = render(letter(c));
            if (!rendered.compareAndSet(c, null, b)) b = rendered.get(c);
        }
        return b;
    }

    private byte[] render(GlyphLetter l) {
        byte[] out = new byte[SAMPLES * PIXELS];
        for (int s = 0; s < SAMPLES; s++) {
            Font f = index.fonts().get(l.fonts().get(s % l.fonts().size()));
            Shape outline = GlyphIndex.outline(f, l.codePoint());
            if (outline.getBounds2D().isEmpty())
                throw new IllegalStateException("font " + l.fonts().get(s % l.fonts().size()) + " draws " + l + " as an empty outline; the fonts differ from the pinned ones: run ./bilevel data fetch " + NAME);
            byte[] img = GlyphRenderer.render(outline, sampleRng(seed, l.codePoint(), s));
            System.arraycopy(img, 0, out, s * PIXELS, PIXELS);
        }
        return out;
    }

    /** The random stream of one sample: SplitMix64 seeded by a mix of (seed, code point, sample). */
    static Rng sampleRng(long seed, int codePoint, int sample) {
        Rng r = new Rng(seed);
        r.setState(r.nextLong() ^ (codePoint * 0xd1b54a32d192ed03L) ^ (sample * 0xaef17502108ef2d9L));
        return new Rng(r.nextLong());
    }
}
