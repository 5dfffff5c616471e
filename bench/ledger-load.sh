#!/usr/bin/env bash
# Ledger throughput and commit latency on this machine (docs/benchmarks.md, "Ledger").
#
# Creates a fresh consortium with `carechain ledger genesis create`, gives each validator a fresh
# database (carechain_bench_<i>), starts the validators as ledger-service processes, then in one run:
#   1. the raw PostgreSQL ceiling (PostgresCeiling: 1,000-row INSERTs, 4 clients);
#   2. the ledger at its maximum rate (LedgerLoad --rate=0), committed throughput from the chain;
#   3. the ledger at half that rate, for submit-to-commit latency;
#   4. the PostgreSQL ceiling again, to show how much the host drifted during the run;
# and stops everything it started. Results go to $BENCH_WORK/results.txt (one RESULT line each).
#
# Build first: ./mvnw -o -B package -DskipTests -pl bench,ledger-service,cli -am
#
# Settings (environment):
#   VALIDATORS=4           validators (1 runs a single node, no consensus traffic)
#   BASE_PORT=9181         validator i listens on BASE_PORT+i (REST and gRPC)
#   MEASURE_SECONDS=60     measurement window of each ledger run, after WARMUP_SECONDS=15
#   BATCH=1000             transactions per SubmitBatch at full load (LATENCY_BATCH=100 at half load)
#   BACKLOG=5000           at full load, most accepted transactions not yet committed (keeps the mempool short)
#   LATENCY_RATE=          transactions/s of the latency run (default: half the measured maximum)
#   STEPS="pg max latency pg"  which measurements to run, in order
#   VALIDATOR_JAVA_OPTS    JVM options of each validator (default: LocalCluster's, -Xmx1g -XX:+UseSerialGC)
#   MAX_BLOCK_TX=, MAX_BLOCK_BYTES=  if set, the genesis's maxBlockTransactions and maxBlockBytes
#   PROFILE=1              record JFR on validator 0 ($BENCH_WORK/validator-0.jfr)
#   DB_PREFIX=carechain_bench_   validator i's database is <prefix><i>
#   PG_PLAN_CACHE_MODE=    if set, ALTER DATABASE ... SET plan_cache_mode on each validator database
#                          (force_custom_plan: plan every execution with its parameters)
#   FILL=                  with STEPS=fill: how many transactions to commit, as fast as they go
#   STEPS=proofs           GetInclusionProof p50/p99 and req/s at validator 0 (ProofLoad), after a fill
#   BENCH_WORK=/tmp/carechain-bench   consortium, logs and results
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-/tmp/carechain-bench}"
validators="${VALIDATORS:-4}"
base_port="${BASE_PORT:-9181}"
measure="${MEASURE_SECONDS:-60}"
warmup="${WARMUP_SECONDS:-15}"
batch="${BATCH:-1000}"
latency_batch="${LATENCY_BATCH:-100}"
steps="${STEPS:-pg max latency pg}"
java_opts="${VALIDATOR_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}"
db_prefix="${DB_PREFIX:-carechain_bench_}"
pg=(-h 127.0.0.1 -U postgres)

service_jar="$home/ledger-service/target/quarkus-app/quarkus-run.jar"
cli_jar="$home/cli/target/carechain-cli.jar"
bench_jar="$home/bench/target/benchmarks.jar"
for jar in "$service_jar" "$cli_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "missing $jar; build first: ./mvnw -o -B package -DskipTests -pl bench,ledger-service,cli -am" >&2; exit 2; }
done
psql "${pg[@]}" -Atqc 'SELECT 1' postgres >/dev/null || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 2; }

rm -rf "$work/consortium" "$work/logs"
mkdir -p "$work/logs"
results="$work/results.txt"

echo "== consortium: $validators validator(s), channel ehr, in $work/consortium"
java -jar "$cli_jar" ledger genesis create --chain-id carechain-bench --channel ehr --validators "$validators" \
  --validator-prefix bench-ledger- --submitter bench-submitter --out "$work/consortium"
if [ -n "${MAX_BLOCK_TX:-}" ]; then
  sed -i -E "s/\"maxBlockTransactions\" *: *[0-9]+/\"maxBlockTransactions\" : $MAX_BLOCK_TX/" "$work/consortium/genesis/ehr.json"
  grep -q "\"maxBlockTransactions\" : $MAX_BLOCK_TX" "$work/consortium/genesis/ehr.json"
fi
if [ -n "${MAX_BLOCK_BYTES:-}" ]; then
  sed -i -E "s/\"maxBlockBytes\" *: *[0-9]+/\"maxBlockBytes\" : $MAX_BLOCK_BYTES/" "$work/consortium/genesis/ehr.json"
fi
grep -E '"max|Millis"' "$work/consortium/genesis/ehr.json" | tr -d ' ,' | paste -sd' ' | sed 's/^/   genesis: /'

# The services refuse to start without a token verification key; the ledger's gRPC API needs none.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout -out "$work/jwt-public.pem"

peers=""
dbs=""
targets=""
for ((i = 0; i < validators; i++)); do
  peers+="${peers:+,}bench-ledger-$i=127.0.0.1:$((base_port + i))"
  targets+="${targets:+,}127.0.0.1:$((base_port + i))"
  dbs+="${dbs:+,}$db_prefix$i"
  dropdb "${pg[@]}" --if-exists "$db_prefix$i"
  createdb "${pg[@]}" "$db_prefix$i"
  if [ -n "${PG_PLAN_CACHE_MODE:-}" ]; then
    psql "${pg[@]}" -qc "ALTER DATABASE $db_prefix$i SET plan_cache_mode = $PG_PLAN_CACHE_MODE" postgres
  fi
done
dropdb "${pg[@]}" --if-exists "${db_prefix}pg"
createdb "${pg[@]}" "${db_prefix}pg"

pids=()
stop_validators() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_validators EXIT

echo "== starting $validators validator(s) on ports $base_port.. ($java_opts)"
for ((i = 0; i < validators; i++)); do
  opts="$java_opts"
  if [ "${PROFILE:-0}" = 1 ] && [ "$i" = 0 ]; then
    opts+=" -XX:StartFlightRecording=filename=$work/validator-0.jfr,settings=profile,dumponexit=true"
  fi
  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT=$((base_port + i)) QUARKUS_HTTP_HOST=127.0.0.1 \
    CARECHAIN_DB_HOST=127.0.0.1 CARECHAIN_DB_PORT=5432 CARECHAIN_DB_USER=postgres CARECHAIN_DB_PASSWORD= \
    CARECHAIN_DB_NAME="$db_prefix$i" \
    CARECHAIN_JWT_PUBLIC_KEY_LOCATION="file://$work/jwt-public.pem" \
    CARECHAIN_LEDGER_GENESIS_DIR="$work/consortium/genesis" CARECHAIN_LEDGER_NODE_ID="bench-ledger-$i" \
    CARECHAIN_LEDGER_VALIDATOR_KEY_FILE="$work/consortium/keys/bench-ledger-$i.key" CARECHAIN_LEDGER_PEERS="$peers" \
    java $opts -jar "$service_jar" >"$work/logs/bench-ledger-$i.log" 2>&1 &
  pids+=("$!")
done
for ((i = 0; i < validators; i++)); do
  for attempt in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$((base_port + i))/q/health/ready" >/dev/null && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "validator $i exited; see $work/logs/bench-ledger-$i.log" >&2; tail -20 "$work/logs/bench-ledger-$i.log" >&2; exit 1; }
    [ "$attempt" = 240 ] && { echo "validator $i not ready after 120 s" >&2; exit 1; }
    sleep 0.5
  done
done
echo "   ready: pids ${pids[*]}"

{
  echo "# $(date -u +%FT%TZ) validators=$validators batch=$batch measure=${measure}s warmup=${warmup}s java_opts='$java_opts' max_block_tx=${MAX_BLOCK_TX:-genesis default} plan_cache_mode=${PG_PLAN_CACHE_MODE:-default} autovacuum=$(psql "${pg[@]}" -Atc 'SHOW autovacuum' postgres) commit=$(git -C "$home" rev-parse --short HEAD)"
} >>"$results"

load() {
  java -cp "$bench_jar" org.carechain.bench.ledger.LedgerLoad \
    --submitter-key="$work/consortium/keys/bench-submitter.key" --targets="$targets" --dbs="$dbs" \
    --pids="$(IFS=,; echo "${pids[*]}")" --warmup="$warmup" --seconds="$measure" --out="$results" "$@"
}

max_rate=""
for step in $steps; do
  case "$step" in
    pg)
      echo "== PostgreSQL ceiling: 1,000-row INSERTs, 4 clients, 20 s"
      java -cp "$bench_jar" org.carechain.bench.ledger.PostgresCeiling --db="${db_prefix}pg" --out="$results"
      ;;
    max)
      echo "== ledger at its maximum rate"
      load --rate=0 --batch="$batch" --backlog="${BACKLOG:-5000}" --label=max | tee "$work/logs/load-max.txt"
      max_rate="$(grep -o 'tx_per_s=[0-9]*' "$work/logs/load-max.txt" | cut -d= -f2)"
      ;;
    latency)
      rate="${LATENCY_RATE:-$(( ${max_rate:-2000} / 2 ))}"
      echo "== ledger at $rate transactions/s, for latency"
      load --rate="$rate" --batch="$latency_batch" --label="latency" | tee "$work/logs/load-latency.txt"
      ;;
    fill)
      echo "== filling the chain with ${FILL:?set FILL} transactions"
      load --rate=0 --batch="$batch" --label=fill --warmup=0 --seconds=36000 --total="$FILL" | tee "$work/logs/load-fill.txt"
      ;;
    proofs)
      echo "== inclusion-proof serving by validator 0"
      java -cp "$bench_jar" org.carechain.bench.ledger.ProofLoad --target="127.0.0.1:$base_port" --db="${db_prefix}0" \
        --seconds="${PROOF_SECONDS:-30}" --concurrency="${PROOF_CONCURRENCY:-16}" --out="$results"
      ;;
    hold)
      echo "== validators stay up until $work/hold is deleted"
      touch "$work/hold"
      while [ -f "$work/hold" ]; do sleep 2; done
      ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done

stop_validators
echo "== results ($results)"
grep -v '^#' "$results" | tail -n 6
