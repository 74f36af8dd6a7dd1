package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bilevel list}: problems and solvers with their descriptions; with {@code --options} or a NAME, also
 * every option with its default. Options are found by building the entry with no options and reading what
 * it declared (solvers are built on the default problem or {@code --problem P}); defaults derived from the problem's
 * scales are marked "[default from problem: ...]" with the scale's value and whether the problem gave it or it was estimated.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List problems and solvers; --options (or a NAME) also shows their options with defaults.")
final class ListCommand implements Callable<Integer> {
    /** Solvers are built on this problem to discover their options. */
    static final String DEFAULT_PROBLEM = "quadratic";

    @Spec CommandSpec spec;

    @Option(names = "--options", description = "Show each entry's options with defaults.")
    boolean options;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Show only this problem or solver, with its options.")
    String name;

    @Option(names = "--problem", paramLabel = "P", description = "Build solvers on this problem (default " + DEFAULT_PROBLEM
            + "): defaults that come from the problem (steps 1/L) show its values, given or estimated.")
    String problem;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An option of the --problem (repeatable), as in solve: the "
            + "solvers' defaults are then those of that problem, e.g. your own file (--set dataset=libsvm --set file=PATH).")
    List<String> sets = new ArrayList<>();

    @Override public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        boolean showOptions = options || name != null;
        if (name != null && !Catalog.problems().containsKey(name) && !Catalog.solvers().containsKey(name))
            throw new IllegalArgumentException("no problem or solver named '" + name + "'; problems: " + String.join(", ", Catalog.problems().keySet())
                    + "; solvers: " + String.join(", ", Catalog.solvers().keySet()));
        if (!sets.isEmpty() && (problem == null || name == null || !Catalog.solvers().containsKey(name)))
            throw new IllegalArgumentException("--set gives options of the --problem whose scales a solver's defaults come from: use it as "
                    + "'bilevel list SOLVER --problem P --set KEY=VALUE' (a problem's own options: 'bilevel list P')");
        int w = width();
        if (name == null || Catalog.problems().containsKey(name)) {
            o.println("Problems:");
            for (Catalog.ProblemEntry e : Catalog.problems().values()) {
                if (name != null && !name.equals(e.name())) continue;
                o.println("  " + pad(e.name(), w) + "  " + e.description());
                if (showOptions) printOptions(o, opts -> e.factory().create(opts, 0));
            }
        }
        if (name == null || Catalog.solvers().containsKey(name)) {
            if (name == null) o.println();
            o.println("Solvers:");
            for (Catalog.SolverEntry e : Catalog.solvers().values()) {
                if (name != null && !name.equals(e.name())) continue;
                o.println("  " + pad(e.name(), w) + "  " + e.description());
                if (showOptions) {
                    BilevelProblem p = defaultProblem();
                    Scales scales = new Scales(p, p.initialX(), p.initialY());
                    printOptions(o, opts -> Catalog.solver(e.name(), p, opts, 0, scales));
                    if (!scales.values().isEmpty()) {
                        StringBuilder b = new StringBuilder("      scales of " + p.name() + ":");
                        for (String k : scales.values().keySet()) b.append(' ').append(scales.describe(k)).append(';');
                        o.println(b.substring(0, b.length() - 1));
                    }
                }
            }
        }
        if (showOptions) {
            o.println();
            o.println("Set options with 'bilevel solve ... --set KEY=VALUE'; x0=V and y0=V set the start (a number or a comma list).");
        }
        o.flush();
        return 0;
    }

    private BilevelProblem defaultProblem() {
        String n = problem == null ? DEFAULT_PROBLEM : problem;
        if (!Catalog.problems().containsKey(n))
            throw new IllegalArgumentException("unknown problem '" + n + "'; known: " + String.join(", ", Catalog.problems().keySet()));
        Options given = new Options(SolveRun.given(sets));
        BilevelProblem p = Catalog.problem(n, given, 0);
        given.requireAllUsed("problem " + n + " (list --set takes the problem's options only; a solver's are shown with their defaults)");
        return p;
    }

    /** Builds the entry with empty options and prints what it declared (also when building failed part-way). */
    private static void printOptions(PrintWriter o, Consumer<Options> create) {
        Options opts = Options.empty();
        String failure = null;
        try {
            Datasets.withoutFetching(() -> { // listing options never downloads a data set
                create.accept(opts);
                return null;
            });
        } catch (RuntimeException e) {
            failure = Main.oneLine(e.getMessage());
        }
        List<Options.Declared> ds = new ArrayList<>(opts.declared());
        int kw = 0, dw = 0;
        for (Options.Declared d : ds) {
            kw = Math.max(kw, d.key().length());
            dw = Math.max(dw, shown(d.defaultValue()).length());
        }
        for (Options.Declared d : ds)
            o.println("      " + pad(d.key(), kw) + " = " + pad(shown(d.defaultValue()), dw) + "  " + d.description());
        if (ds.isEmpty() && failure == null) o.println("      (no options)");
        if (failure != null) o.println("      (options could not all be listed: " + failure + ")");
    }

    /** A default as shown: numbers rounded to 6 significant digits (0.010000000000000002 shows as 0.01). */
    static String shown(String value) {
        if (value.length() <= 8) return value;
        try {
            double d = Double.parseDouble(value);
            String s = String.format(java.util.Locale.ROOT, "%.6g", d);
            if (s.contains("e")) return s.replaceAll("\\.?0+e", "e");
            return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static int width() {
        int w = 0;
        for (String n : Catalog.problems().keySet()) w = Math.max(w, n.length());
        for (String n : Catalog.solvers().keySet()) w = Math.max(w, n.length());
        return w;
    }

    private static String pad(String s, int w) { return s + " ".repeat(Math.max(0, w - s.length())); }
}
