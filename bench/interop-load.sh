#!/usr/bin/env bash
# Consent decisions with 100,000 grants on the chain, and a 50-record verified exchange between two
# local providers (docs/benchmarks.md, "Consent and record exchange"; issue #8: decision p99 <= 2 ms,
# exchange p99 <= 200 ms).
#
# InteropLoad (bench/src/main/java/org/carechain/bench/interop/) starts two ledger validators from
# ledger-service's quarkus-run.jar (gw-a and gw-b, one ehr chain), each the gateway of one provider
# (hospitalA, hospitalB) with change capture of its own fresh EHR database; hospitalB's holds one
# synthetic patient with RECORDS Observations (~1 kB of jsonb each). Once capture has put them on the
# chain, the driver submits GRANTS consent grants (4 per synthetic patient, providers and clinicians,
# permits and denies; one permit of hospitalA for the bench patient) and waits for their blocks.
# Then, closed loop on one client thread, WARMUP_SECONDS + MEASURE_SECONDS each:
#   consent-decision   POST /api/v1/consent/decision at gw-a about a random patient (auditor token)
#   baseline           GET /api/v1/ledger/ehr/significance at gw-a (JWT, one indexed query, JSON)
#   exchange           a clinician at hospitalA fetches the patient's Observations from hospitalB:
#                      REST at gw-a, gRPC to gw-b, consent, EHR read, access event admitted, bundle
#                      sealed to the clinician's Ed25519 certificate key, per-record proofs at gw-a;
#                      then the client opens the bundle and verifies every record against the genesis
#                      (a run fails if fewer than RECORDS verify); the HTTP part and open+verify are
#                      also reported alone.
# Results: RESULT lines in $BENCH_WORK/results.txt, with the load average before and after.
#
# Build first (package only; never install): ./mvnw -B -o -q -pl ledger-service,bench package -DskipTests
#
# Settings (environment): GRANTS=100000 RECORDS=50 WARMUP_SECONDS=10 MEASURE_SECONDS=30
#   SERVICE_JAVA_OPTS (default -Xmx768m -XX:+UseSerialGC) DRIVER_JAVA_OPTS (default -Xmx1g)
#   DB_PREFIX=carechain_interopbench_ BENCH_WORK=/tmp/carechain-interopbench BENCH_JAR
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="${BENCH_JAR:-$home/bench/target/benchmarks.jar}"
export LEDGER_JAR="${LEDGER_JAR:-$home/ledger-service/target/quarkus-app/quarkus-run.jar}"
for jar in "$bench_jar" "$LEDGER_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar; build first: ./mvnw -B -o -q -pl ledger-service,bench package -DskipTests" >&2; exit 2; }
done
psql -h 127.0.0.1 -U postgres -Atqc 'SELECT 1' postgres >/dev/null || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 2; }
[ "$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW wal_level' postgres)" = logical ] || {
  echo "change capture needs wal_level=logical" >&2; exit 2; }
echo "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
exec java ${DRIVER_JAVA_OPTS:--Xmx1g} -cp "$bench_jar" org.carechain.bench.interop.InteropLoad
