package org.bilevel4j;

import java.util.Map;

/**
 * The door through which other modules (torch, Spark, ...) add problems and solvers to the {@link Catalog}:
 * an implementation named in {@code META-INF/services/org.bilevel4j.CatalogPlugin} on the class path is found
 * by {@link java.util.ServiceLoader} when the catalog first loads, after the built-in entries. Core depends on
 * no plug-in. A plug-in must be cheap to register: load heavy natives only when one of its factories runs.
 */
public interface CatalogPlugin {
    /** Adds entries with {@link Catalog#add}; may wrap an existing entry (read it from the map, put a replacement). */
    void register(Map<String, Catalog.ProblemEntry> problems, Map<String, Catalog.SolverEntry> solvers);
}
