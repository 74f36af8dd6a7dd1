package org.bilevel4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.RunResult;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path for real: a standalone Master and a Worker, each a child JVM started from the Maven jars of the
 * test class path on 127.0.0.1 (their logs in target/standalone-cluster/), the Worker launching its executor JVM as on a cluster; a short run against
 * spark://127.0.0.1:PORT equals the same run in local mode (and in-process). The Worker builds the executor's
 * command from SPARK_HOME (an empty jars/ folder here), SPARK_SCALA_VERSION and spark.executor.extraClassPath
 * (the test class path). Runs in its own JVM (surefire reuseForks=false): one Spark context per JVM.
 */
class StandaloneClusterTest {
    static final String OPENS = System.getProperty("bilevel4j.sparkOpens", "");

    @Test void aShortRunOnAStandaloneMasterAndWorkerEqualsLocalMode(@TempDir Path dir) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(dir.resolve("home/jars"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        List<Process> children = new ArrayList<>();
        try {
            children.add(child(cp, dir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--webui-port", "0"));
            children.add(child(cp, dir, "worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0",
                    "--cores", "2", "--memory", "1g", "--work-dir", dir.resolve("work").toString(), master));
            BilevelProblem p = SparkLogisticProblemTest.local("hyperclean");
            RunResult inProcess = SparkLogisticProblemTest.run("aid-cg", p, 3);
            RunResult local = runOn("local[2]", p);
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            System.setProperty("spark.executor.extraClassPath", cp);
            System.setProperty("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector " + OPENS);
            System.setProperty("spark.executor.memory", "512m");
            System.setProperty("spark.cores.max", "2");
            RunResult[] cluster = new RunResult[1];
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(600), () -> {
                cluster[0] = runOn(master, p);
                JavaSparkContext sc = SparkContexts.get(master);
                // the tasks ran in the Worker's executor JVM (not this one), and it has the vector module the SIMD kernels use
                List<String> where = sc.parallelize(List.of(1, 2), 2).map(i -> ProcessHandle.current().pid() + " "
                        + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()).collect();
                for (String w : where) {
                    assertTrue(!w.startsWith(ProcessHandle.current().pid() + " "), "task ran in the driver JVM: " + w);
                    assertTrue(w.endsWith(" true"), "executor without jdk.incubator.vector: " + w);
                }
            }, () -> "the cluster run did not finish; see target/standalone-cluster/master.log and worker.log");
            SparkLogisticProblemTest.sameRun(local, cluster[0]);
            SparkLogisticProblemTest.sameRun(inProcess, cluster[0]);
            assertEquals(local.oracles().passes(), cluster[0].oracles().passes());
        } finally {
            SparkContexts.stop();
            for (Process c : children) {
                c.destroy();
                if (!c.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) c.destroyForcibly();
            }
        }
    }

    static RunResult runOn(String master, BilevelProblem p) {
        SparkContexts.restart(master);
        SparkLogisticProblem s = SparkPlugin.distributeOn(p, master, 3);
        RunResult r = SparkLogisticProblemTest.run("aid-cg", s, 3);
        s.unpersist();
        return r;
    }

    /** A daemon JVM on the test class path, its output in dir/NAME.log. */
    static Process child(String cp, Path dir, String name, String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Dbilevel4j.sparkLogLevel=INFO"));
        for (String o : OPENS.split(" ")) if (!o.isBlank()) cmd.add(o);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(List.of(args));
        Path logs = Files.createDirectories(Path.of("target", "standalone-cluster"));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        b.environment().put("SPARK_HOME", dir.resolve("home").toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        b.environment().put("SPARK_LOG_DIR", dir.toString());
        return b.start();
    }
}
