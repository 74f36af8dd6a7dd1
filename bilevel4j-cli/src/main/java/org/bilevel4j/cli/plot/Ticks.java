package org.bilevel4j.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis tick positions and their labels: 1-2-5 steps on a linear axis, powers of ten (or 1-2-5 within a decade) on a log axis. */
final class Ticks {
    private Ticks() {}

    /** About {@code target} round values in [lo, hi]. */
    static List<Double> of(double lo, double hi, boolean log, int target) {
        if (log) {
            List<Double> t = new ArrayList<>();
            int a = (int) Math.ceil(Math.log10(lo) - 1e-9), b = (int) Math.floor(Math.log10(hi) + 1e-9);
            int step = Math.max(1, (int) Math.ceil((b - a + 1) / (double) target));
            for (int k = a; k <= b; k += step) t.add(Math.pow(10, k));
            if (t.size() >= 3) return t;
            t.clear(); // less than a decade: 1, 2, 5 times powers of ten
            for (int k = a - 1; k <= b + 1; k++)
                for (int m : new int[] {1, 2, 5}) {
                    double v = m * Math.pow(10, k);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) t.add(v);
                }
            return t.size() >= 2 ? t : linear(lo, hi, target);
        }
        return linear(lo, hi, target);
    }

    static List<Double> linear(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target), mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * mag >= raw) { step = m * mag; break; }
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return t;
    }

    /** Labels for ticks: each with as many decimals as the step between them needs (so that no two read the same). */
    static List<String> labels(List<Double> ticks, boolean log) {
        List<String> out = new ArrayList<>();
        double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : 0;
        for (double v : ticks) {
            double a = Math.abs(v);
            if (log || step == 0 || a >= 1e5 || (a > 0 && a < 1e-3 && step < 1e-3)) out.add(label(v));
            else {
                int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
                if (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) decimals++; // 2.5, 0.25
                out.add(strip(String.format(Locale.ROOT, "%." + decimals + "f", v)));
            }
        }
        return out;
    }

    /** A short label: "0.95", "250"; "1e-5", "2.5e6" outside [1e-3, 1e5). */
    static String label(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            int e = (int) Math.floor(Math.log10(a) + 1e-9);
            double m = v / Math.pow(10, e);
            String ms = strip(String.format(Locale.ROOT, "%.2f", m));
            return ms + "e" + e;
        }
        return strip(String.format(Locale.ROOT, "%.4g", v));
    }

    private static String strip(String s) {
        if (s.contains("e") || !s.contains(".")) return s.equals("-0") ? "0" : s;
        s = s.replaceAll("0+$", "");
        s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return s.equals("-0") ? "0" : s;
    }
}
