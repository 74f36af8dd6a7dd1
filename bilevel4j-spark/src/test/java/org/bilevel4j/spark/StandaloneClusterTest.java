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
 * (the test class path). Then, on the same cluster, a real spark-submit: org.apache.spark.deploy.SparkSubmit (what
 * a distribution's bin/spark-submit runs) in a child JVM on Spark's jars alone, with an application jar that holds
 * no Spark class (this module's and core's classes, as the spark-submit packaging), running {@link DriverHeapRun} on
 * rows made inside the partitions; its result equals the in-process run's. Runs in its own JVM (surefire
 * reuseForks=false): one Spark context per JVM.
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
            SparkContexts.stop(); // frees the Worker's cores for the submitted application
            submittedRunEqualsInProcess(cp, dir, master);
        } finally {
            SparkContexts.stop();
            for (Process c : children) {
                c.destroy();
                if (!c.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) c.destroyForcibly();
            }
        }
    }

    /** spark-submit of DriverHeapRun (aid-cg, 2 iterations, generated rows in 3 partitions) against the cluster. */
    static void submittedRunEqualsInProcess(String cp, Path dir, String master) throws Exception {
        List<String> sparkJars = new ArrayList<>(), project = new ArrayList<>();
        for (String e : cp.split(java.io.File.pathSeparator))
            if (e.contains("bilevel4j-")) { if (!e.contains("test-classes")) project.add(e); } // this module's and core's classes (or jars)
            else sparkJars.add(e);
        String sparkCp = String.join(java.io.File.pathSeparator, sparkJars);
        Path app = AppJar.write(dir.resolve("app.jar"), project);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "--add-modules", "jdk.incubator.vector"));
        for (String o : OPENS.split(" ")) if (!o.isBlank()) cmd.add(o);
        cmd.addAll(List.of("-cp", sparkCp, "org.apache.spark.deploy.SparkSubmit", "--master", master, "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.extraClassPath=" + sparkCp, "--conf", "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector",
                "--executor-memory", "512m", "--total-executor-cores", "2", "--class", DriverHeapRun.class.getName(), app.toString(),
                "engine=spark", "seed=3", "rows=3000", "valRows=1000", "features=60", "nnz=6", "partitions=3", "iterations=2", "storage=memory"));
        Path log = Path.of("target", "standalone-cluster", "submit.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "spark-submit did not finish; see " + log);
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "spark-submit failed; see " + log);
        String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError("no RESULT line in " + log));
        java.util.Map<String, String> r = new java.util.HashMap<>();
        for (String kv : result.substring(7).split(" ")) r.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        BilevelProblem q = PartitionData.generatedInProcess(3, 60, 6, 0.1, 3000, 1000);
        RunResult ref = org.bilevel4j.solver.Runner.run(org.bilevel4j.Catalog.solver("aid-cg", q,
                new org.bilevel4j.solver.Options(java.util.Map.of("innerSteps", "2", "linearSteps", "2")), 3), q, q.initialX(), q.initialY(),
                org.bilevel4j.solver.StopRule.iterations(2).withTraceEvery(2));
        double[] x = java.util.Arrays.stream(r.get("x").split(",")).mapToDouble(Double::parseDouble).toArray();
        assertTrue(SparkLogisticProblemTest.rel(org.bilevel4j.vec.Vec.of(x), ref.x()) <= 1e-9, "submitted x differs from in-process");
        assertEquals(0, SparkLogisticProblemTest.rel(Double.parseDouble(r.get("F")), ref.finalRow().outerValue()), 1e-9, "submitted F");
        assertEquals(ref.oracles().passes(), Double.parseDouble(r.get("passes")), 1e-9, "passes");
        // the application ran on the cluster: the Master registered it and launched its executor on the Worker
        String masterLog = Files.readString(Path.of("target", "standalone-cluster", "master.log"));
        assertEquals(2, masterLog.lines().filter(l -> l.contains("Registering app bilevel4j")).count(), "the test's app and the submitted one");
        assertTrue(out.contains("Granted executor ID") || masterLog.lines().filter(l -> l.contains("Launching executor")).count() >= 2,
                "no executor on the Worker for the submitted app; see " + log);
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
