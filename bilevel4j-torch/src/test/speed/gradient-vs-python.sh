#!/usr/bin/env bash
# Issue 9's gradient target, checked outside the bench: the inner gradient of bench torch-speed's networks through the
# torch backend (GradientPhases, test scope) and in Python (Debian's python3-torch, gradient_phases.py), each at 1
# thread and at THREADS alternating call by call in one process, Java then Python back to back, then the Java
# gradient's phases (copy in, forward, backward, copy out) and ResNet-18's copy alone.
# Usage, from the repository root, on an idle machine:
#   bilevel4j-torch/src/test/speed/gradient-vs-python.sh [THREADS [REPS [MODELS]]]     (defaults: 2, 10, "conv4 resnet18")
# Takes about 2 minutes on the idle 2-core machine, ResNet-18 most of it. JVM flags: BILEVEL_JAVA_OPTS, e.g.
# -Dbilevel4j.torch.keepFreedMemory=false for glibc's default malloc thresholds (before the fix).
set -euo pipefail
threads=${1:-2}
reps=${2:-10}
models=${3:-conv4 resnet18}
cd "$(dirname "$0")/../../../.."
cp=$(mktemp)
mvn -B -q -o test-compile dependency:build-classpath -pl bilevel4j-torch -am -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
CP="bilevel4j-torch/target/test-classes:bilevel4j-torch/target/classes:$(cat "$cp")"
rm -f "$cp"
java_run() { java ${BILEVEL_JAVA_OPTS:-} -cp "$CP" org.bilevel4j.torch.GradientPhases "$@" 2>&1 | grep -v '^oneDNN:'; }
for model in $models; do
    r=$reps
    [ "$model" = resnet18 ] && r=$(( reps < 3 ? reps : 3 ))
    echo "== $model, $r repetitions; $(uptime)"
    java_run "$model" "$threads" "$r" alternate
    /usr/bin/python3 bilevel4j-torch/src/test/python/gradient_phases.py "$model" "$threads" "$r" || echo "  (no Python timing)"
    java_run "$model" 1 "$r" | tail -1
done
echo "== ResNet-18's copy (bench torch-speed's copy: x and y in, results out, the memo's copy of the point)"
java_run resnet18 1 8 copy | tail -1
