{{/*
Objects the Deployment-based services (registration, certificate, search owner and server) share.
Each takes a dict:
  root       the root context
  component  the component label and name suffix (e.g. "registration")
  values     the component's values
and, for carechain.deployment, "container" (the service name) and "env" (rendered env entries),
and optionally "annotations", "volumeMounts" and "volumes" (rendered YAML of the component's own).
*/}}

{{- define "carechain.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  # Surge first: Flyway migrates under its lock while the old pods keep serving (expand/contract).
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "carechain.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "carechain.labels" . | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- include "carechain.pod.checksums" $root | nindent 8 }}
        {{- with .annotations }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "carechain.pod.spec" (dict "root" $root "values" $v) | nindent 6 }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .container }}
          image: {{ include "carechain.image" (dict "root" $root "image" $v.image) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- include "carechain.container.ports" $root | nindent 10 }}
          env:
            {{- include "carechain.container.commonEnv" (dict "root" $root "database" $v.database) | nindent 12 }}
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- include "carechain.container.probes" $root | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          {{- include "carechain.container.securityContext" $root | nindent 10 }}
          volumeMounts:
            {{- include "carechain.container.commonVolumeMounts" $root | nindent 12 }}
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        {{- include "carechain.pod.commonVolumes" $root | nindent 8 }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* The Service in front of a component: REST and gRPC on one port named http. */}}
{{- define "carechain.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
  {{- with .values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "carechain.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "carechain.hpa" -}}
{{- $a := .values.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "carechain.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- if $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $a.targetMemoryUtilizationPercentage }}
    {{- end }}
{{- end -}}

{{/* dict root, component, maxUnavailable. */}}
{{- define "carechain.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .maxUnavailable }}
  selector:
    matchLabels:
      {{- include "carechain.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "carechain.ingress" -}}
{{- $i := .values.ingress -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
  {{- with $i.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $i.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- with $i.tlsSecretName }}
  tls:
    - hosts:
        - {{ $i.host | quote }}
      secretName: {{ . }}
  {{- end }}
  rules:
    - host: {{ $i.host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "carechain.componentName" . }}
                port:
                  name: http
{{- end -}}

{{/* dict root, component, and optionally "selector" (extra Service labels to match). */}}
{{- define "carechain.serviceMonitor" -}}
{{- $sm := .root.Values.metrics.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "carechain.selectorLabels" . | nindent 6 }}
      {{- with .selector }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end -}}

{{/*
Ingress to a component's port only from: its documented gRPC callers in this release ("callers",
a list of component labels), the helm test pod, networkPolicy.restIngressFrom, the component's
extraIngressFrom, and networkPolicy.metricsIngressFrom. An empty "from" would allow everyone, so
a rule is rendered only when it has peers.
*/}}
{{- define "carechain.networkPolicy" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $name := include "carechain.name" $root -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "carechain.componentName" . }}
  labels:
    {{- include "carechain.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "carechain.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    - from:
        {{- range (append .callers "test") }}
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ $name }}
              app.kubernetes.io/instance: {{ $root.Release.Name }}
              app.kubernetes.io/component: {{ . }}
        {{- end }}
      ports:
        - port: {{ .port }}
          protocol: TCP
    {{- $rest := concat $np.restIngressFrom (.values.extraIngressFrom | default list) }}
    {{- if $rest }}
    - from:
        {{- toYaml $rest | nindent 8 }}
      ports:
        - port: {{ .port }}
          protocol: TCP
    {{- end }}
    {{- with $np.metricsIngressFrom }}
    - from:
        {{- toYaml . | nindent 8 }}
      ports:
        - port: {{ $.port }}
          protocol: TCP
    {{- end }}
{{- end -}}
