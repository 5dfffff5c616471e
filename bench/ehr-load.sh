#!/usr/bin/env bash
# EHR change-capture lag and the ledger-alone baseline on this machine (docs/benchmarks.md,
# "EHR capture lag"), and the ListRecords streaming rate.
#
# Creates a fresh consortium with `carechain ledger genesis create` (submitters bench-submitter for
# the synthetic load and bench-capture for change capture), gives each validator a fresh database
# (carechain_ehrbench_<i>) and an EHR database (carechain_ehrbench_capture, schema applied) that
# validator 0 captures (CARECHAIN_CAPTURE_*, slot carechain_ehrbench_capture), starts the validators
# as ledger-service processes, then runs the steps in STEPS:
#   seed          EhrSeeder writes PATIENTS patients into a staging database (carechain_ehrbench_seed),
#                 copied into the EHR database in transactions of SEED_ROWS_PER_TX=1000 rows (EhrSeeder's
#                 own 20,000-row transactions stalled the chain here: docs/benchmarks.md); waits until capture has
#                 committed every seeded row on the chain (transactions in validator 1's ledger_block; run it first);
#   ledger-<rate> the ledger alone: LedgerLoad at <rate> synthetic record events/s (batches of rate/10),
#                 submit-to-commit latency from the chain;
#   capture-<rate> CaptureLag: UPDATEs at <rate> changes/s into the EHR database (transactions of
#                 rate/50 rows), lag from each change's commit in the EHR database (the event's
#                 committed_at_millis) to its block's arrival on StreamBlocks from validator 1;
#   list          ListRecordsRate: validator 3 streams the provider's record listing, 3 times;
#   max           the ledger alone at its maximum rate (LedgerLoad --rate=0);
# and stops everything it started and drops its replication slot. Results go to
# $BENCH_WORK/results.txt (one RESULT line each; `uptime` before and after each step).
#
# Build first: ./mvnw -o -B package -DskipTests -pl bench,ledger-service,cli -am
#
# Settings (environment):
#   VALIDATORS=4  BASE_PORT=9281  MEASURE_SECONDS=60  WARMUP_SECONDS=15  PATIENTS=2000
#   DRAIN_SECONDS=120   after a capture window, how long to wait for its changes to reach the chain
#   STEPS="seed ledger-1000 capture-1000 ledger-5000 capture-5000 list"
#   VALIDATOR_JAVA_OPTS (default -Xmx1g -XX:+UseSerialGC, as LocalCluster)
#   DB_PREFIX=carechain_ehrbench_   BENCH_WORK=/tmp/carechain-ehrbench
#   BENCH_JAR, CLI_JAR     other copies of the jars (e.g. while a build rewrites target/)
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-/tmp/carechain-ehrbench}"
validators="${VALIDATORS:-4}"
base_port="${BASE_PORT:-9281}"
measure="${MEASURE_SECONDS:-60}"
warmup="${WARMUP_SECONDS:-15}"
drain="${DRAIN_SECONDS:-120}"
patients="${PATIENTS:-2000}"
steps="${STEPS:-seed ledger-1000 capture-1000 ledger-5000 capture-5000 list}"
java_opts="${VALIDATOR_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}"
db_prefix="${DB_PREFIX:-carechain_ehrbench_}"
ehr_db="${db_prefix}capture"
slot="${db_prefix}capture"
provider="bench-ledger-0"
pg=(-h 127.0.0.1 -U postgres)

service_jar="$home/ledger-service/target/quarkus-app/quarkus-run.jar"
cli_jar="${CLI_JAR:-$home/cli/target/carechain-cli.jar}"
bench_jar="${BENCH_JAR:-$home/bench/target/benchmarks.jar}"
for jar in "$service_jar" "$cli_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "missing $jar; build first: ./mvnw -o -B package -DskipTests -pl bench,ledger-service,cli -am" >&2; exit 2; }
done
psql "${pg[@]}" -Atqc 'SELECT 1' postgres >/dev/null || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 2; }
[ "$(psql "${pg[@]}" -Atc 'SHOW wal_level' postgres)" = logical ] || {
  echo "change capture needs wal_level=logical: ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL" >&2; exit 2; }

drop_slot() {
  psql "${pg[@]}" -Atqc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$slot' AND NOT active" postgres >/dev/null || true
}

rm -rf "$work/consortium" "$work/logs" "$work/provider-keys"
mkdir -p "$work/logs"
results="$work/results.txt"

echo "== consortium: $validators validator(s), channel ehr, in $work/consortium"
java -jar "$cli_jar" ledger genesis create --chain-id carechain-ehrbench --channel ehr --validators "$validators" \
  --validator-prefix bench-ledger- --submitter bench-submitter,bench-capture --out "$work/consortium"
grep -E '"max|Millis"' "$work/consortium/genesis/ehr.json" | tr -d ' ,' | paste -sd' ' | sed 's/^/   genesis: /'
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout -out "$work/jwt-public.pem"

peers=""
dbs=""
targets=""
drop_slot
for ((i = 0; i < validators; i++)); do
  peers+="${peers:+,}bench-ledger-$i=127.0.0.1:$((base_port + i))"
  targets+="${targets:+,}127.0.0.1:$((base_port + i))"
  dbs+="${dbs:+,}$db_prefix$i"
  dropdb "${pg[@]}" --if-exists "$db_prefix$i"
  createdb "${pg[@]}" "$db_prefix$i"
done
dropdb "${pg[@]}" --if-exists "$ehr_db"
createdb "${pg[@]}" "$ehr_db"
psql "${pg[@]}" -qf "$home/ehr/src/main/resources/org/carechain/ehr/db/schema.sql" "$ehr_db"
# Provider keys for the captured database (EhrSeed writes fresh ones).
java -cp "$bench_jar" org.carechain.bench.ehr.EhrSeed --db="$ehr_db" --provider="$provider" --patients=0 \
  --keys-dir="$work/provider-keys" >/dev/null

pids=()
stop_validators() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  pids=()
  drop_slot
}
trap stop_validators EXIT

echo "== starting $validators validator(s) on ports $base_port.. ($java_opts); validator 0 captures $ehr_db"
for ((i = 0; i < validators; i++)); do
  capture=()
  if [ "$i" = 0 ]; then
    capture=(CARECHAIN_CAPTURE_ENABLED=true CARECHAIN_CAPTURE_PROVIDER="$provider" CARECHAIN_CAPTURE_DB_NAME="$ehr_db"
      CARECHAIN_CAPTURE_SLOT="$slot" CARECHAIN_CAPTURE_PUBLICATION="$slot" CARECHAIN_CAPTURE_KEYS_DIR="$work/provider-keys"
      CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE="$work/consortium/keys/bench-capture.key")
  fi
  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT=$((base_port + i)) QUARKUS_HTTP_HOST=127.0.0.1 \
    CARECHAIN_DB_HOST=127.0.0.1 CARECHAIN_DB_PORT=5432 CARECHAIN_DB_USER=postgres CARECHAIN_DB_PASSWORD= \
    CARECHAIN_DB_NAME="$db_prefix$i" \
    CARECHAIN_JWT_PUBLIC_KEY_LOCATION="file://$work/jwt-public.pem" \
    CARECHAIN_LEDGER_GENESIS_DIR="$work/consortium/genesis" CARECHAIN_LEDGER_NODE_ID="bench-ledger-$i" \
    CARECHAIN_LEDGER_VALIDATOR_KEY_FILE="$work/consortium/keys/bench-ledger-$i.key" CARECHAIN_LEDGER_PEERS="$peers" \
    "${capture[@]}" java $java_opts -jar "$service_jar" >"$work/logs/bench-ledger-$i.log" 2>&1 &
  pids+=("$!")
done
for ((i = 0; i < validators; i++)); do
  for attempt in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$((base_port + i))/q/health/ready" >/dev/null && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "validator $i exited; see $work/logs/bench-ledger-$i.log" >&2; tail -20 "$work/logs/bench-ledger-$i.log" >&2; exit 1; }
    [ "$attempt" = 240 ] && { echo "validator $i not ready after 120 s" >&2; tail -20 "$work/logs/bench-ledger-$i.log" >&2; exit 1; }
    sleep 0.5
  done
done
echo "   ready: pids ${pids[*]}"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# $(date -u +%FT%TZ) ehr-load validators=$validators patients=$patients measure=${measure}s warmup=${warmup}s drain=${drain}s java_opts='$java_opts' nproc=$(nproc) cpu='$cpu' ram_kb=$(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2) commit=$(git -C "$home" rev-parse --short HEAD)" >>"$results"

# Transactions on the chain (cheap; before any load step, only capture submits).
committed_tx() {
  psql "${pg[@]}" -Atc "SELECT COALESCE(sum(tx_count), 0) FROM ledger_block WHERE channel = 'ehr'" "${db_prefix}1"
}

for step in $steps; do
  echo "# before $step: $(uptime)" >>"$results"
  case "$step" in
    seed)
      echo "== seeding $patients patients into $ehr_db; capture records them"
      start=$(date +%s.%N)
      dropdb "${pg[@]}" --if-exists "${db_prefix}seed"
      createdb "${pg[@]}" "${db_prefix}seed"
      java -cp "$bench_jar" org.carechain.bench.ehr.EhrSeed --db="$ehr_db" --staging-db="${db_prefix}seed" \
        --rows-per-tx="${SEED_ROWS_PER_TX:-1000}" --provider="$provider" --patients="$patients" | tee "$work/logs/seed.txt"
      grep RESULT "$work/logs/seed.txt" >>"$results"
      rows="$(psql "${pg[@]}" -Atc 'SELECT count(*) FROM fhir_resource' "$ehr_db")"
      for attempt in $(seq 1 1200); do
        n="$(committed_tx)"
        [ "$n" -ge "$rows" ] && break
        [ "$attempt" = 1200 ] && { echo "capture committed only $n of $rows seeded rows in 20 minutes" >&2; exit 1; }
        sleep 1
      done
      line="$(awk -v s="$start" -v e="$(date +%s.%N)" -v r="$rows" 'BEGIN { printf "RESULT label=seed-captured rows=%d seconds=%.1f rows_per_s=%.0f (seeding included)", r, e - s, r / (e - s) }')"
      echo "$line" | tee -a "$results"
      ;;
    ledger-*)
      rate="${step#ledger-}"
      echo "== the ledger alone at $rate synthetic record events/s"
      java -cp "$bench_jar" org.carechain.bench.ledger.LedgerLoad \
        --submitter-key="$work/consortium/keys/bench-submitter.key" --targets="$targets" --dbs="$dbs" \
        --pids="$(IFS=,; echo "${pids[*]}")" --warmup="$warmup" --seconds="$measure" --drain="$drain" --out="$results" \
        --rate="$rate" --batch="$(( rate / 10 ))" --label="ledger-$rate" | tee "$work/logs/$step.txt"
      ;;
    capture-*)
      rate="${step#capture-}"
      echo "== capture of $rate changes/s"
      java -cp "$bench_jar" org.carechain.bench.ehr.CaptureLag --ehr-db="$ehr_db" --provider="$provider" \
        --stream="127.0.0.1:$((base_port + 1))" --rate="$rate" --warmup="$warmup" --seconds="$measure" --drain="$drain" \
        --label="capture-$rate" --out="$results" | tee "$work/logs/$step.txt"
      echo "   slot: $(psql "${pg[@]}" -Atc "SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)) FROM pg_replication_slots WHERE slot_name = '$slot'" postgres) of WAL not yet confirmed" | tee -a "$results"
      ;;
    list)
      echo "== ListRecords of $provider from validator $((validators - 1))"
      java -cp "$bench_jar" org.carechain.bench.ehr.ListRecordsRate --target="127.0.0.1:$((base_port + validators - 1))" \
        --provider="$provider" --repeat=3 --out="$results"
      ;;
    max)
      echo "== the ledger alone at its maximum rate"
      java -cp "$bench_jar" org.carechain.bench.ledger.LedgerLoad \
        --submitter-key="$work/consortium/keys/bench-submitter.key" --targets="$targets" --dbs="$dbs" \
        --pids="$(IFS=,; echo "${pids[*]}")" --warmup="$warmup" --seconds="$measure" --out="$results" \
        --rate=0 --batch=1000 --backlog=5000 --label=ledger-max | tee "$work/logs/max.txt"
      ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
  echo "# after $step: $(uptime)" >>"$results"
done

stop_validators
echo "== results ($results)"
sed -n "/ehr-load validators/,\$p" "$results" | tail -n 30
