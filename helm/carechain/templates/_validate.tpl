{{/*
Settings the schema cannot reject on its own. Each check adds one message that says what is wrong
and how to fix it; the install fails with all of them at once.
*/}}
{{- define "carechain.validate" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- $fullname := include "carechain.fullname" . -}}

{{- if gt (len $fullname) 40 -}}
{{- $errors = append $errors (printf "resource prefix %q is %d characters; with suffixes such as -ledger-headless it would exceed Kubernetes name limits. Fix: use a release name of at most 40 characters, or set fullnameOverride." $fullname (len $fullname)) -}}
{{- end -}}

{{- if not (or $v.ledger.enabled $v.registration.enabled $v.certificate.enabled $v.search.owner.enabled $v.search.server.enabled) -}}
{{- $errors = append $errors "every service is disabled, so there is nothing to deploy. Fix: enable at least one of ledger, registration, certificate, search.owner, search.server." -}}
{{- end -}}

{{/* Ledger */}}
{{- if $v.ledger.enabled -}}
{{- $n := int (include "carechain.ledger.totalValidators" .) -}}
{{- if and $v.ledger.bft.enabled (lt $n 4) -}}
{{- $errors = append $errors (printf "ledger: %d validator(s) with ledger.bft.enabled=true; Byzantine fault tolerance needs n >= 3f+1 with f >= 1, so at least 4. Fix: set ledger.validators=4 (7 tolerates 2 faults), or for a single-node evaluation set ledger.bft.enabled=false." $n) -}}
{{- end -}}
{{- $capture := $v.ledger.capture -}}
{{- if $capture.enabled -}}
{{- if not $capture.database.host -}}
{{- $errors = append $errors "ledger.capture.enabled=true, but ledger.capture.database.host is empty, so the validators have no EHR database to capture. Fix: set ledger.capture.database.host to the EHR PostgreSQL server (wal_level=logical), or set ledger.capture.enabled=false." -}}
{{- end -}}
{{- if and $capture.database.names (ne (len $capture.database.names) (int $v.ledger.validators)) -}}
{{- $errors = append $errors (printf "ledger.capture.database.names lists %d database(s) for %d validator(s); validator i captures item i. Fix: list exactly one EHR database per validator (ledger.validators=%d), or empty names to use <namePrefix>_<pod index>." (len $capture.database.names) (int $v.ledger.validators) (int $v.ledger.validators)) -}}
{{- end -}}
{{- end -}}
{{- $local := list -}}
{{- range $i := until (int $v.ledger.validators) -}}
{{- $local = append $local (printf "%s-ledger-%d" $fullname $i) -}}
{{- end -}}
{{- $seen := list -}}
{{- range $v.ledger.externalPeers -}}
{{- if or (has .id $local) (has .id $seen) -}}
{{- $errors = append $errors (printf "ledger.externalPeers: validator id %q appears twice (this release's validators are %s). Fix: give every validator a unique id." .id (join ", " $local)) -}}
{{- end -}}
{{- $seen = append $seen .id -}}
{{- end -}}
{{- end -}}

{{/* Genesis files: read by the validators and by certificate-service's CA (cbc.json). */}}
{{- if (include "carechain.ledger.genesisUsed" .) -}}
{{- $files := $v.ledger.genesis.files -}}
{{- $given := 0 -}}
{{- range $channel := list "ehr" "rbc" "cbc" "search" -}}
{{- if index $files $channel -}}{{- $given = add1 $given -}}{{- end -}}
{{- end -}}
{{- if and (gt $given 0) (lt $given 4) -}}
{{- $errors = append $errors (printf "ledger.genesis.files: %d of the 4 channel genesis files are set. Fix: pass all four (--set-file ledger.genesis.files.ehr=ehr.json, likewise rbc, cbc, search), or none and create the ConfigMap %s yourself." $given (include "carechain.ledger.genesisConfigMapName" .)) -}}
{{- end -}}
{{- if and (gt $given 0) $v.ledger.genesis.existingConfigMap -}}
{{- $errors = append $errors "ledger.genesis: both files and existingConfigMap are set. Fix: keep one of them." -}}
{{- end -}}
{{- end -}}

{{/* Privacy-aware PKI: the registration authority's and the CA's keys. */}}
{{- if (include "carechain.registration.keysEnabled" .) -}}
{{- if not $v.registration.keys.escrowPublicKey -}}
{{- $errors = append $errors (printf "registration.keys.enabled=true, but registration.keys.escrowPublicKey is empty, so identities could not be sealed for the consortium escrow key. Fix: set registration.keys.escrowPublicKey to the consortium's X25519 escrow public key (64 hex digits, the one in the cbc genesis), and create the Secret %s with submitter.key, credential.key and commitment.key; or set registration.keys.enabled=false (registration then answers 503)." (include "carechain.registration.keysSecretName" .)) -}}
{{- end -}}
{{- end -}}
{{- if (include "carechain.certificate.caEnabled" .) -}}
{{- if not (include "carechain.certificate.publicUrl" .) -}}
{{- $errors = append $errors "certificate.ca.enabled=true, but certificate.publicUrl is empty and certificate.ingress is off, so certificates would name an OCSP and CRL address no relying party can reach. Fix: set certificate.publicUrl to the CA's external URL (e.g. https://ca.example.org; the CA serves /ocsp and /crl under it), or enable certificate.ingress." -}}
{{- end -}}
{{- if and $v.registration.enabled (not $v.registration.keys.enabled) -}}
{{- $errors = append $errors "certificate.ca.enabled=true, but registration.keys.enabled=false, so this release's registration-service cannot vouch for registration credentials and every issuance would fail. Fix: enable registration.keys (with its Secret and escrowPublicKey), or set registration.enabled=false and endpoints.registration.host to an RBC node that has its keys." -}}
{{- end -}}
{{- end -}}

{{/* Search: the owner's provider, EHR database and keys; the owners a server hosts. */}}
{{- $owner := $v.search.owner -}}
{{- if $owner.enabled -}}
{{- if not $owner.provider -}}
{{- $errors = append $errors "search.owner.enabled=true, but search.owner.provider is empty, so the owner would not know whose records to index. Fix: set search.owner.provider to the provider id its record events carry (e.g. hospital1), the owner name the search server knows it by; or set search.owner.enabled=false." -}}
{{- end -}}
{{- if not $owner.ehrDatabase -}}
{{- $errors = append $errors (printf "search.owner.enabled=true, but search.owner.ehrDatabase is empty, so the owner has no EHR database to read the indexed records from. Fix: set search.owner.ehrDatabase to the provider's EHR database on %s:%v (the owner's own database server)." (include "carechain.db.host" .) $v.postgresql.port) -}}
{{- end -}}
{{- if not $owner.providerKeys.existingSecret -}}
{{- $errors = append $errors (printf "search.owner.enabled=true, but search.owner.providerKeys.existingSecret is empty, so the owner could not decrypt the provider's records. Fix: name the Secret holding <prefix>content-salt.key, <prefix>record.key and patient.key, e.g. the ledger's capture keys Secret %s with search.owner.providerKeys.prefix=<pod-name>. of the provider's validator; the owner keys come from the Secret %s (owner.key, master.key)." (include "carechain.ledger.captureSecretName" .) (include "carechain.search.ownerKeysSecretName" .)) -}}
{{- end -}}
{{- if not (or $v.search.server.enabled $v.endpoints.searchServer.host) -}}
{{- $errors = append $errors "search.owner.enabled=true, but search.server.enabled=false and endpoints.searchServer.host is empty, so the owner has no search server to push its encrypted entries to. Fix: enable search.server, or set endpoints.searchServer.host (and port) to the search server outside this release." -}}
{{- end -}}
{{- end -}}
{{- if $v.search.server.enabled -}}
{{- $hosted := list -}}
{{- range $v.search.server.owners -}}
{{- if has .owner $hosted -}}
{{- $errors = append $errors (printf "search.server.owners lists owner %q twice. Fix: list each owner once, with the public key of its current owner.key." .owner) -}}
{{- end -}}
{{- $hosted = append $hosted .owner -}}
{{- end -}}
{{- if not $hosted -}}
{{- $errors = append $errors "search.server.enabled=true, but search.server.owners is empty, so the server would refuse every owner's push. Fix: list each owner it hosts as {owner: <provider>, publicKey: <64 hex digits, the Ed25519 public key of its owner.key>}." -}}
{{- else if and $owner.enabled $owner.provider (not (has $owner.provider $hosted)) -}}
{{- $errors = append $errors (printf "search.owner.provider is %q, but search.server.owners does not list it, so this release's server would refuse its owner's pushes. Fix: add {owner: %s, publicKey: <the Ed25519 public key of its owner.key>} to search.server.owners." $owner.provider $owner.provider) -}}
{{- end -}}
{{- end -}}

{{/* The call graph: a caller needs its target in this release or in endpoints. */}}
{{- $needLedger := list -}}
{{- if $v.registration.enabled -}}{{- $needLedger = append $needLedger "registration" -}}{{- end -}}
{{- if $v.certificate.enabled -}}{{- $needLedger = append $needLedger "certificate" -}}{{- end -}}
{{- if $v.search.owner.enabled -}}{{- $needLedger = append $needLedger "search.owner" -}}{{- end -}}
{{- if $v.search.server.enabled -}}{{- $needLedger = append $needLedger "search.server" -}}{{- end -}}
{{- if and $needLedger (not $v.ledger.enabled) (not $v.endpoints.ledger.host) -}}
{{- $errors = append $errors (printf "%s call the ledger over gRPC, but ledger.enabled=false and endpoints.ledger.host is empty. Fix: enable the ledger, or set endpoints.ledger.host (and port) to a ledger-service outside this release." (join ", " $needLedger)) -}}
{{- end -}}
{{- if and $v.certificate.enabled (not $v.registration.enabled) (not $v.endpoints.registration.host) -}}
{{- $errors = append $errors "certificate calls registration-service over gRPC, but registration.enabled=false and endpoints.registration.host is empty. Fix: enable registration, or set endpoints.registration.host (and port)." -}}
{{- end -}}

{{/* Database */}}
{{- $auth := $v.postgresql.auth -}}
{{- if and $auth.password $auth.existingSecret -}}
{{- $errors = append $errors "postgresql.auth: both password and existingSecret are set. Fix: keep existingSecret (the password stays out of Helm's release records), or remove it to let the chart store the password." -}}
{{- end -}}
{{- if and $v.postgresql.evaluation.enabled (not $auth.password) (not $auth.existingSecret) -}}
{{- $errors = append $errors (printf "postgresql.evaluation.enabled=true needs a password for the evaluation server. Fix: --set postgresql.auth.password=<password> (stored in the Secret %s), or create a Secret and set postgresql.auth.existingSecret." (include "carechain.db.secretName" .)) -}}
{{- end -}}

{{/* JWT */}}
{{- if and $v.jwt.jwksUrl (or $v.jwt.publicKey $v.jwt.existingConfigMap) -}}
{{- $errors = append $errors "jwt: jwksUrl and a PEM key (publicKey or existingConfigMap) are both set; a service trusts one key location. Fix: keep jwksUrl for an OIDC issuer, or the PEM key." -}}
{{- end -}}
{{- if and $v.jwt.useCertificateJwks (or $v.jwt.jwksUrl $v.jwt.publicKey $v.jwt.existingConfigMap) -}}
{{- $errors = append $errors "jwt.useCertificateJwks=true together with jwksUrl, publicKey or existingConfigMap; a service trusts one key location. Fix: keep useCertificateJwks (certificate-login tokens only), or publish a JWKS that merges certificate-service's /.well-known/jwks.json with your staff IdP's keys and set only jwt.jwksUrl." -}}
{{- end -}}
{{- if and $v.jwt.useCertificateJwks (not (include "carechain.certificate.caEnabled" .)) -}}
{{- $errors = append $errors "jwt.useCertificateJwks=true, but this release runs no certificate-service with its CA (certificate.enabled and certificate.ca.enabled), so the JWKS would be empty or unreachable. Fix: enable certificate.ca, or set jwt.jwksUrl to the JWKS of the CA that issues your login tokens." -}}
{{- end -}}
{{- if and (include "carechain.jwt.usesPem" .) (regexMatch "(^|,)ES" $v.jwt.algorithms) -}}
{{- $errors = append $errors (printf "jwt.algorithms=%s accepts ES256 tokens, but the services trust one PEM key (jwt.publicKey or the ConfigMap %s), and certificate-login tokens are verified by key id from a JWKS. Fix: set jwt.jwksUrl (e.g. a JWKS merging certificate-service's /.well-known/jwks.json and your staff IdP's keys) or jwt.useCertificateJwks=true; or set jwt.algorithms=RS256." $v.jwt.algorithms (include "carechain.jwt.configMapName" .)) -}}
{{- end -}}
{{- if and $v.jwt.publicKey $v.jwt.existingConfigMap -}}
{{- $errors = append $errors "jwt: both publicKey and existingConfigMap are set. Fix: keep one of them." -}}
{{- end -}}
{{- if and $v.jwt.publicKey (not (contains "-----BEGIN PUBLIC KEY-----" $v.jwt.publicKey)) -}}
{{- $errors = append $errors "jwt.publicKey is not a PEM public key (-----BEGIN PUBLIC KEY-----). Fix: pass the issuer's public key with --set-file jwt.publicKey=public-key.pem, never a private key." -}}
{{- end -}}

{{/* Services, ingress and network policies */}}
{{- $components := dict "ledger" $v.ledger "registration" $v.registration "certificate" $v.certificate "search.owner" $v.search.owner "search.server" $v.search.server -}}
{{- range $key := keys $components | sortAlpha -}}
{{- $c := index $components $key -}}
{{- if $c.enabled -}}
{{- if and $c.ingress.enabled $v.networkPolicy.enabled (not $v.networkPolicy.restIngressFrom) (not $c.extraIngressFrom) -}}
{{- $errors = append $errors (printf "%s.ingress.enabled=true, but the NetworkPolicy admits no REST clients, so the Ingress would get no answer. Fix: add your ingress controller's namespace to networkPolicy.restIngressFrom, e.g. [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]." $key) -}}
{{- end -}}
{{- range $label, $value := $c.podLabels -}}
{{- if hasPrefix "app.kubernetes.io/" $label -}}
{{- $errors = append $errors (printf "%s.podLabels sets %s, which the chart's selectors own. Fix: use a label outside app.kubernetes.io/." $key $label) -}}
{{- end -}}
{{- end -}}
{{- if and (hasKey $c "autoscaling") $c.autoscaling.enabled (gt (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas)) -}}
{{- $errors = append $errors (printf "%s.autoscaling: minReplicas %v is above maxReplicas %v. Fix: raise maxReplicas or lower minReplicas." $key $c.autoscaling.minReplicas $c.autoscaling.maxReplicas) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled $v.networkPolicy.enabled (not $v.networkPolicy.metricsIngressFrom) -}}
{{- $errors = append $errors "metrics.serviceMonitor.enabled=true, but the NetworkPolicies admit no scraper, so every target would be down. Fix: add Prometheus's namespace to networkPolicy.metricsIngressFrom, e.g. [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]." -}}
{{- end -}}

{{- if $errors -}}
{{- fail (printf "\n\nThe CareChain chart cannot install with these values:\n  - %s\n" (join "\n  - " $errors)) -}}
{{- end -}}
{{- end -}}
