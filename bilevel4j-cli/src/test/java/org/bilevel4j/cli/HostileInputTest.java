package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hostile inputs of issue 12 that are one command each: every one is a one-line error with exit 2. */
class HostileInputTest {
    @TempDir Path tmp;

    String solve(String... extra) {
        String[] base = {"solve", "--iterations", "1", "--out", tmp.resolve("out").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return userError(run(args));
    }

    /** Sizes are checked before allocating: the memory needed and the JVM's maximum heap, or Java's array limit. */
    @Test void hugeSizesAreRefusedBeforeAllocating() {
        for (String dimY : new String[] {"2000000", "2000000000"}) {
            String m = solve("--problem", "quadratic", "--solver", "aid-cg", "--set", "dimY=" + dimY);
            assertTrue(m.contains("dimY=" + dimY) && (m.contains("Java heap") || m.contains("one array")), m);
        }
        String m = solve("--problem", "quadratic", "--solver", "aid-cg", "--set", "dimY=45000");
        assertTrue(m.contains("needs about") && m.contains("GiB of Java heap") && m.contains("at most"), m);
        m = solve("--problem", "quadratic", "--solver", "aid-cg", "--set", "dimX=2000000000");
        assertTrue(m.contains("dimX=2000000000") && m.contains("one array"), m);
        m = solve("--problem", "hyperclean", "--solver", "aid-cg", "--set", "trainSize=22000000");
        assertTrue(m.contains("hyperclean with 22003000 samples") && (m.contains("one array") || m.contains("Java heap")), m);
        m = solve("--problem", "weightdecay", "--solver", "aid-cg", "--set", "samples=2000000000");
        assertTrue(m.contains("weightdecay"), m);
        m = solve("--problem", "sparse-regression", "--solver", "hoag", "--set", "dim=2000000000");
        assertTrue(m.contains("sparse-regression with dim=2000000000"), m);
        m = solve("--problem", "toy-nonconvex", "--solver", "bvfim", "--set", "n=2000000000");
        assertTrue(m.contains("toy-nonconvex with n=2000000000") && m.contains("Java heap"), m);
        for (String task : new String[] {"reweight", "poison"}) {
            m = solve("--problem", task, "--solver", "hoag", "--set", "dataset=synthetic", "--set", "trainSize=2000000000", "--set", "features=100");
            assertTrue(m.contains(task + " with"), m);
        }
    }

    /** Options that must be finite refuse 1e400 and Infinity; a cap that Infinity switches off takes it. */
    @Test void nonFiniteOptionsAreRefusedUnlessInfinityMeansNone() {
        for (String v : new String[] {"1e400", "Infinity", "-Infinity", "NaN"}) {
            String m = solve("--problem", "quadratic", "--solver", "aid-cg", "--set", "outerStep=" + v);
            assertTrue(m.contains("outerStep=" + v), m);
        }
        for (String v : new String[] {"NaN", "Infinity", "-1"}) {
            String m = solve("--problem", "quadratic", "--solver", "aid-cg", "--tolerance", v);
            assertTrue(m.contains("--tolerance"), m);
        }
        CliTest.Run ok = run("solve", "--problem", "sparse-regression", "--solver", "spnbo", "--iterations", "2", "--set", "betaMax=Infinity",
                "--out", tmp.resolve("spnbo").toString());
        assertEquals(0, ok.code(), ok.err());
    }
}
