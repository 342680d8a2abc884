#!/usr/bin/env bash
# PERFORMANCE.md W4's secondary guards: Xiezuo's start-up time and idle RSS against a blank Spring Boot
# application with the same starters (bench/src/startup: an empty @SpringBootApplication on Xiezuo's
# runtime class path without Xiezuo's own classes), started alternately in one run on the same machine.
# Not part of `mvn verify`. Both run with -Xmx512m on PostgreSQL: Xiezuo as bench/web-load.sh starts it
# (profiles prod,bench, its own database xiezuo_webbench, migrated on the first start), the blank one on an
# empty database of its own (xiezuo_blank, recreated), so neither finds work the other has not.
#   BENCH_STARTS [3]  starts of each   BENCH_IDLE [10]  seconds after "started" before RSS is read
#   MVN_OFFLINE=-o   BENCH_PG_ADMIN ["-h 127.0.0.1 -U postgres"]   BENCH_PORT [18090]
# "Started" = the first HTTP answer of /actuator/health (any status: the blank application's security
# asks for a password), timed from the launch of the JVM; the log's "Started … in N seconds" is shown too.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/startup
mkdir -p "$OUT"
STARTS=${BENCH_STARTS:-3}
IDLE=${BENCH_IDLE:-10}
PORT=${BENCH_PORT:-18090}
ADMIN=${BENCH_PG_ADMIN:--h 127.0.0.1 -U postgres}

mvn -q ${MVN_OFFLINE:-} -DskipTests compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$OUT/runtime-classpath.txt" >/dev/null
RUNTIME=$(cat "$OUT/runtime-classpath.txt")
rm -rf "$OUT/classes"
javac -nowarn -encoding UTF-8 -proc:none --release 17 -d "$OUT/classes" -cp "$RUNTIME" $(find bench/src/startup -name '*.java')
psql $ADMIN -q -v ON_ERROR_STOP=1 -d postgres -c "drop database if exists xiezuo_blank" -c "create database xiezuo_blank owner xiezuo" >/dev/null
psql $ADMIN -At -d postgres -c "select 1 from pg_database where datname = 'xiezuo_webbench'" | grep -q 1 \
  || psql $ADMIN -q -d postgres -c "create database xiezuo_webbench owner xiezuo" >/dev/null

LOG=$OUT/results-$(date +%Y%m%d-%H%M%S).txt
echo "# $(date -Is) bench/startup.sh: $STARTS starts each, RSS after $IDLE s; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)" | tee "$LOG"

# start NAME CLASSPATH MAIN ARGS…: prints "NAME ms-to-first-answer log-seconds rss-kB"
start() {
  local name=$1 cp=$2 main=$3; shift 3
  local log="$OUT/$name.log" t0 t1 pid code
  t0=$(date +%s%N)
  java -Xmx512m -Djava.io.tmpdir="$OUT" -cp "$cp" "$main" --server.port=$PORT "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health" || true)
    [ "$code" != "000" ] && break
    kill -0 $pid 2>/dev/null || { echo "$name did not start; see $log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  sleep "$IDLE"
  local rss; rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  local started; started=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$log" | grep -o '[0-9.]* seconds' | cut -d' ' -f1)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$name $(( (t1 - t0) / 1000000 )) ${started:-?} $rss"
}

for i in $(seq 1 "$STARTS"); do
  start blank "$OUT/classes:$RUNTIME" org.xiezuo.blank.BlankApplication \
      --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/xiezuo_blank --spring.datasource.username=xiezuo \
      --spring.datasource.password=xiezuo --spring.main.banner-mode=off | tee -a "$LOG"
  start xiezuo "$ROOT/target/classes:$RUNTIME" org.xiezuo.XiezuoApplication --spring.profiles.active=prod,bench \
      --spring.config.additional-location=file:bench/web/bench.properties | tee -a "$LOG"
done

awk '
  { ms[$1] = ms[$1] " " $2; rss[$1] = rss[$1] " " $4 }
  function median(list,   a, n, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  END {
    bm = median(ms["blank"]); xm = median(ms["xiezuo"]); br = median(rss["blank"]); xr = median(rss["xiezuo"])
    printf "start-up (median, launch to first answer): blank %d ms, Xiezuo %d ms: ratio %.2f (goal <= 1.5)\n", bm, xm, xm / bm
    printf "idle RSS (median): blank %.0f MB, Xiezuo %.0f MB: ratio %.2f (goal <= 2)\n", br / 1024, xr / 1024, xr / br
  }' "$LOG" | tee -a "$LOG"
echo "results: $LOG"
