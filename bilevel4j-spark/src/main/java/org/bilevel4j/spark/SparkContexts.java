package org.bilevel4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of this JVM (Spark allows one), started on first use for a master URL such as
 * {@code local[2]}, {@code local[2,2]} (2 attempts per task) or {@code spark://host:7077}, and stopped at exit.
 * Under spark-submit the master comes from the submit command. Spark's log level is WARN unless the system
 * property {@code bilevel4j.sparkLogLevel} says otherwise.
 */
public final class SparkContexts {
    private static JavaSparkContext current;
    private static String currentMaster;

    private SparkContexts() {}

    /** Stops the running context, if any, and starts one for {@code master} (benchmarks comparing masters). */
    public static synchronized void restart(String master) {
        if (current != null) current.stop();
        current = null;
        get(master);
    }

    /** Stops the running context, if any. */
    public static synchronized void stop() {
        if (current != null) current.stop();
        current = null;
    }

    /**
     * Refuses a Java on which Spark 3.5's Hadoop login cannot run: from Java 23 {@code Subject.getSubject} is unsupported
     * and the context fails in a static initializer ("getSubject is not supported"; measured on 25). Spark 3.5 supports 17 and 21.
     */
    static void checkJava(int feature) {
        if (feature >= 23)
            throw new IllegalArgumentException("the Spark engine needs Java 17 or 21, this JVM is Java " + feature + " (Spark 3.5's Hadoop login "
                    + "calls Subject.getSubject, unsupported from Java 23); run it on Java 17 or 21 (unset BILEVEL_JAVA), or leave out engine=spark");
    }

    /** The context for {@code master} (null: the one spark-submit configured), starting it when needed. */
    public static synchronized JavaSparkContext get(String master) {
        if (current != null && !current.sc().isStopped()) {
            if (master != null && !master.equals(currentMaster))
                throw new IllegalArgumentException("a Spark context for " + currentMaster + " is running in this JVM; sparkMaster="
                        + master + " needs a new JVM (Spark allows one context per JVM)");
            return current;
        }
        checkJava(Runtime.version().feature());
        SparkConf conf = new SparkConf().setAppName("bilevel4j").set("spark.ui.enabled", "false");
        if (master != null) conf.setMaster(master);
        if (master != null && master.startsWith("local")) conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        current = new JavaSparkContext(conf);
        current.setLogLevel(System.getProperty("bilevel4j.sparkLogLevel", "WARN"));
        currentMaster = master == null ? conf.get("spark.master") : master;
        JavaSparkContext c = current;
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "bilevel4j-spark-stop"));
        return current;
    }
}
