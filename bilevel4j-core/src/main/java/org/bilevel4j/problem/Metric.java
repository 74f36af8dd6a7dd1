package org.bilevel4j.problem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a trace quantity or task metric means, said once for tasks, traces and reports: which way is better and
 * its kind. {@link #of} knows every name the library reports; a task whose goal turns a metric around (poisoning
 * lowers test accuracy) overrides {@link BilevelProblem#metric}.
 *
 * @param referenceOf for a {@link Kind#REFERENCE}, the metric it is a level of (drawn as a line on that metric's plot)
 * @param label       short words for legends and tables
 */
public record Metric(String name, Better better, Kind kind, String referenceOf, String label) {
    /** Which way is better. */
    public enum Better { HIGHER, LOWER, NEITHER }

    /** ITERATE: measured at each iterate; REFERENCE: a constant of the task (a level to compare with); REFIT: measured on a model retrained at x. */
    public enum Kind { ITERATE, REFERENCE, REFIT }

    /** The suffix of the metrics of a model refit at x ({@link BilevelProblem#refitMetrics}). */
    public static final String REFIT = "Refit";

    private static final Map<String, Metric> KNOWN = new LinkedHashMap<>();

    static {
        known("outerValue", Better.LOWER, "outer value F");
        known("innerGradNorm", Better.LOWER, "‖∇_y G‖");
        known("distanceToSolution", Better.LOWER, "distance to x*");
        known("hypergradError", Better.LOWER, "relative hypergradient error");
        known("hypergradNormSquared", Better.LOWER, "‖∇h‖² (benchopt)");
        known("testAccuracy", Better.HIGHER, "test accuracy");
        known("balancedAccuracy", Better.HIGHER, "balanced test accuracy");
        known("precision", Better.HIGHER, "precision of flagged samples");
        known("recall", Better.HIGHER, "recall of flagged samples");
        known("f1", Better.HIGHER, "F1 of flagged samples");
        known("validationLoss", Better.LOWER, "validation loss");
        known("testMse", Better.LOWER, "test MSE");
        known("innerDistance", Better.LOWER, "distance to y*(x)");
        known("llResidual", Better.LOWER, "lower-level residual G − min G");
        known("branchDistance", Better.LOWER, "distance to the branch optimum");
        known("nonZeros", Better.NEITHER, "non-zero weights");
        known("weightsEffectiveSize", Better.NEITHER, "effective sample size of the weights");
        known("innerNonSmooth", Better.NEITHER, "non-smooth inner value");
        known("x", Better.NEITHER, "x");
        KNOWN.put("referenceUniform", new Metric("referenceUniform", Better.HIGHER, Kind.REFERENCE, "testAccuracy", "uniform weights"));
        KNOWN.put("referenceOracle", new Metric("referenceOracle", Better.HIGHER, Kind.REFERENCE, "testAccuracy", "oracle weights"));
        KNOWN.put("referenceUniformBalanced", new Metric("referenceUniformBalanced", Better.HIGHER, Kind.REFERENCE, "balancedAccuracy", "uniform weights"));
        KNOWN.put("referenceClean", new Metric("referenceClean", Better.HIGHER, Kind.REFERENCE, "testAccuracy", "clean training set"));
    }

    private static void known(String name, Better b, String label) { KNOWN.put(name, new Metric(name, b, Kind.ITERATE, null, label)); }

    /** The meaning of {@code name}; an unknown name is a per-iterate quantity with no better direction. */
    public static Metric of(String name) {
        Metric m = KNOWN.get(name);
        if (m == null && name.endsWith(REFIT) && name.length() > REFIT.length()) {
            Metric base = of(name.substring(0, name.length() - REFIT.length())); // BilevelProblem#refitMetrics: the base metric at the refit y
            return new Metric(name, base.better, Kind.REFIT, null, base.label + " (refit)");
        }
        return m != null ? m : new Metric(name, Better.NEITHER, Kind.ITERATE, null, name);
    }

    /** The place of {@code name} in the registry (per-iterate quantities first, then references; unknown names last), to order columns. */
    public static int rank(String name) {
        if (name.endsWith(REFIT) && name.length() > REFIT.length() && !KNOWN.containsKey(name))
            return rank(name.substring(0, name.length() - REFIT.length())); // beside its base metric (ties keep insertion order)
        int i = 0;
        for (String k : KNOWN.keySet()) {
            if (k.equals(name)) return i;
            i++;
        }
        return i;
    }

    /** " ↑" where higher is better, " ↓" where lower is, "" otherwise: the mark tables put after a name. */
    public String arrow() { return better == Better.HIGHER ? " ↑" : better == Better.LOWER ? " ↓" : ""; }

    /** This metric with the other direction (a task that works against it). */
    public Metric reversed() {
        return new Metric(name, better == Better.HIGHER ? Better.LOWER : better == Better.LOWER ? Better.HIGHER : Better.NEITHER, kind, referenceOf, label);
    }

    /** "higher", "lower" or "neither" (as written in result.json). */
    public String betterWord() { return better.name().toLowerCase(Locale.ROOT); }

    /** "iterate", "reference" or "refit". */
    public String kindWord() { return kind.name().toLowerCase(Locale.ROOT); }

    /** Read back from the words of result.json (unknown words: the registry's meaning). */
    public static Metric parse(String name, String better, String kind, String referenceOf, String label) {
        Metric d = of(name);
        Better b = d.better;
        Kind k = d.kind;
        for (Better x : Better.values()) if (x.name().equalsIgnoreCase(better)) b = x;
        for (Kind x : Kind.values()) if (x.name().equalsIgnoreCase(kind)) k = x;
        return new Metric(name, b, k, referenceOf == null || referenceOf.isEmpty() ? d.referenceOf : referenceOf,
                label == null || label.isEmpty() ? d.label : label);
    }
}
