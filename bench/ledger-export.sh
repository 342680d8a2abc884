#!/usr/bin/env bash
# Export benchmarks of docs/PERFORMANCE.md W5 (ledger .xlsx against R5a; the plan's table and bulletin, the
# bulletin at N and 10N rows against R5b) and SECURITY.md T80 (three concurrent exports, a fourth refused),
# on the local PostgreSQL. Not part of `mvn verify`. See bench/README.md. Usage:
#   bench/ledger-export.sh [all|xlsx|word|t80] [sizes...]      default: all 100000 1000000
#   Sizes smallest first, all in one JVM; sizes of 1M and more run without warm-up (the JVM is warm by then).
# Environment: BENCH_RUNS (measured runs, default 3), BENCH_WARMUPS (default 1), BENCH_BIG_RUNS (measured runs at
#   1M rows and more, default 1), BENCH_WORD_ROWS (N of the bulletin, default 1000), BENCH_T80_ROWS (workers of
#   T80, default 50000), BENCH_PG_ADMIN (psql connection as a superuser, default "-h 127.0.0.1 -U postgres"),
#   MVN_OFFLINE=-o.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
TMP=$OUT/tmp-export            # java.io.tmpdir of the benchmark JVMs, emptied first: T80 counts the files in it
rm -rf "$TMP"
mkdir -p "$OUT" "$TMP"
what=${1:-all}; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
RUNS=${BENCH_RUNS:-3}
WARMUPS=${BENCH_WARMUPS:-1}
BIG_RUNS=${BENCH_BIG_RUNS:-1}
WORD_ROWS=${BENCH_WORD_ROWS:-1000}
T80_ROWS=${BENCH_T80_ROWS:-50000}
ADMIN=${BENCH_PG_ADMIN:--h 127.0.0.1 -U postgres}
DB=xiezuo_bench_export
LOG=$OUT/export-results-$(date +%Y%m%d-%H%M%S).txt

# 1. The benchmark database: its own, recreated at the start and dropped at the end, owned by xiezuo
#    (never xiezuo, the database of the PostgreSQL tests, nor xiezuo_bench of the import benchmark).
psql $ADMIN -q -v ON_ERROR_STOP=1 -d postgres -c "drop database if exists $DB" -c "create database $DB owner xiezuo" >/dev/null
JVM_PID=
cleanup() {
  [ -n "$JVM_PID" ] && kill "$JVM_PID" 2>/dev/null || true
  psql $ADMIN -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# 2. The test classpath with the bench profile's references, and the harness compiled against it.
mvn -q ${MVN_OFFLINE:-} -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")"
rm -rf "$OUT/export-classes"
javac -nowarn -encoding UTF-8 -proc:none --release 17 -d "$OUT/export-classes" -cp "$CP" $(find bench/src/java -name '*.java')
CP="$OUT/export-classes:$CP"
JAVA_FLAGS=(-Xmx512m -Xss4m -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$TMP" -Dbench.dir="$OUT"
            -Dbench.url=jdbc:postgresql://127.0.0.1:5432/$DB)

run() {  # one JVM of the harness, its output to the screen and the log; killed with the script
  java "${JAVA_FLAGS[@]}" -cp "$CP" org.xiezuo.bench.LedgerExportBench "$@" > >(tee -a "$LOG") 2>&1 &
  JVM_PID=$!
  wait "$JVM_PID"
  JVM_PID=
}

{
  echo "# $(date -Is) bench/ledger-export.sh $what ${sizes[*]} (runs $RUNS, warm-ups $WARMUPS, runs at 1M+ $BIG_RUNS, word rows $WORD_ROWS, T80 rows $T80_ROWS)"
  echo "# $(lscpu | grep -E '^Model name' | sed 's/  */ /g'); $(nproc) cores; $(free -g | awk '/Mem:/{print $2" GiB RAM"}'); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# $(java -version 2>&1 | head -1); JVM flags ${JAVA_FLAGS[*]:0:3}; $(psql $ADMIN -At -d postgres -c 'select version()' | sed 's/ on .*//')"
} | tee "$LOG"

if [ "$what" = all ] || [ "$what" = xlsx ]; then
  echo "## W5 xlsx, ${sizes[*]} rows" | tee -a "$LOG"
  run xlsx "$WARMUPS" "$RUNS" "$BIG_RUNS" "${sizes[@]}"
fi
if [ "$what" = all ] || [ "$what" = word ]; then
  echo "## W5 table and bulletin (seed plan), bulletin at $WORD_ROWS and $((10 * WORD_ROWS)) rows" | tee -a "$LOG"
  run word "$WORD_ROWS" "$WARMUPS" "$RUNS"
fi
if [ "$what" = all ] || [ "$what" = t80 ]; then
  echo "## T80, $T80_ROWS workers" | tee -a "$LOG"
  run t80 "$T80_ROWS"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$LOG"
echo "results: $LOG"
