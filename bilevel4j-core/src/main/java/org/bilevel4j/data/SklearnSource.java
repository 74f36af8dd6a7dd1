package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * scikit-learn's small bundled data sets (digits, breast cancer, diabetes, iris, wine) as the CSV files in
 * Debian's package python3-sklearn (sklearn/datasets/data/), unpacked, not installed.
 */
final class SklearnSource implements DatasetSource {
    static final String PACKAGE = "python3-sklearn";
    static final String FOLDER = "usr/lib/python3/dist-packages/sklearn/datasets/data";
    static final Map<String, String> SHA256 = Map.of(
            "digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
            "breast_cancer.csv", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
            "diabetes_data_raw.csv.gz", "fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff",
            "diabetes_target.csv.gz", "bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc",
            "iris.csv", "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449",
            "wine_data.csv", "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede");

    @Override public String name() { return "sklearn"; }

    @Override public String description() { return "scikit-learn's small sets: digits, breast cancer, diabetes (regression), iris, wine (Debian " + PACKAGE + ")"; }

    @Override public Map<String, String> checksums() { return SHA256; }

    @Override public void download(Path work, Path out, PrintStream log) throws IOException {
        Path tree = DebPackage.fetch(PACKAGE, work, name(), log);
        Datasets.copyFiles(tree.resolve(FOLDER), out, SHA256.keySet(), name());
    }
}
