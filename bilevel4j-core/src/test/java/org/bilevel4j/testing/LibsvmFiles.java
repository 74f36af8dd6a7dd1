package org.bilevel4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;

/** LIBSVM files that tests write for the tasks that read a user's own files, and those tasks built with their options checked. */
public final class LibsvmFiles {
    private LibsvmFiles() {}

    /** "label j:x_j ..." with 1-based indices, the zero entries left out, values to 4 decimals. */
    public static String line(String label, double[] x) {
        StringBuilder b = new StringBuilder(label);
        for (int j = 0; j < x.length; j++)
            if (x[j] != 0) b.append(' ').append(j + 1).append(':').append(String.format(java.util.Locale.ROOT, "%.4f", x[j]));
        return b.toString();
    }

    /** The lines written to dir/name; returns the file. */
    public static Path write(Path dir, String name, List<String> lines) throws java.io.IOException {
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    /** The catalog's problem for these options, with every option read (an unknown one fails as on the command line). */
    @SuppressWarnings("unchecked")
    public static <P extends BilevelProblem> P problem(String name, Map<String, String> set, long seed) {
        Options o = new Options(new HashMap<>(set));
        P p = (P) Catalog.problem(name, o, seed);
        o.requireAllUsed(name);
        return p;
    }
}
