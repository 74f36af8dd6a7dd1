package org.bilevel4j.tasks;

import java.io.IOException;
import java.nio.file.Path;
import org.bilevel4j.data.Datasets;
import org.junit.jupiter.api.Assumptions;

/**
 * The fetch-or-skip rule of the real-data task tests: a data set that is not in the cache is fetched when the
 * environment variable CI is "true" (so CI's {@code mvn -B verify} downloads it) or BILEVEL4J_FETCH=1; otherwise the
 * test is skipped (never passed) with the command that fetches it.
 */
final class RealData {
    private RealData() {}

    static Path require(String name) throws IOException {
        if (!Datasets.isFetched(name)) {
            boolean fetch = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("BILEVEL4J_FETCH"));
            String msg = name + " not fetched: run ./bilevel data fetch " + name;
            if (!fetch) System.out.println(msg);
            Assumptions.assumeTrue(fetch, msg);
            return Datasets.fetch(name, System.out);
        }
        return Datasets.ensure(name, System.out);
    }
}
