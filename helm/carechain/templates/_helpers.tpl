{{/*
Names, labels and references shared by every template. Helpers that take more than the root
context take a dict: "root" is the root context, "component" the component label
(ledger, registration, certificate, search-owner, search-server, postgresql, test).
*/}}

{{- define "carechain.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name: the release name, plus the chart name unless it already contains it. */}}
{{- define "carechain.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>: the name of a component's workload and Service. */}}
{{- define "carechain.componentName" -}}
{{- printf "%s-%s" (include "carechain.fullname" .root) .component -}}
{{- end -}}

{{- define "carechain.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: stable for the life of a release, because selectors are immutable. */}}
{{- define "carechain.selectorLabels" -}}
app.kubernetes.io/name: {{ include "carechain.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "carechain.labels" -}}
helm.sh/chart: {{ include "carechain.chart" .root }}
{{ include "carechain.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: carechain
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of objects that belong to the release as a whole. */}}
{{- define "carechain.releaseLabels" -}}
helm.sh/chart: {{ include "carechain.chart" . }}
app.kubernetes.io/name: {{ include "carechain.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: carechain
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "carechain.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "carechain.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* A CareChain image: dict "root" and "image" (a component's image values). */}}
{{- define "carechain.image" -}}
{{- $v := .root.Values.image -}}
{{- $ref := join "/" (compact (list $v.registry $v.group .image.repository)) -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $ref .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (.image.tag | default $v.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* A third-party image (registry, repository, tag, digest). */}}
{{- define "carechain.externalImage" -}}
{{- $ref := join "/" (compact (list .registry .repository)) -}}
{{- if .digest -}}
{{- printf "%s@%s" $ref .digest -}}
{{- else -}}
{{- printf "%s:%s" $ref .tag -}}
{{- end -}}
{{- end -}}

{{/* ---------- Database ---------- */}}

{{- define "carechain.db.host" -}}
{{- if .Values.postgresql.evaluation.enabled -}}
{{- include "carechain.componentName" (dict "root" . "component" "postgresql") -}}
{{- else -}}
{{- .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{- define "carechain.db.secretName" -}}
{{- default (printf "%s-postgresql" (include "carechain.fullname" .)) .Values.postgresql.auth.existingSecret -}}
{{- end -}}

{{/* The chart renders the password Secret only from a password given in values. */}}
{{- define "carechain.db.createSecret" -}}
{{- if and (not .Values.postgresql.auth.existingSecret) .Values.postgresql.auth.password -}}true{{- end -}}
{{- end -}}

{{/* Database environment: dict "root" and "database" (a name, or an expression such as $(VAR)). */}}
{{- define "carechain.db.env" -}}
- name: CARECHAIN_DB_HOST
  value: {{ include "carechain.db.host" .root | quote }}
- name: CARECHAIN_DB_PORT
  value: {{ .root.Values.postgresql.port | quote }}
- name: CARECHAIN_DB_USER
  value: {{ .root.Values.postgresql.auth.username | quote }}
- name: CARECHAIN_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "carechain.db.secretName" .root }}
      key: {{ .root.Values.postgresql.auth.secretKey }}
- name: CARECHAIN_DB_NAME
  value: {{ .database | quote }}
{{- end -}}

{{/* ---------- JWT ---------- */}}

{{- define "carechain.jwt.configMapName" -}}
{{- default (printf "%s-jwt" (include "carechain.fullname" .)) .Values.jwt.existingConfigMap -}}
{{- end -}}

{{- define "carechain.jwt.createConfigMap" -}}
{{- if and (include "carechain.jwt.usesPem" .) (not .Values.jwt.existingConfigMap) .Values.jwt.publicKey -}}true{{- end -}}
{{- end -}}

{{/* True when the services trust a PEM key file (the jwt ConfigMap), not a JWKS URL. */}}
{{- define "carechain.jwt.usesPem" -}}
{{- if and (not .Values.jwt.jwksUrl) (not .Values.jwt.useCertificateJwks) -}}true{{- end -}}
{{- end -}}

{{/* The JWKS of this release's certificate-service (its login tokens' ES256 key). */}}
{{- define "carechain.jwt.certificateJwksUrl" -}}
{{- printf "http://%s:%v/.well-known/jwks.json" (include "carechain.componentName" (dict "root" . "component" "certificate")) .Values.certificate.service.port -}}
{{- end -}}

{{- define "carechain.jwt.keyLocation" -}}
{{- if .Values.jwt.jwksUrl -}}
{{- .Values.jwt.jwksUrl -}}
{{- else if .Values.jwt.useCertificateJwks -}}
{{- include "carechain.jwt.certificateJwksUrl" . -}}
{{- else -}}
{{- printf "file:/etc/carechain/jwt/%s" .Values.jwt.configMapKey -}}
{{- end -}}
{{- end -}}

{{- define "carechain.jwt.env" -}}
- name: CARECHAIN_JWT_ISSUER
  value: {{ .Values.jwt.issuer | quote }}
- name: CARECHAIN_JWT_AUDIENCE
  value: {{ .Values.jwt.audience | quote }}
- name: CARECHAIN_JWT_ALGORITHMS
  value: {{ .Values.jwt.algorithms | quote }}
- name: CARECHAIN_JWT_PUBLIC_KEY_LOCATION
  value: {{ include "carechain.jwt.keyLocation" . | quote }}
{{- end -}}

{{/* ---------- gRPC endpoints of the call graph ---------- */}}

{{/* "host:port" of the ledger for its clients: this release's client Service, or endpoints.ledger. */}}
{{- define "carechain.ledger.endpoint" -}}
{{- if .Values.ledger.enabled -}}
{{- printf "%s:%v" (include "carechain.componentName" (dict "root" . "component" "ledger")) .Values.ledger.service.port -}}
{{- else -}}
{{- printf "%s:%v" .Values.endpoints.ledger.host .Values.endpoints.ledger.port -}}
{{- end -}}
{{- end -}}

{{- define "carechain.registration.endpoint" -}}
{{- if .Values.registration.enabled -}}
{{- printf "%s:%v" (include "carechain.componentName" (dict "root" . "component" "registration")) .Values.registration.service.port -}}
{{- else -}}
{{- printf "%s:%v" .Values.endpoints.registration.host .Values.endpoints.registration.port -}}
{{- end -}}
{{- end -}}

{{- define "carechain.searchServer.endpoint" -}}
{{- if .Values.search.server.enabled -}}
{{- printf "%s:%v" (include "carechain.componentName" (dict "root" . "component" "search-server")) .Values.search.server.service.port -}}
{{- else -}}
{{- printf "%s:%v" .Values.endpoints.searchServer.host .Values.endpoints.searchServer.port -}}
{{- end -}}
{{- end -}}

{{/* Environment naming one gRPC target: dict "prefix" (e.g. CARECHAIN_LEDGER) and "endpoint" (host:port). */}}
{{- define "carechain.grpcTarget.env" -}}
{{- $parts := splitList ":" .endpoint -}}
- name: {{ .prefix }}_HOST
  value: {{ index $parts 0 | quote }}
- name: {{ .prefix }}_PORT
  value: {{ index $parts 1 | quote }}
{{- end -}}

{{/* ---------- Ledger ---------- */}}

{{- define "carechain.ledger.keysSecretName" -}}
{{- default (printf "%s-ledger-validator-keys" (include "carechain.fullname" .)) .Values.ledger.validatorKeys.existingSecret -}}
{{- end -}}

{{- define "carechain.ledger.genesisConfigMapName" -}}
{{- default (printf "%s-ledger-genesis" (include "carechain.fullname" .)) .Values.ledger.genesis.existingConfigMap -}}
{{- end -}}

{{/* The genesis ConfigMap is read by the validators and, with certificate.ca.enabled, by certificate-service (cbc.json). */}}
{{- define "carechain.ledger.genesisUsed" -}}
{{- if or .Values.ledger.enabled (include "carechain.certificate.caEnabled" .) -}}true{{- end -}}
{{- end -}}

{{- define "carechain.ledger.createGenesis" -}}
{{- $f := .Values.ledger.genesis.files -}}
{{- if and (include "carechain.ledger.genesisUsed" .) (not .Values.ledger.genesis.existingConfigMap) $f.ehr $f.rbc $f.cbc $f.search -}}true{{- end -}}
{{- end -}}

{{/* ---------- Ledger change capture (docs/ehr-capture.md) ---------- */}}

{{- define "carechain.ledger.captureSecretName" -}}
{{- default (printf "%s-ledger-capture-keys" (include "carechain.fullname" .)) .Values.ledger.capture.existingSecret -}}
{{- end -}}

{{/*
Capture environment of a validator. Per-pod values come from CARECHAIN_LEDGER_NODE_ID (the pod
name) and CARECHAIN_LEDGER_POD_INDEX, which Kubernetes expands in $(VAR). With database.names,
CARECHAIN_CAPTURE_DB_NAME_<i> holds validator i's database and CARECHAIN_CAPTURE_DB_NAME the
SmallRye expression ${CARECHAIN_CAPTURE_DB_NAME_<pod index>}: ledger-service resolves it at start.
*/}}
{{- define "carechain.ledger.capture.env" -}}
{{- $c := .Values.ledger.capture -}}
{{- $db := $c.database -}}
{{- $keysDir := "/etc/carechain/capture-keys" -}}
- name: CARECHAIN_CAPTURE_ENABLED
  value: "true"
- name: CARECHAIN_CAPTURE_KEYS_DIR
  value: {{ $keysDir | quote }}
- name: CARECHAIN_CAPTURE_KEYS_PREFIX
  value: "$(CARECHAIN_LEDGER_NODE_ID)."
- name: CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE
  value: "{{ $keysDir }}/$(CARECHAIN_LEDGER_NODE_ID).submitter.key"
- name: CARECHAIN_CAPTURE_DB_HOST
  value: {{ $db.host | quote }}
- name: CARECHAIN_CAPTURE_DB_PORT
  value: {{ $db.port | quote }}
- name: CARECHAIN_CAPTURE_DB_USER
  value: {{ $db.user | default .Values.postgresql.auth.username | quote }}
- name: CARECHAIN_CAPTURE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
{{- if $db.passwordSecret }}
      name: {{ $db.passwordSecret }}
      key: {{ $db.passwordKey }}
{{- else }}
      name: {{ include "carechain.db.secretName" . }}
      key: {{ .Values.postgresql.auth.secretKey }}
{{- end }}
{{- if $db.names }}
{{- range $i, $name := $db.names }}
- name: CARECHAIN_CAPTURE_DB_NAME_{{ $i }}
  value: {{ $name | quote }}
{{- end }}
- name: CARECHAIN_CAPTURE_DB_NAME
  value: "${CARECHAIN_CAPTURE_DB_NAME_$(CARECHAIN_LEDGER_POD_INDEX)}"
{{- else }}
- name: CARECHAIN_CAPTURE_DB_NAME
  value: "{{ $db.namePrefix }}_$(CARECHAIN_LEDGER_POD_INDEX)"
{{- end }}
- name: CARECHAIN_CAPTURE_SLOT
  value: "{{ $c.slotPrefix }}_$(CARECHAIN_LEDGER_POD_INDEX)"
- name: CARECHAIN_CAPTURE_PUBLICATION
  value: {{ $c.publication | quote }}
- name: CARECHAIN_CAPTURE_CREATE_MISSING
  value: {{ $c.createMissing | quote }}
- name: CARECHAIN_CAPTURE_MAX_RETAINED_WAL_BYTES
  value: {{ int64 $c.maxRetainedWalBytes | quote }}
{{- if $c.exchangePeers }}
- name: CARECHAIN_EXCHANGE_PEERS
  value: {{ join "," $c.exchangePeers | quote }}
{{- end }}
{{- end -}}

{{- define "carechain.ledger.headlessName" -}}
{{- printf "%s-headless" (include "carechain.componentName" (dict "root" . "component" "ledger")) -}}
{{- end -}}

{{/* n: every validator of the channel set, this release's and externalPeers. */}}
{{- define "carechain.ledger.totalValidators" -}}
{{- add (int .Values.ledger.validators) (len .Values.ledger.externalPeers) -}}
{{- end -}}

{{/* f = floor((n-1)/3): the faults the validator set tolerates. */}}
{{- define "carechain.ledger.faultTolerance" -}}
{{- div (sub (int (include "carechain.ledger.totalValidators" .)) 1) 3 -}}
{{- end -}}

{{/*
CARECHAIN_LEDGER_PEERS: id=host:port of every validator, through the headless Service's stable DNS.
A headless Service does not map ports, so peers dial the container port.
*/}}
{{- define "carechain.ledger.peers" -}}
{{- $name := include "carechain.componentName" (dict "root" . "component" "ledger") -}}
{{- $headless := include "carechain.ledger.headlessName" . -}}
{{- $peers := list -}}
{{- range $i := until (int .Values.ledger.validators) -}}
{{- $peers = append $peers (printf "%s-%d=%s-%d.%s:%v" $name $i $name $i $headless $.Values.httpPort) -}}
{{- end -}}
{{- range .Values.ledger.externalPeers -}}
{{- $peers = append $peers (printf "%s=%s:%v" .id .host .port) -}}
{{- end -}}
{{- join "," $peers -}}
{{- end -}}

{{/* ---------- Privacy-aware PKI: registration (RBC) and certificate (CBC) keys ---------- */}}

{{- define "carechain.registration.keysEnabled" -}}
{{- if and .Values.registration.enabled .Values.registration.keys.enabled -}}true{{- end -}}
{{- end -}}

{{- define "carechain.registration.keysSecretName" -}}
{{- default (printf "%s-registration-keys" (include "carechain.fullname" .)) .Values.registration.keys.existingSecret -}}
{{- end -}}

{{- define "carechain.certificate.caEnabled" -}}
{{- if and .Values.certificate.enabled .Values.certificate.ca.enabled -}}true{{- end -}}
{{- end -}}

{{- define "carechain.certificate.caSecretName" -}}
{{- default (printf "%s-certificate-ca-keys" (include "carechain.fullname" .)) .Values.certificate.ca.existingSecret -}}
{{- end -}}

{{/* The CA's externally reachable base URL: certificate.publicUrl, else the Ingress host; empty when neither. */}}
{{- define "carechain.certificate.publicUrl" -}}
{{- $c := .Values.certificate -}}
{{- if $c.publicUrl -}}
{{- $c.publicUrl | trimSuffix "/" -}}
{{- else if $c.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (not (empty $c.ingress.tlsSecretName))) $c.ingress.host -}}
{{- end -}}
{{- end -}}

{{/* registration-service's key files (docs/registration.md), from the keys Secret mounted read-only. */}}
{{- define "carechain.registration.keys.env" -}}
{{- $dir := "/etc/carechain/registration-keys" -}}
- name: CARECHAIN_REGISTRATION_SUBMITTER_KEY_FILE
  value: {{ printf "%s/submitter.key" $dir | quote }}
- name: CARECHAIN_REGISTRATION_CREDENTIAL_KEY_FILE
  value: {{ printf "%s/credential.key" $dir | quote }}
- name: CARECHAIN_REGISTRATION_COMMITMENT_KEY_FILE
  value: {{ printf "%s/commitment.key" $dir | quote }}
- name: CARECHAIN_REGISTRATION_ESCROW_PUBLIC_KEY
  value: {{ .Values.registration.keys.escrowPublicKey | quote }}
- name: CARECHAIN_REGISTRATION_CREDENTIAL_VALIDITY
  value: {{ .Values.registration.credentialValidity | quote }}
{{- end -}}

{{/*
certificate-service's CA (docs/operations.md, "PKI keys"): the CA Secret and the cbc genesis
(the ledger's genesis ConfigMap), both mounted read-only. Login tokens are issued by jwt.issuer
for jwt.audience, the values every service verifies.
*/}}
{{- define "carechain.certificate.ca.env" -}}
{{- $dir := "/etc/carechain/ca-keys" -}}
- name: CARECHAIN_CERTIFICATE_CA_KEY_FILE
  value: {{ printf "%s/ca.key" $dir | quote }}
- name: CARECHAIN_CERTIFICATE_CA_CERTIFICATE_FILE
  value: {{ printf "%s/ca.pem" $dir | quote }}
- name: CARECHAIN_CERTIFICATE_SUBMITTER_KEY_FILE
  value: {{ printf "%s/submitter.key" $dir | quote }}
- name: CARECHAIN_CERTIFICATE_TOKEN_KEY_FILE
  value: {{ printf "%s/token.pem" $dir | quote }}
- name: CARECHAIN_CERTIFICATE_CBC_GENESIS_FILE
  value: "/etc/carechain/genesis/cbc.json"
- name: CARECHAIN_CERTIFICATE_PUBLIC_URL
  value: {{ include "carechain.certificate.publicUrl" . | quote }}
- name: CARECHAIN_CERTIFICATE_VALIDITY
  value: {{ .Values.certificate.validity | quote }}
- name: CARECHAIN_CERTIFICATE_TOKEN_AUDIENCE
  value: {{ .Values.jwt.audience | quote }}
{{- end -}}

{{/* ---------- Search: owner mode (the provider's keys) and server mode (the owners it hosts) ---------- */}}

{{- define "carechain.search.ownerKeysSecretName" -}}
{{- default (printf "%s-search-owner-keys" (include "carechain.fullname" .)) .Values.search.owner.keys.existingSecret -}}
{{- end -}}

{{/*
search-service in owner mode (docs/operations.md, "Search keys"): the owner keys Secret and the
provider's record keys (the files change capture reads), both mounted read-only; the EHR database
is on CARECHAIN_DB_HOST. Grants become CARECHAIN_SEARCH_OWNER_GRANTS_<ROLE>, which SmallRye maps to
carechain.search.owner.grants.<role>.
*/}}
{{- define "carechain.search.owner.env" -}}
{{- $o := .Values.search.owner -}}
{{- $dir := "/etc/carechain/search-owner-keys" -}}
- name: CARECHAIN_SEARCH_OWNER_ENABLED
  value: "true"
- name: CARECHAIN_SEARCH_SERVER_ENABLED
  value: "false"
- name: CARECHAIN_SEARCH_OWNER_PROVIDER
  value: {{ $o.provider | quote }}
- name: CARECHAIN_SEARCH_OWNER_KEY_FILE
  value: {{ printf "%s/owner.key" $dir | quote }}
- name: CARECHAIN_SEARCH_OWNER_MASTER_KEY_FILE
  value: {{ printf "%s/master.key" $dir | quote }}
- name: CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_DIR
  value: "/etc/carechain/provider-keys"
- name: CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_PREFIX
  value: {{ $o.providerKeys.prefix | quote }}
- name: CARECHAIN_SEARCH_OWNER_EHR_DB_NAME
  value: {{ $o.ehrDatabase | quote }}
- name: CARECHAIN_SEARCH_OWNER_EPOCH_INTERVAL
  value: {{ $o.epochInterval | quote }}
{{- range $role := keys $o.grants | sortAlpha }}
- name: CARECHAIN_SEARCH_OWNER_GRANTS_{{ upper $role }}
  value: {{ join "," (index $o.grants $role) | quote }}
{{- end }}
{{- end -}}

{{/* search-service in server mode: CARECHAIN_SEARCH_SERVER_OWNERS is owner:hex-public-key,... */}}
{{- define "carechain.search.server.env" -}}
{{- $owners := list -}}
{{- range .Values.search.server.owners -}}
{{- $owners = append $owners (printf "%s:%s" .owner (lower .publicKey)) -}}
{{- end -}}
- name: CARECHAIN_SEARCH_SERVER_ENABLED
  value: "true"
- name: CARECHAIN_SEARCH_OWNER_ENABLED
  value: "false"
- name: CARECHAIN_SEARCH_SERVER_OWNERS
  value: {{ join "," $owners | quote }}
{{- end -}}
