package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path dir;
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2 test vector
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @AfterEach void resetRoot() { Datasets.setRoot(null); }

    /** A data set whose download writes the given files (or fails after writing some, when fail is set). */
    record Fake(String name, Map<String, String> checksums, Map<String, String> files, boolean manifest, boolean fail) implements DatasetSource {
        @Override public String description() { return "fake"; }

        @Override public void download(Path work, Path out, PrintStream log) throws IOException {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.createDirectories(out.resolve(f.getKey()).getParent());
                Files.writeString(out.resolve(f.getKey()), f.getValue());
                if (fail) throw new IOException("network gone");
            }
        }
    }

    @Test void namesListTheFiveDataSets() {
        assertEquals(List.of("mnist", "fashion-mnist", "sklearn", "spam", "glyphs"), List.copyOf(Datasets.names().keySet()));
        Datasets.names().values().forEach(d -> assertFalse(d.isBlank() || d.contains("\n")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.dir("cifar"));
        assertTrue(e.getMessage().contains("mnist, fashion-mnist, sklearn, spam, glyphs"), e.getMessage());
    }

    @Test void rootIsOverridable() {
        Datasets.setRoot(dir);
        assertEquals(dir.resolve("mnist"), Datasets.dir("mnist"));
        Datasets.setRoot(null);
        String env = System.getenv("BILEVEL4J_DATA");
        assertEquals(env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/bilevel4j/data"), Datasets.root());
    }

    @Test void verifyNamesTheCorruptOrMissingFileAndTheFetchCommand() throws IOException {
        Datasets.setRoot(dir);
        IOException e = assertThrows(IOException.class, () -> Datasets.verify("mnist"));
        assertTrue(e.getMessage().contains("has not been fetched") && e.getMessage().contains("./bilevel data fetch mnist"), e.getMessage());
        Path d = Files.createDirectories(dir.resolve("mnist"));
        for (String f : MnistSource.SHA256.keySet()) Files.writeString(d.resolve(f), "not mnist");
        e = assertThrows(IOException.class, () -> Datasets.ensure("mnist", QUIET)); // present but corrupt: no silent refetch
        assertTrue(e.getMessage().contains(d.toString()) && e.getMessage().contains("is corrupt") && e.getMessage().contains("./bilevel data fetch mnist"), e.getMessage());
        for (String f : MnistSource.SHA256.keySet()) Files.delete(d.resolve(f));
        e = assertThrows(IOException.class, () -> Datasets.verify("mnist"));
        assertTrue(e.getMessage().contains("lacks the file " + d) && e.getMessage().contains("./bilevel data fetch mnist"), e.getMessage());
    }

    @Test void fetchVerifiesAndMovesIntoPlaceAndFailuresLeaveNothing() throws IOException {
        Datasets.setRoot(dir);
        Fake good = new Fake("fake", Map.of("a.txt", ABC_SHA256), Map.of("a.txt", "abc"), false, false);
        Path got = Datasets.fetch(good, QUIET);
        assertEquals("abc", Files.readString(got.resolve("a.txt")));
        Datasets.check(good, got, "");
        // a wrong download: the old folder stays as it was
        Fake wrong = new Fake("fake", Map.of("a.txt", ABC_SHA256), Map.of("a.txt", "abd"), false, false);
        IOException e = assertThrows(IOException.class, () -> Datasets.fetch(wrong, QUIET));
        assertTrue(e.getMessage().contains("a.txt") && e.getMessage().contains("corrupt") && e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals("abc", Files.readString(got.resolve("a.txt")));
        // a download that fails half-way: no folder, no scratch left
        Fake broken = new Fake("other", Map.of("a.txt", ABC_SHA256), Map.of("a.txt", "abc"), false, true);
        assertThrows(IOException.class, () -> Datasets.fetch(broken, QUIET));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("fake")), s.toList());
        }
    }

    @Test void manifestListsEveryFileAndCatchesACorruptOne() throws IOException {
        Path d = Files.createDirectories(dir.resolve("m"));
        Files.createDirectories(d.resolve("spam-1"));
        Files.writeString(d.resolve("spam-1/x.txt"), "abc");
        Files.writeString(d.resolve("b.txt"), "abc");
        Datasets.writeManifest(d);
        String manifest = Files.readString(d.resolve(Datasets.MANIFEST));
        assertEquals(ABC_SHA256 + "  b.txt\n" + ABC_SHA256 + "  spam-1/x.txt\n", manifest);
        Fake src = new Fake("m", Map.of(Datasets.MANIFEST, Sha256.of(manifest.getBytes(StandardCharsets.UTF_8))), Map.of(), true, false);
        Datasets.check(src, d, "");
        Files.writeString(d.resolve("spam-1/x.txt"), "abd");
        IOException e = assertThrows(IOException.class, () -> Datasets.check(src, d, ""));
        assertTrue(e.getMessage().contains("spam-1/x.txt") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test void externalToolsAreTimeLimitedAndMissingOnesNamed() throws IOException {
        ExternalTool.Result r = ExternalTool.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), dir, Duration.ofSeconds(30));
        assertEquals(3, r.exitCode());
        assertTrue(r.output().contains("out") && r.output().contains("err"));
        IOException e = assertThrows(IOException.class, () -> ExternalTool.run(List.of("sleep", "30"), dir, Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        e = assertThrows(IOException.class, () -> ExternalTool.runOk(List.of("sh", "-c", "echo boom; exit 1"), dir, Duration.ofSeconds(30), "spam"));
        assertTrue(e.getMessage().contains("boom") && e.getMessage().contains("./bilevel data fetch spam"), e.getMessage());
        e = assertThrows(IOException.class, () -> ExternalTool.require("no-such-tool-bilevel4j", "mnist", "Install it"));
        assertTrue(e.getMessage().contains("'no-such-tool-bilevel4j'") && e.getMessage().contains("./bilevel data fetch mnist"), e.getMessage());
        assertNotNull(ExternalTool.find("sh"));
    }
}
