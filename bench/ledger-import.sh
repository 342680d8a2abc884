#!/usr/bin/env bash
# Ledger import (W1) and derivation (W2) benchmarks of docs/PERFORMANCE.md on the local PostgreSQL.
# Not part of `mvn verify`. See bench/README.md. Usage:
#   bench/ledger-import.sh [all|gen|w1|w2] [sizes...]      default: all 100000 1000000
# Environment: BENCH_RUNS (measured runs, default 3), BENCH_WARMUPS (default 1), BENCH_VARIANT (sst|inline),
#   BENCH_PG_ADMIN (psql connection as a superuser, default "-h 127.0.0.1 -U postgres"), MVN_OFFLINE=-o,
#   BENCH_EXPLAIN=1 (log the plans of statements over 5 s, with actual rows, to the PostgreSQL log).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"
what=${1:-all}; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
RUNS=${BENCH_RUNS:-3}
WARMUPS=${BENCH_WARMUPS:-1}
VARIANT=${BENCH_VARIANT:-sst}
ADMIN=${BENCH_PG_ADMIN:--h 127.0.0.1 -U postgres}
LOG=$OUT/results-$(date +%Y%m%d-%H%M%S).txt

# 1. The benchmark database: its own, recreated each run, owned by xiezuo (never the test database).
if [ "$what" != gen ]; then
  psql $ADMIN -q -v ON_ERROR_STOP=1 -d postgres -c "drop database if exists xiezuo_bench" \
       -c "create database xiezuo_bench owner xiezuo" >/dev/null
  if [ -n "${BENCH_EXPLAIN:-}" ]; then
    # plans of statements over 5 s with actual row counts (no per-node timing) in the PostgreSQL log
    psql $ADMIN -q -v ON_ERROR_STOP=1 -d postgres \
         -c "alter database xiezuo_bench set session_preload_libraries = 'auto_explain'" \
         -c "alter database xiezuo_bench set auto_explain.log_min_duration = '5s'" \
         -c "alter database xiezuo_bench set auto_explain.log_analyze = on" \
         -c "alter database xiezuo_bench set auto_explain.log_timing = off" >/dev/null
  fi
fi

# 2. The test classpath with the bench profile's references, and the harness compiled against it.
mvn -q ${MVN_OFFLINE:-} -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")"
rm -rf "$OUT/classes"
javac -nowarn -encoding UTF-8 -proc:none --release 17 -d "$OUT/classes" -cp "$CP" $(find bench/src/java -name '*.java')
CP="$OUT/classes:$CP"
JAVA=(java -Xmx512m -Xss4m -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$OUT" -cp "$CP" org.xiezuo.bench.LedgerImportBench)

{
  echo "# $(date -Is) bench/ledger-import.sh $what ${sizes[*]} (runs $RUNS, warm-ups $WARMUPS, variant $VARIANT)"
  echo "# $(lscpu | grep -E '^Model name' | sed 's/  */ /g'); $(nproc) cores; $(free -g | awk '/Mem:/{print $2" GiB RAM"}')"
  echo "# $(java -version 2>&1 | head -1); $(psql $ADMIN -At -d postgres -c 'select version()' | sed 's/ on .*//')"
} | tee "$LOG"

for n in "${sizes[@]}"; do
  file=$OUT/employment-$n-$VARIANT.xlsx
  if [ ! -s "$file" ] || [ "$what" = gen ]; then
    "${JAVA[@]}" gen "$file" "$n" "$VARIANT" 2>&1 | tee -a "$LOG"
  fi
  if [ "$what" = all ] || [ "$what" = w1 ]; then
    echo "## W1 $n rows: timings" | tee -a "$LOG"
    "${JAVA[@]}" time "$file" "$n" "$WARMUPS" "$RUNS" 2>&1 | tee -a "$LOG"
    echo "## W1 $n rows: live heap (full GC every 1 s; a run of its own)" | tee -a "$LOG"
    "${JAVA[@]}" mem "$file" "$n" 2>&1 | tee -a "$LOG"
  fi
done

if [ "$what" = all ] || [ "$what" = w2 ]; then
  echo "## W2" | tee -a "$LOG"
  "${JAVA[@]}" w2 30 200 2>&1 | tee -a "$LOG"
fi
echo "results: $LOG"
