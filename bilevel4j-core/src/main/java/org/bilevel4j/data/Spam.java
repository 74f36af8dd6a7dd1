package org.bilevel4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin corpus from the folder of the 'spam' data set: every .txt file in its sub-folders, in sorted
 * order, label 1 (spam) for folders whose name starts with "spam", else 0 (ham). Texts are the whole raw
 * e-mails (headers included), decoded as UTF-8 with malformed bytes replaced.
 */
public final class Spam {
    private Spam() {}

    public record Texts(List<String> texts, int[] labels, List<Path> files) {
        public int size() { return texts.size(); }

        /** A new Texts with the given samples, in that order. */
        public Texts subset(int[] idx) {
            List<String> t = new ArrayList<>(idx.length);
            List<Path> f = new ArrayList<>(idx.length);
            int[] l = new int[idx.length];
            for (int i = 0; i < idx.length; i++) { t.add(texts.get(idx[i])); f.add(files.get(idx[i])); l[i] = labels[idx[i]]; }
            return new Texts(t, l, f);
        }
    }

    public static Texts load(Path dir) throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        List<String> texts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : folders) {
            int label = folder.getFileName().toString().startsWith("spam") ? 1 : 0;
            List<Path> mails;
            try (Stream<Path> s = Files.list(folder)) {
                mails = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path m : mails) {
                texts.add(new String(Files.readAllBytes(m), StandardCharsets.UTF_8));
                files.add(m);
                labels.add(label);
            }
        }
        if (texts.isEmpty()) throw new IOException("no e-mails (*.txt in sub-folders) under " + dir);
        return new Texts(texts, labels.stream().mapToInt(Integer::intValue).toArray(), files);
    }

    /** tf-idf features fitted on fit (vocabulary: terms in at least minDf of its e-mails), applied to each part. */
    public static List<LabeledData> tfIdf(Texts fit, int minDf, Texts... parts) {
        TfIdf model = TfIdf.fit(fit.texts(), minDf);
        List<LabeledData> out = new ArrayList<>();
        for (Texts p : parts) out.add(LabeledData.classification(model.transform(p.texts()), p.labels(), 2));
        return out;
    }
}
