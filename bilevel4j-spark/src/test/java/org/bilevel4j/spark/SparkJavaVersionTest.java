package org.bilevel4j.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The Spark engine refuses, with a message that says why and what to do, a Java its Hadoop login cannot run on. */
class SparkJavaVersionTest {
    @Test void java17And21AreAccepted() {
        assertDoesNotThrow(() -> SparkContexts.checkJava(17));
        assertDoesNotThrow(() -> SparkContexts.checkJava(21));
    }

    @Test void java25IsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkContexts.checkJava(25));
        assertTrue(e.getMessage().contains("Java 25") && e.getMessage().contains("17 or 21") && e.getMessage().contains("BILEVEL_JAVA"), e.getMessage());
    }
}
