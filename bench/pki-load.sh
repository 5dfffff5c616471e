#!/usr/bin/env bash
# End-to-end PKI load on this machine (docs/benchmarks.md, "PKI: certificate issuance and OCSP").
#
# PkiLoad (bench/src/main/java/org/carechain/bench/pki/) starts a private network as
# certificate-service's PkiNetwork test resource does, from the built quarkus-run.jars: one
# ledger-service validator hosting rbc and cbc (cbc genesis app state: the ConsortiumGenesis with two
# CA roots and the escrow key), registration-service, and certificate-service for the first CA, each
# with a fresh database (${DB_PREFIX}ledger, ${DB_PREFIX}registration, ${DB_PREFIX}certificate) on
# 127.0.0.1:5432. The services trust a registrar JWT key the driver generates. It enrols PEOPLE
# persons, then runs the steps in STEPS:
#   issue   ISSUE_CLIENTS closed-loop async clients POST /api/v1/certificates (Ed25519 CSRs made
#           beforehand, outside the timed window; credentials round-robin) for WARMUP_SECONDS +
#           MEASURE_SECONDS; throughput of 201s whose record was committed on cbc, p50/p95/p99.
#           Baselines in the same run, one thread: bare AnonymousCertificateIssuer.issue, the CA's
#           whole in-process work per request, and BC Ed25519 / JDK ECDSA P-256 / RSA-2048 signing;
#           the cbc blocks committed in the window (from the ledger's ledger_block);
#   ocsp    DER OCSP requests (SHA-1 CertID, no nonce) for the issued serials, POST /ocsp from
#           OCSP_CLIENTS closed-loop async clients; baseline: OcspResponder's cached path in-process.
# Every window records the load average before and after and CPU cores used per process.
# Everything it started is stopped on exit. Results: RESULT lines appended to $BENCH_WORK/results.txt.
#
# Build first (package only; never install):
#   ./mvnw -o -B -q package -DskipTests -pl proto,crypto,ledger-core,ehr,consensus,service-support,ledger-service,registration-service,certificate-service,cli,bench
#
# Settings (environment):
#   PEOPLE=200  ISSUE_CLIENTS=128  OCSP_CLIENTS=16  WARMUP_SECONDS=10  MEASURE_SECONDS=30
#   BASELINE_SECONDS=5  STEPS="issue ocsp"  OCSP_SERIALS=10000
#   SERVICE_JAVA_OPTS (default -Xmx512m -XX:+UseSerialGC)   DRIVER_JAVA_OPTS (default -Xmx1g)
#   CERTIFICATE_EXTRA_OPTS  more JVM options for certificate-service only, e.g. a diagnostic
#                           -Dquarkus.datasource.reactive.max-size=50 (PostgreSQL here allows 100 connections)
#   DB_PREFIX=carechain_pkibench_   BENCH_WORK=/tmp/carechain-pkibench   BENCH_JAR
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-/tmp/carechain-pkibench}"
bench_jar="${BENCH_JAR:-$home/bench/target/benchmarks.jar}"
build="./mvnw -o -B -q package -DskipTests -pl proto,crypto,ledger-core,ehr,consensus,service-support,ledger-service,registration-service,certificate-service,cli,bench"
for jar in "$bench_jar" "$home"/{ledger,registration,certificate}-service/target/quarkus-app/quarkus-run.jar; do
  [ -f "$jar" ] || { echo "missing $jar; build first: $build" >&2; exit 2; }
done
psql -h 127.0.0.1 -U postgres -Atqc 'SELECT 1' postgres >/dev/null || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 2; }

mkdir -p "$work"
results="$work/results.txt"
steps="${STEPS:-issue ocsp}"
echo "# $(date -u +%FT%TZ) before: $(uptime)" >>"$results"
# shellcheck disable=SC2086
java ${DRIVER_JAVA_OPTS:--Xmx1g} -cp "$bench_jar" org.carechain.bench.pki.PkiLoad --home="$home" --work="$work" \
  --db-prefix="${DB_PREFIX:-carechain_pkibench_}" --people="${PEOPLE:-200}" --issue-clients="${ISSUE_CLIENTS:-128}" \
  --ocsp-clients="${OCSP_CLIENTS:-16}" --warmup="${WARMUP_SECONDS:-10}" --seconds="${MEASURE_SECONDS:-30}" \
  --baseline-seconds="${BASELINE_SECONDS:-5}" --ocsp-serials="${OCSP_SERIALS:-10000}" --steps="${steps// /,}" \
  --service-java-opts="${SERVICE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}" --certificate-extra-opts="${CERTIFICATE_EXTRA_OPTS:-}" \
  --commit="$(git -C "$home" rev-parse --short HEAD)" --out="$results"
echo "# $(date -u +%FT%TZ) after: $(uptime)" >>"$results"
echo "== results ($results)"
sed -n '/pki-load nproc/,$p' "$results" | tail -n 20
