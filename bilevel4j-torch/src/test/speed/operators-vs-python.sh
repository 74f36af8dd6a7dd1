#!/usr/bin/env bash
# Where conv-4 w64's inner gradient spends its time, per operator, in the torch backend (OperatorTimes, test scope)
# and in Python (Debian's python3-torch, operator_times.py): each operator alone at the shapes it sees, forward and
# backward, wall and thread CPU ms (medians), side by side with the ratio Java/Python of thread CPU. Java then Python
# back to back for each thread count; the glibc tunables of ./bilevel on both sides.
# Usage, from the repository root: bilevel4j-torch/src/test/speed/operators-vs-python.sh [THREADS [REPS [on|off]]]
#   (defaults: "1 2", 200, on: oneDNN as auto decides for conv-4 w64). About 1 minute per thread count when idle.
set -euo pipefail
threads=${1:-1 2}
reps=${2:-200}
onednn=${3:-on}
cd "$(dirname "$0")/../../../.."
cp=$(mktemp)
mvn -B -q -o test-compile dependency:build-classpath -pl bilevel4j-torch -am -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
CP="bilevel4j-torch/target/test-classes:bilevel4j-torch/target/classes:$(cat "$cp")"
rm -f "$cp"
export GLIBC_TUNABLES=glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824
for t in $threads; do
    j=$(mktemp) p=$(mktemp)
    echo "== $t threads, oneDNN $onednn, $reps repetitions; $(uptime)"
    java ${BILEVEL_JAVA_OPTS:-} -cp "$CP" org.bilevel4j.torch.OperatorTimes "$t" "$reps" "$onednn" > "$j"
    /usr/bin/python3 bilevel4j-torch/src/test/python/operator_times.py "$t" "$reps" "$onednn" > "$p"
    grep '^# [jp]' "$j" "$p" | sed 's/^[^:]*://'
    # name may hold spaces: the four numbers are the last four fields
    awk 'FNR == 1 { file++ } /^#/ { next }
         { k = $0; sub(/ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$/, "", k)
           if (file == 1) { order[++n] = k; j[k] = $0 } else p[k] = $0 }
         END { printf "%-22s %19s %19s %17s %17s %11s\n", "op (ms)", "fwd java/python", "bwd java/python", "fwd cpu j/p", "bwd cpu j/p", "cpu ratio"
               for (i = 1; i <= n; i++) { k = order[i]; m = split(j[k], a, / +/)
                 q = split(p[k], b, / +/)
                 jf = a[m-3]; jb = a[m-2]; jfc = a[m-1]; jbc = a[m]
                 if (k in p) { pf = b[q-3]; pb = b[q-2]; pfc = b[q-1]; pbc = b[q] } else { pf = pb = pfc = pbc = "-" }
                 r = (k in p && pfc + pbc > 0) ? sprintf("%.2f", (jfc + jbc) / (pfc + pbc)) : "-"
                 printf "%-22s %9s/%-9s %9s/%-9s %8s/%-8s %8s/%-8s %11s\n", k, jf, pf, jb, pb, jfc, pfc, jbc, pbc, r } }' "$j" "$p"
    rm -f "$j" "$p"
done
