{{/*
Pod and container pieces every CareChain service shares: the restricted security context, the
read-only root filesystem with /tmp on an emptyDir, the health probes, the port, and the
configuration contract (QUARKUS_HTTP_PORT, CARECHAIN_DB_*, CARECHAIN_JWT_*).
*/}}

{{/* Pod-level settings: dict "root" and "values" (the component's values). */}}
{{- define "carechain.pod.spec" -}}
{{- $root := .root -}}
{{- $v := .values -}}
serviceAccountName: {{ include "carechain.serviceAccountName" $root }}
automountServiceAccountToken: false
{{- /* Service links would inject e.g. CARECHAIN_LEDGER_PORT=tcp://... for the Service carechain-ledger, clashing with the contract. */}}
enableServiceLinks: false
{{- with $root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $v.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "carechain.container.securityContext" -}}
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
{{- end -}}

{{- define "carechain.container.ports" -}}
ports:
  - name: http
    containerPort: {{ .Values.httpPort }}
    protocol: TCP
{{- end -}}

{{/* Startup gates liveness and readiness, so slow Flyway migrations never cause a restart loop. */}}
{{- define "carechain.container.probes" -}}
{{- $p := .Values.probes -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.startup.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end -}}

{{/* Environment every service reads: dict "root" and "database". */}}
{{- define "carechain.container.commonEnv" -}}
- name: QUARKUS_HTTP_PORT
  value: {{ .root.Values.httpPort | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .root.Values.javaToolOptions | quote }}
{{ include "carechain.db.env" . }}
{{ include "carechain.jwt.env" .root }}
{{- end -}}

{{- define "carechain.container.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if (include "carechain.jwt.usesPem" .) }}
- name: jwt
  mountPath: /etc/carechain/jwt
  readOnly: true
{{- end }}
{{- end -}}

{{- define "carechain.pod.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolumeSizeLimit }}
{{- if (include "carechain.jwt.usesPem" .) }}
- name: jwt
  configMap:
    name: {{ include "carechain.jwt.configMapName" . }}
    items:
      - key: {{ .Values.jwt.configMapKey }}
        path: {{ .Values.jwt.configMapKey }}
{{- end }}
{{- end -}}

{{/* Restarts the pods when the chart-rendered JWT key changes. */}}
{{- define "carechain.pod.checksums" -}}
checksum/jwt: {{ printf "%s|%s|%s" .Values.jwt.issuer .Values.jwt.jwksUrl .Values.jwt.publicKey | sha256sum }}
{{- end -}}
