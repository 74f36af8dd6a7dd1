#!/usr/bin/env bash
# A real spark-submit run without a Spark distribution: builds the spark-submit packaging (Spark `provided`),
# takes Spark's jars from the local Maven repository, starts a standalone Master and a Worker on 127.0.0.1 and
# submits `bilevel solve` with org.apache.spark.deploy.SparkSubmit (what a distribution's bin/spark-submit runs),
# then stops both daemons. Output: the run's own lines; logs and run folder under ${WORK:-/tmp/bilevel4j-submit}.
# Usage: docs/spark-submit-loopback.sh [extra `solve` arguments]   (BUILD=0 skips the Maven build)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
WORK="${WORK:-/tmp/bilevel4j-submit}"
rm -rf "$WORK" && mkdir -p "$WORK/home/jars"
cd "$ROOT"
if [[ "${BUILD:-1}" != 0 ]]; then
    mvn -B -q -o -Pspark-submit package -DskipTests -pl bilevel4j-cli -am >&2
fi
JAR="$ROOT/bilevel4j-cli/target/bilevel-spark-submit.jar"
# Spark's jars (what a distribution keeps in $SPARK_HOME/jars): the spark module's runtime class path minus this project
mvn -B -q -o compile dependency:build-classpath -pl bilevel4j-spark -am -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt" >&2
SPARK_CP="$(tr ':' '\n' < "$WORK/cp.txt" | grep -v "$ROOT" | paste -sd:)"
OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    OPENS+=" --add-opens=java.base/$p=ALL-UNNAMED"
done
PORT="${PORT:-17077}"
MASTER="spark://127.0.0.1:$PORT"
export SPARK_HOME="$WORK/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$WORK"
# shellcheck disable=SC2086
java -Xmx256m $OPENS -cp "$SPARK_CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 \
    > "$WORK/master.log" 2>&1 &
MASTER_PID=$!
# shellcheck disable=SC2086
java -Xmx256m $OPENS -cp "$SPARK_CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores 2 --memory 1g --work-dir "$WORK/work" "$MASTER" > "$WORK/worker.log" 2>&1 &
WORKER_PID=$!
trap 'kill $WORKER_PID $MASTER_PID 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q "Successfully registered with master" "$WORK/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$WORK/worker.log" || { echo "worker did not register; see $WORK" >&2; exit 1; }
# The submit: the driver runs in this JVM (client mode), the executor in a JVM the Worker starts; executors take
# Spark's classes from extraClassPath (a distribution's jars/ folder) and the application jar from the driver.
# shellcheck disable=SC2086
time java --add-modules jdk.incubator.vector $OPENS -cp "$SPARK_CP" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER" \
    --conf spark.driver.host=127.0.0.1 \
    --conf "spark.executor.extraClassPath=$SPARK_CP" \
    --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector" \
    --executor-memory 512m --total-executor-cores 2 \
    --class org.bilevel4j.cli.Main "$JAR" \
    solve --problem hyperclean --solver aid-cg --iterations 3 --set precision=double --set engine=spark --set partitions=4 \
    --out "$WORK/run" "$@"
echo "executors: $(grep -h -o "Launching executor [^ ]* on worker [^ ]*" "$WORK/master.log" | head -3 | paste -sd" ")"
