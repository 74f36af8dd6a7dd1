package org.bilevel4j.cli;

import java.util.Locale;

/**
 * How often {@code bilevel solve} writes DIR/checkpoint.json: every {@code iterations} outer iterations, or
 * every {@code seconds} of wall-clock time (checked after each iteration), or never ({@link #OFF}).
 * Written on the command line as {@code N} (iterations), {@code Ns}, {@code Nm}, {@code Nh} (time) or {@code off}.
 */
public record CheckpointEvery(long iterations, double seconds) {
    public static final CheckpointEvery OFF = new CheckpointEvery(0, 0);

    public boolean enabled() { return iterations > 0 || seconds > 0; }

    static CheckpointEvery parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("off") || s.equals("0")) return OFF;
        try {
            char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            double scale = switch (unit) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            if (scale == 0) {
                long n = Long.parseLong(s);
                if (n > 0) return new CheckpointEvery(n, 0);
            } else {
                double t = Double.parseDouble(s.substring(0, s.length() - 1)) * scale;
                if (t > 0 && Double.isFinite(t)) return new CheckpointEvery(0, t);
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("--checkpoint-every expects N (outer iterations), a time such as 60s, 10m, 1h, or off; got '" + spec + "'");
    }

    @Override public String toString() {
        if (iterations > 0) return Long.toString(iterations);
        if (seconds > 0) return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
        return "off";
    }
}
