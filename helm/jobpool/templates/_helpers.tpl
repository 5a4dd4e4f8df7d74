{{- define "jobpool.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "jobpool.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "jobpool.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "jobpool.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jobpool.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "jobpool.labels" -}}
helm.sh/chart: {{ include "jobpool.chart" . }}
{{ include "jobpool.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "jobpool.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "jobpool.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The pod's shutdown budget, in one place: the preStop pause, then jobpool.jobs.shutdown-grace (both pools drain
at once within it), then a margin for the workers to exit and the web server to close.
*/}}
{{- define "jobpool.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.preStopSeconds .Values.jobpool.jobs.shutdownGraceSeconds .Values.shutdown.marginSeconds }}
{{- end }}

{{/* How long Spring waits for the pools to drain: the grace and the margin, so it never cuts the grace short. */}}
{{- define "jobpool.shutdownPhaseSeconds" -}}
{{- add .Values.jobpool.jobs.shutdownGraceSeconds .Values.shutdown.marginSeconds }}
{{- end }}

{{/*
The job store: PostgreSQL when a host is given, else the embedded SQLite file on a PersistentVolumeClaim,
which one pod at a time can use. Refuse what cannot work rather than render it.
*/}}
{{- define "jobpool.sharedStore" -}}
{{- if .Values.store.postgresql.host }}true{{ end -}}
{{- end }}

{{- define "jobpool.validateStore" -}}
{{- if not (include "jobpool.sharedStore" .) }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail (printf "replicaCount is %d, but the embedded job store belongs to one pod: set store.postgresql.host (and store.postgresql.existingSecret) to share PostgreSQL between replicas, or keep replicaCount at 1" (int .Values.replicaCount)) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- fail "autoscaling.enabled needs a store shared by replicas: set store.postgresql.host (and store.postgresql.existingSecret)" }}
{{- end }}
{{- else if not .Values.store.postgresql.existingSecret }}
{{- fail "store.postgresql.host is set: name the Secret holding its password in store.postgresql.existingSecret" }}
{{- end }}
{{- end }}

{{/*
The Secret that holds the admin API key: the one named in values, or the one the chart creates.
*/}}
{{- define "jobpool.adminKeySecret" -}}
{{- .Values.security.adminKey.existingSecret | default (printf "%s-admin-key" (include "jobpool.fullname" .)) }}
{{- end }}
