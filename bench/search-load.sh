#!/usr/bin/env bash
# End-to-end search over gRPC on this machine (docs/benchmarks.md, "Search (end to end over gRPC)";
# issue #6: a 100-result search, verified and decrypted, p99 <= 5 ms).
#
# SearchLoad (bench/src/main/java/org/carechain/bench/search/) starts ONE search-service from its
# quarkus-run.jar in server mode only (CARECHAIN_SEARCH_SERVER_ENABLED=true,
# CARECHAIN_SEARCH_OWNER_ENABLED=false, CARECHAIN_SEARCH_SERVER_OWNERS=bench:<the driver's owner key>)
# with a fresh database $DB on 127.0.0.1:5432, on a free port. The driver plays the owner with the
# real scheme (crypto/sse): probe keywords with exactly PROBES results plus FILLER other pairs over
# FILLER_KEYWORDS keywords (Zipf), pushed with signed PutUpdates in epochs of EPOCH_SIZE entries,
# and a signed statement per probe at the last epoch. Then it plays the user, closed loop, one
# blocking search per client thread: Search over gRPC -> SearchVerifier.verify ->
# SearchResults.decrypt, WARMUP_SECONDS + MEASURE_SECONDS per probe (CLIENTS=1, and 2 for the
# probes in MULTI_CLIENT_PROBES). Components in the same run, BASELINE_SECONDS each: the bare gRPC
# Search, verify+decrypt in-process, the server's SQL query over JDBC. Not in the loop: the token
# (an HTTP round trip to the owner) and the ledger read of the latest anchored epoch.
# Every window records the load average before and after, and the CPU cores used by search-service,
# its PostgreSQL backends, the driver and the machine. The service is stopped and $DB dropped on
# exit (KEEP_DB=true keeps it). Results: RESULT lines appended to $BENCH_WORK/results.txt.
#
# Build first (package only; never install):
#   ./mvnw -B -o -q -pl search-service,bench package -DskipTests
#
# Settings (environment):
#   PROBES=1,10,100,1000,10000  FILLER=200000  FILLER_KEYWORDS=10000  EPOCH_SIZE=50000
#   CLIENTS=1,2  MULTI_CLIENT_PROBES=100  WARMUP_SECONDS=3  MEASURE_SECONDS=20  BASELINE_SECONDS=5
#   GLOBAL_WARMUP_SECONDS=15  SERVICE_JAVA_OPTS (default -Xmx512m -XX:+UseSerialGC)
#   DRIVER_JAVA_OPTS (default -Xmx1g)  DB=carechain_search_bench  KEEP_DB=false
#   BENCH_WORK=/tmp/carechain-searchbench  BENCH_JAR
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-/tmp/carechain-searchbench}"
bench_jar="${BENCH_JAR:-$home/bench/target/benchmarks.jar}"
build="./mvnw -B -o -q -pl search-service,bench package -DskipTests"
for jar in "$bench_jar" "$home/search-service/target/quarkus-app/quarkus-run.jar"; do
  [ -f "$jar" ] || { echo "missing $jar; build first: $build" >&2; exit 2; }
done
psql -h 127.0.0.1 -U postgres -Atqc 'SELECT 1' postgres >/dev/null || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 2; }

mkdir -p "$work"
results="$work/results.txt"
echo "# $(date -u +%FT%TZ) before: $(uptime)" >>"$results"
# shellcheck disable=SC2086
java ${DRIVER_JAVA_OPTS:--Xmx1g} -cp "$bench_jar" org.carechain.bench.search.SearchLoad --home="$home" --work="$work" \
  --db="${DB:-carechain_search_bench}" --keep-db="${KEEP_DB:-false}" --probes="${PROBES:-1,10,100,1000,10000}" \
  --filler="${FILLER:-200000}" --filler-keywords="${FILLER_KEYWORDS:-10000}" --epoch-size="${EPOCH_SIZE:-50000}" \
  --clients="${CLIENTS:-1,2}" --multi-client-probes="${MULTI_CLIENT_PROBES:-100}" --warmup="${WARMUP_SECONDS:-3}" \
  --seconds="${MEASURE_SECONDS:-20}" --baseline-seconds="${BASELINE_SECONDS:-5}" --global-warmup="${GLOBAL_WARMUP_SECONDS:-15}" \
  --service-java-opts="${SERVICE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}" \
  --commit="$(git -C "$home" rev-parse --short HEAD)" --out="$results"
echo "# $(date -u +%FT%TZ) after: $(uptime)" >>"$results"
echo "== results ($results)"
sed -n '/search-load nproc/,$p' "$results" | tail -n 30
