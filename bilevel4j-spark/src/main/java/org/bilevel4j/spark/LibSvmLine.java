package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * One LIBSVM line, "label index:value ...", indices 1-based and increasing, '#' starts a comment (parsed inside a
 * partition; the core reader {@code data.LibSvm} reads whole files on one machine).
 *
 * @param cols 0-based column indices
 */
record LibSvmLine(double label, int[] cols, float[] vals) implements Serializable {
    /** The parsed line, or null for a blank or comment line; {@code where} names the line in errors. */
    static LibSvmLine parse(String line, String where) {
        int hash = line.indexOf('#');
        String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (body.isEmpty()) return null;
        String[] t = body.split("[ \t]+");
        double label = number(t[0], where, "label");
        int[] cols = new int[t.length - 1];
        float[] vals = new float[t.length - 1];
        int last = 0;
        for (int k = 1; k < t.length; k++) {
            int colon = t[k].indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(where + ": '" + t[k] + "' is not index:value");
            int idx;
            try {
                idx = Integer.parseInt(t[k].substring(0, colon));
            } catch (NumberFormatException e) {
                idx = -1;
            }
            if (idx <= last) throw new IllegalArgumentException(where + ": index '" + t[k].substring(0, colon) + "' is not an integer > " + last
                    + " (indices are 1-based and increase)");
            double v = number(t[k].substring(colon + 1), where, "value");
            if (Math.abs(v) > Float.MAX_VALUE) throw new IllegalArgumentException(where + ": value " + v + " overflows a float");
            cols[k - 1] = idx - 1;
            vals[k - 1] = (float) v;
            last = idx;
        }
        return new LibSvmLine(label, cols, vals);
    }

    private static double number(String s, String where, String what) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": " + what + " '" + s + "' is not a finite number");
    }

    double normSq() {
        double s = 0;
        for (float v : vals) s += (double) v * v;
        return s;
    }
}
