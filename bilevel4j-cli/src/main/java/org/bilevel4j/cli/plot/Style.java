package org.bilevel4j.cli.plot;

/** A curve's colour (0xRRGGBB) and dash pattern (null: solid). */
public record Style(int rgb, float[] dash) {
    /** Tableau 10, colour-blind-safe. */
    static final int[] PALETTE = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
    private static final float[][] DASHES = {null, {8, 4}, {2, 3}, {8, 3, 2, 3}};

    /** The style of the {@code index}-th entry of a report: ten colours, then the same colours dashed, dotted, dash-dotted. */
    public static Style of(int index) {
        int i = Math.max(0, index);
        return new Style(PALETTE[i % PALETTE.length], DASHES[(i / PALETTE.length) % DASHES.length]);
    }

    /** "#rrggbb". */
    public String hex() { return String.format("#%06x", rgb); }
}
