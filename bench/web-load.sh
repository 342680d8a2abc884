#!/usr/bin/env bash
# Web load benchmarks of docs/PERFORMANCE.md W4 (R4 and a page) and SECURITY.md T78 and T81 on the local
# PostgreSQL. Not part of `mvn verify`. See bench/README.md. Usage:
#   bench/web-load.sh [all|w4|t78|t81]...        default: all (= w4 t78 t81)
# Environment (defaults in brackets):
#   BENCH_SECONDS [30]  measured seconds per step      BENCH_WARMUP [5]  unmeasured seconds before each step
#   BENCH_R4_RATES ["100 200 400 600 800 1000 1250"]   R4's ladder (stops at the first failing step)
#   BENCH_PAGE [/plans/{plan}/assessment]   the dashboard of W4 ({plan}: the plan with five approved months)
#   BENCH_PAGE_RATES ["10 25 50 75 100 150"]  the page's ladder (same rule)
#   BENCH_SAVE_RATES ["25 50 100 150 200 300 400"]  W4's POST ladder (report-line saves; same rule; also "save" alone)
#   BENCH_T78_RATES ["20 40"]  operations/s (expected peak, 2 × peak)   BENCH_T78_SECONDS [45]
#   BENCH_T81_SECONDS [60]  attack duration   BENCH_T81_PER_MINUTE [1000]   BENCH_T81_REAL_RATE [1]  sign-ins/s
#   BENCH_QUIET_WAIT [0]  seconds to wait before each step for other processes to go quiet (shared machine)
#   BENCH_WARM [15]  seconds of JIT warm-up for R4 and for the page before the steps
#   BENCH_JFR=1  a JFR recording of the server during the page ladder, and where its request threads spent CPU
#   BENCH_VIRTUAL=1  the server with spring.threads.virtual.enabled=true   BENCH_REUSE=1  keep the previous database and data
#   BENCH_SERVER_OPTS ["-Xmx512m"]  JVM options of the server   BENCH_SERVER_ARGS  more application arguments, e.g.
#     "--server.tomcat.threads.max=20 --spring.datasource.hikari.maximum-pool-size=21"   BENCH_PORT [18080]  BENCH_PG_ADMIN ["-h 127.0.0.1 -U postgres"]  MVN_OFFLINE=-o
# The default run takes 9–15 minutes (the ladders stop at their first failing step); BENCH_SECONDS / BENCH_T78_SECONDS / BENCH_T81_SECONDS lengthen it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/webbench
mkdir -p "$OUT"
what=("$@"); [ ${#what[@]} -gt 0 ] || what=(all)
has() { for w in "${what[@]}"; do [ "$w" = "$1" ] || [ "$w" = all ] && return 0; done; return 1; }
SECONDS_STEP=${BENCH_SECONDS:-30}
WARMUP=${BENCH_WARMUP:-5}
R4_RATES=${BENCH_R4_RATES:-100 200 400 600 800 1000 1250}
DEFAULT_PAGE='/plans/{plan}/assessment'
PAGE=${BENCH_PAGE:-$DEFAULT_PAGE}
PAGE_RATES=${BENCH_PAGE_RATES:-10 25 50 75 100 150}
T78_RATES=${BENCH_T78_RATES:-20 40}
SAVE_RATES=${BENCH_SAVE_RATES:-25 50 100 150 200 300 400}
PORT=${BENCH_PORT:-18080}
ADMIN=${BENCH_PG_ADMIN:--h 127.0.0.1 -U postgres}
STAMP=$(date +%Y%m%d-%H%M%S)
LOG=$OUT/results-$STAMP.txt
SERVER_LOG=$OUT/server-$STAMP.log
DB=xiezuo_webbench
DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB

# 1. The benchmark database: its own, recreated each run, owned by xiezuo (never the test database).
#    BENCH_REUSE=1 keeps the database and the fixture of the previous run (T81 then resets its own throttle rows and locks).
REUSE=${BENCH_REUSE:-}
[ -n "$REUSE" ] && [ ! -s "$OUT/fixture.properties" ] && REUSE=
[ -n "$REUSE" ] || psql $ADMIN -q -v ON_ERROR_STOP=1 -d postgres -c "drop database if exists $DB" -c "create database $DB owner xiezuo" >/dev/null

# 2. The application (target/classes, with the bench-profile endpoint R4), its runtime classpath for the
#    server, the test classpath for the harness and the set-up, and the harness compiled against it.
mvn -q ${MVN_OFFLINE:-} -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/test-classpath.txt" >/dev/null
mvn -q ${MVN_OFFLINE:-} dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/runtime-classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/test-classpath.txt")"
rm -rf "$OUT/classes"
javac -nowarn -encoding UTF-8 -proc:none --release 17 -d "$OUT/classes" -cp "$CP" $(find bench/src/java -name '*.java')
CP="$OUT/classes:$CP"

{
  echo "# $(date -Is) bench/web-load.sh ${what[*]} (steps of $SECONDS_STEP s after $WARMUP s warm-up; page $PAGE)"
  echo "# $(lscpu | grep -E '^Model name' | sed 's/  */ /g'); $(nproc) cores; $(free -g | awk '/Mem:/{print $2" GiB RAM"}'); $(uname -r)"
  echo "# $(java -version 2>&1 | head -1); $(psql $ADMIN -At -d postgres -c 'select version()' | sed 's/ on .*//')"
  echo "# server: ${BENCH_SERVER_OPTS:--Xmx512m}, profiles prod,bench, virtual threads ${BENCH_VIRTUAL:-0} ${BENCH_SERVER_ARGS:-}; harness: -Xmx256m, same machine"
} | tee "$LOG"

# 3. The data, through the application's services (no web server).
if [ -z "$REUSE" ]; then
  rm -f "$OUT/fixture.properties" "$OUT/steps.properties"
  java -Xmx512m -Djava.io.tmpdir="$OUT" -cp "$CP" org.xiezuo.bench.WebBenchSetup bench/web/bench.properties "$OUT/fixture.properties" \
      2>&1 | grep -v -E '^\s*$|WARN .*(Flyway|springdoc)' | tee -a "$LOG"
else
  echo "# reusing the database and fixture of the previous run" | tee -a "$LOG"
fi

# 4. The server: the application as in production (prod profile) plus the bench profile (R4), on the bench database.
SERVER_ARGS=(--spring.profiles.active=prod,bench --spring.config.additional-location=file:bench/web/bench.properties
             --server.port="$PORT")
[ -n "${BENCH_VIRTUAL:-}" ] && SERVER_ARGS+=(--spring.threads.virtual.enabled=true)
[ -n "${BENCH_SERVER_ARGS:-}" ] && SERVER_ARGS+=(${BENCH_SERVER_ARGS})
java ${BENCH_SERVER_OPTS:--Xmx512m} -Djava.io.tmpdir="$OUT" -cp "$ROOT/target/classes:$(cat "$OUT/runtime-classpath.txt")" \
    org.xiezuo.XiezuoApplication "${SERVER_ARGS[@]}" >"$SERVER_LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  kill -0 $SERVER 2>/dev/null || { echo "the server did not start; see $SERVER_LOG"; exit 1; }
  sleep 1
done
echo "# server started: $(grep -o 'Started XiezuoApplication in [0-9.]* seconds' "$SERVER_LOG")" | tee -a "$LOG"

JOPTS=(-Xmx256m -Djava.io.tmpdir="$OUT" -Dbase="http://127.0.0.1:$PORT" -Dfixture="$OUT/fixture.properties"
       -Dseconds="$SECONDS_STEP" -Dwarmup="$WARMUP" -DquietWait="${BENCH_QUIET_WAIT:-0}" -DserverPid=$SERVER
       -DserverLog="$SERVER_LOG" -Ddb.url="$DB_URL" -Ddb.name=$DB -Dpage="$PAGE" -cp "$CP")
harness() { java "${JOPTS[@]}" "$@"; }   # JVM options (a later -D wins), then org.xiezuo.bench.WebLoad and its arguments

# 5. JIT warm-up on every path, then the steps.
harness org.xiezuo.bench.WebLoad warm "${BENCH_WARM:-15}" 2>&1 | grep -v '^RESULT' | tee -a "$LOG"
if has w4; then
  echo "## W4 R4: GET /bench/r4 (one primary-key read, fixed 2 KB HTML)" | tee -a "$LOG"
  harness org.xiezuo.bench.WebLoad ladder r4 $R4_RATES 2>&1 | tee -a "$LOG"
  echo "## W4 page: GET $PAGE as signed-in 协作办 viewers" | tee -a "$LOG"
  [ -n "${BENCH_JFR:-}" ] && jcmd $SERVER JFR.start name=page settings=profile filename="$OUT/page-$STAMP.jfr" >/dev/null
  harness org.xiezuo.bench.WebLoad ladder page $PAGE_RATES 2>&1 | tee -a "$LOG"
  if [ -n "${BENCH_JFR:-}" ]; then
    jcmd $SERVER JFR.stop name=page >/dev/null
    harness org.xiezuo.bench.JfrShare "$OUT/page-$STAMP.jfr" 2>&1 | tee -a "$LOG"
  fi
fi
if has w4 || has save; then
  echo "## W4 POST: one report-line save per request on the reporting API (validate and write one line)" | tee -a "$LOG"
  harness org.xiezuo.bench.WebLoad save $SAVE_RATES 2>&1 | tee -a "$LOG"
fi
if has t78; then
  echo "## T78 deadline rush (shortened to ${BENCH_T78_SECONDS:-45} s per rate)" | tee -a "$LOG"
  harness -Dseconds="${BENCH_T78_SECONDS:-45}" org.xiezuo.bench.WebLoad t78 $T78_RATES 2>&1 | tee -a "$LOG"
fi
if has t81; then
  echo "## T81 probe: simultaneous failed sign-ins against a pool of 10 connections (not part of T81's figures)" | tee -a "$LOG"
  harness org.xiezuo.bench.WebLoad burst 5 2>&1 | tee -a "$LOG"
  harness org.xiezuo.bench.WebLoad burst 15 2>&1 | tee -a "$LOG"
  sleep 35   # HikariCP's connection time-out (30 s) lets a starved pool go
  echo "## T81 brute force under load" | tee -a "$LOG"
  harness -Dt81.seconds="${BENCH_T81_SECONDS:-60}" -Dt81.perMinute="${BENCH_T81_PER_MINUTE:-1000}" \
      -Dt81.realRate="${BENCH_T81_REAL_RATE:-1}" org.xiezuo.bench.WebLoad t81 2>&1 | tee -a "$LOG"
fi

# 6. Summary.
{
  echo "## summary"
  awk '/^RESULT r4.max /{r4=$3} /^RESULT page.max /{p=$3}
       /^RESULT save.max /{sv=$3}
       END { if (r4 > 0 && p != "") printf "W4: R4 max sustained %s/s, page %s/s: ratio %.3f (goal >= 0.25)\n", r4, p, p / r4
             if (r4 > 0 && sv != "") printf "W4 POST: R4 max sustained %s/s, report-line save %s/s: ratio %.3f (goal >= 0.5)\n", r4, sv, sv / r4 }' "$LOG"
  echo "server log: $(grep -c 'Connection is not available' "$SERVER_LOG" || true) lines \"Connection is not available\"," \
       "$(grep -c ' ERROR ' "$SERVER_LOG" || true) ERROR lines"
} | tee -a "$LOG"
echo "results: $LOG"
