package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests of the text loaders over a space of inputs: any byte string either loads into finite data with at
 * least one row, or fails with an error that names the file and a position — never another exception, never an empty
 * data set.
 */
class LoaderPropertiesTest {
    /** Text built from the characters that matter to the two formats, so that near-valid files are common. */
    @Provide Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("0123456789 .:,-+eE#\n\t\rabNIf").ofMaxLength(200);
    }

    @Property(tries = 300) void libSvmLoadsOrNamesFileAndLine(@ForAll("texts") String text) throws IOException {
        Path f = file(".svm", text);
        try {
            LibSvm.Data d = LibSvm.read(f, 0);
            assertTrue(d.x().rows() >= 1, "a loaded file has at least one row");
            for (float v : d.x().values()) assertTrue(Float.isFinite(v));
            for (double v : d.y()) assertTrue(Double.isFinite(v));
        } catch (IOException | IllegalArgumentException e) {
            Fuzz.assertClearError(e, f);
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 300) void csvLoadsOrNamesFileAndLine(@ForAll("texts") String text) throws IOException {
        Path f = file(".csv", text);
        try {
            Csv.Table t = Csv.read(f, false);
            assertTrue(t.rows() >= 1, "a loaded file has at least one row");
        } catch (IOException | IllegalArgumentException e) {
            Fuzz.assertClearError(e, f);
        } finally {
            Files.delete(f);
        }
    }

    /** Files with no sample at all (empty, blank, comments only) are refused as CSV is: "no data rows". */
    @Property(tries = 50) void libSvmWithoutSamplesSaysNoDataRows(@ForAll("blank") String text) throws IOException {
        Path f = file(".svm", text);
        try {
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> LibSvm.read(f, 0));
            assertTrue(e.getMessage().contains("no data rows") && e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        } finally {
            Files.delete(f);
        }
    }

    @Provide Arbitrary<String> blank() {
        return Arbitraries.of("", "\n", "  \n\t\n", "# comment\n", "#a\n\n# b", "\r\n");
    }

    private static Path file(String suffix, String text) throws IOException {
        Path f = Files.createTempFile("loader-", suffix);
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        return f;
    }
}
