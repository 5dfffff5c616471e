{{/*
The databases of the enabled services, created on the evaluation server's first start only.
A validator added later needs its database created by hand (docs/operations.md).
*/}}
{{- define "carechain.postgresql.initdb" -}}
{{- $v := .Values -}}
{{- $dbs := list -}}
{{- if $v.ledger.enabled -}}
{{- range $i := until (int $v.ledger.validators) -}}
{{- $dbs = append $dbs (printf "%s_%d" $v.ledger.databasePrefix $i) -}}
{{- end -}}
{{- end -}}
{{- if $v.registration.enabled -}}{{- $dbs = append $dbs $v.registration.database -}}{{- end -}}
{{- if $v.certificate.enabled -}}{{- $dbs = append $dbs $v.certificate.database -}}{{- end -}}
{{- if $v.search.owner.enabled -}}{{- $dbs = append $dbs $v.search.owner.database -}}{{- end -}}
{{- if $v.search.server.enabled -}}{{- $dbs = append $dbs $v.search.server.database -}}{{- end -}}
{{- range $dbs }}
CREATE DATABASE {{ . | quote }};
{{- end }}
{{- end -}}
