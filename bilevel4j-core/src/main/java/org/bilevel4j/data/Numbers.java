package org.bilevel4j.data;

/** Strict parsing of decimal numbers in text data: [+-]digits[.digits][(e|E)[+-]digits], nothing else (no NaN, hex, suffixes). */
final class Numbers {
    private Numbers() {}

    /** The value, or null when s is not such a number or it overflows to infinity. */
    static Double parse(String s) {
        int n = s.length(), i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int d0 = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        int intDigits = i - d0, fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int f0 = i;
            while (i < n && isDigit(s.charAt(i))) i++;
            fracDigits = i - f0;
        }
        if (intDigits + fracDigits == 0) return null;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int e0 = i;
            while (i < n && isDigit(s.charAt(i))) i++;
            if (i == e0) return null;
        }
        if (i != n) return null;
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : null;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
}
