package org.bilevel4j.cli.bench;

import java.io.IOException;
import org.bilevel4j.data.Datasets;
import org.junit.jupiter.api.Assumptions;

/**
 * The fetch-or-skip rule of the real-data tests (as core's tasks.RealData): a data set that is not in the cache is
 * fetched when the environment variable CI is "true" or BILEVEL4J_FETCH=1; otherwise the test is skipped with the
 * command that fetches it.
 */
final class RealDataRule {
    private RealDataRule() {}

    static void require(String name) throws IOException {
        if (Datasets.isFetched(name)) return;
        boolean fetch = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("BILEVEL4J_FETCH"));
        String msg = name + " not fetched: run ./bilevel data fetch " + name;
        if (!fetch) System.out.println(msg);
        Assumptions.assumeTrue(fetch, msg);
        Datasets.fetch(name, System.out);
    }
}
