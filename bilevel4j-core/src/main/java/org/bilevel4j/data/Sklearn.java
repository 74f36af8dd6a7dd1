package org.bilevel4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * scikit-learn's small data sets from the CSV files of the 'sklearn' data set folder. Features are raw (not
 * standardized: use {@link Standardizer}); diabetes gives the raw ten features (sklearn's load_diabetes(scaled=False))
 * and its real target.
 */
public final class Sklearn {
    public static final List<String> SETS = List.of("digits", "breast_cancer", "diabetes", "iris", "wine");

    private Sklearn() {}

    /** One set by name (see {@link #SETS}), from the folder of the 'sklearn' data set. */
    public static LabeledData load(Path dir, String set) throws IOException {
        return switch (set) {
            case "digits" -> Csv.classification(dir.resolve("digits.csv.gz"), false, -1);
            case "breast_cancer" -> withHeader(dir.resolve("breast_cancer.csv"));
            case "iris" -> withHeader(dir.resolve("iris.csv"));
            case "wine" -> withHeader(dir.resolve("wine_data.csv"));
            case "diabetes" -> diabetes(dir);
            default -> throw new IllegalArgumentException("unknown sklearn set '" + set + "'; known: " + String.join(", ", SETS));
        };
    }

    /** The 442 × 10 raw features and the disease-progression target. */
    static LabeledData diabetes(Path dir) throws IOException {
        Path xf = dir.resolve("diabetes_data_raw.csv.gz"), yf = dir.resolve("diabetes_target.csv.gz");
        Csv.Table x = Csv.read(xf, false), y = Csv.read(yf, false);
        if (y.cols() != 1) throw new CorruptDataException(yf, "line " + y.lines()[0], y.cols() + " columns, expected 1");
        if (x.rows() != y.rows()) throw new IOException(xf + " has " + x.rows() + " rows but " + yf + " has " + y.rows());
        return LabeledData.regression(x.matrix(), y.column(0));
    }

    /** Files whose first line is "n_samples,n_features,class names..." and whose last column is the class. */
    private static LabeledData withHeader(Path file) throws IOException {
        String first;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Inputs.open(file), StandardCharsets.ISO_8859_1))) {
            first = r.readLine();
        }
        String[] h = first == null ? new String[0] : first.split(",");
        Double n = h.length > 2 ? Numbers.parse(h[0].strip()) : null, d = h.length > 2 ? Numbers.parse(h[1].strip()) : null;
        if (n == null || d == null) throw new CorruptDataException(file, "line 1", "expected 'n_samples,n_features,class names...'");
        Csv.Table t = Csv.read(file, true);
        int classes = h.length - 2;
        if (t.rows() != n || t.cols() != d + 1)
            throw new CorruptDataException(file, "line 1", "header says " + n.intValue() + " samples of " + d.intValue() + " features, the file has "
                    + t.rows() + " rows of " + (t.cols() - 1) + " features and a class");
        int[] y = t.labels(-1);
        for (int i = 0; i < y.length; i++)
            if (y[i] >= classes) throw new CorruptDataException(file, "line " + t.lines()[i], "class " + y[i] + " but the header names " + classes + " classes");
        return LabeledData.classification(t.features(-1), y, classes);
    }
}
