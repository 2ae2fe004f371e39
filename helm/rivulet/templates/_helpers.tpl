{{/*
Chart name, or nameOverride.
*/}}
{{- define "rivulet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: fullnameOverride, the release name when it contains the
chart name, else "<release>-<chart>".
*/}}
{{- define "rivulet.fullname" -}}
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

{{/*
Name of the headless Service that gives each pod a stable DNS name (the StatefulSet's serviceName).
*/}}
{{- define "rivulet.headlessServiceName" -}}
{{- printf "%s-headless" (include "rivulet.fullname" .) }}
{{- end }}

{{/*
Chart name and version, as in the helm.sh/chart label.
*/}}
{{- define "rivulet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Image tag: image.tag, or the chart's appVersion.
*/}}
{{- define "rivulet.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/*
Standard labels of every resource.
*/}}
{{- define "rivulet.labels" -}}
helm.sh/chart: {{ include "rivulet.chart" . }}
{{ include "rivulet.selectorLabels" . }}
app.kubernetes.io/version: {{ include "rivulet.imageTag" . | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the release's pods; never change them after install (selectors are immutable).
*/}}
{{- define "rivulet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rivulet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the pods' ServiceAccount.
*/}}
{{- define "rivulet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rivulet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Rivulet application id (consumer group, internal topic prefix): applicationId or the full name.
*/}}
{{- define "rivulet.applicationId" -}}
{{- default (include "rivulet.fullname" .) .Values.applicationId }}
{{- end }}

{{/*
Kafka bootstrap servers; rendering fails with a clear message while they are not set.
*/}}
{{- define "rivulet.bootstrapServers" -}}
{{- required "kafka.bootstrapServers is required: the Kafka bootstrap servers of the application, e.g. --set kafka.bootstrapServers=kafka:9092" .Values.kafka.bootstrapServers }}
{{- end }}

{{/*
Bytes of a size, as an integer string. Takes (list value syntax valueName), syntax one of
"jvm" (384m, 1g: binary units), "datasize" (Spring DataSize: 64MB, 1GB: binary units) and
"quantity" (Kubernetes: 1Gi, 512Mi, 1G). Fails on anything else, naming the value.
*/}}
{{- define "rivulet.bytes" -}}
{{- $value := toString (index . 0) }}
{{- $syntax := index . 1 }}
{{- $valueName := index . 2 }}
{{- $units := dict }}
{{- $pattern := "" }}
{{- if eq $syntax "jvm" }}
{{- $units = dict "" 1 "k" 1024 "m" 1048576 "g" 1073741824 "t" 1099511627776 }}
{{- $pattern = "^([0-9]+)([kKmMgGtT]?)$" }}
{{- else if eq $syntax "datasize" }}
{{- $units = dict "" 1 "b" 1 "kb" 1024 "mb" 1048576 "gb" 1073741824 "tb" 1099511627776 }}
{{- $pattern = "^([0-9]+)([bB]|[kKmMgGtT][bB])?$" }}
{{- else }}
{{- $units = dict "" 1 "ki" 1024 "mi" 1048576 "gi" 1073741824 "ti" 1099511627776 "k" 1000 "m" 1000000 "g" 1000000000 "t" 1000000000000 }}
{{- $pattern = "^([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$" }}
{{- end }}
{{- if not (regexMatch $pattern $value) }}
{{- fail (printf "%s: %q is not a size in %s syntax (examples: jvm 384m, datasize 64MB, quantity 1Gi)" $valueName $value $syntax) }}
{{- end }}
{{- $number := regexFind "^[0-9.]+" $value }}
{{- $unit := lower (trimPrefix $number $value) }}
{{- mulf (float64 $number) (index $units $unit) | int64 }}
{{- end }}

{{/*
Megabytes (MiB, rounded down) of a byte count, for messages.
*/}}
{{- define "rivulet.mib" -}}
{{- div (int64 .) 1048576 }}
{{- end }}

{{/*
Fails when the memory budget does not fit: the state cache lives in the heap (at most half of
it), and heap + direct memory + RocksDB block cache + write buffers + JVM overhead must fit the
container's memory limit.
*/}}
{{- define "rivulet.checkMemoryBudget" -}}
{{- $m := .Values.memory }}
{{- $heap := include "rivulet.bytes" (list $m.heap "jvm" "memory.heap") | int64 }}
{{- $direct := include "rivulet.bytes" (list $m.directMemory "jvm" "memory.directMemory") | int64 }}
{{- $overhead := include "rivulet.bytes" (list $m.overhead "jvm" "memory.overhead") | int64 }}
{{- $blockCache := include "rivulet.bytes" (list $m.blockCache "datasize" "memory.blockCache") | int64 }}
{{- $writeBuffer := include "rivulet.bytes" (list $m.writeBuffer "datasize" "memory.writeBuffer") | int64 }}
{{- $stateCache := include "rivulet.bytes" (list $m.stateCache "datasize" "memory.stateCache") | int64 }}
{{- if gt (mul $stateCache 2) $heap }}
{{- fail (printf "memory.stateCache (%s) lives in the heap and may take at most half of memory.heap (%s): raise the heap or shrink the cache" $m.stateCache $m.heap) }}
{{- end }}
{{- $limit := dig "limits" "memory" "" (.Values.resources | default dict) }}
{{- if and $m.checkBudget $limit }}
{{- $limitBytes := include "rivulet.bytes" (list $limit "quantity" "resources.limits.memory") | int64 }}
{{- $budget := add $heap $direct $blockCache $writeBuffer $overhead }}
{{- if lt $limitBytes $budget }}
{{- fail (printf "resources.limits.memory (%s = %sMi) is below the memory budget of %sMi: heap %s + directMemory %s + blockCache %s + writeBuffer %s + overhead %s; raise the limit or shrink the budget (or set memory.checkBudget=false)" $limit (include "rivulet.mib" $limitBytes) (include "rivulet.mib" $budget) $m.heap $m.directMemory $m.blockCache $m.writeBuffer $m.overhead) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
JVM options of JAVA_TOOL_OPTIONS, from the memory budget and jvm.extraOptions.
*/}}
{{- define "rivulet.jvmOptions" -}}
{{- $options := list (printf "-Xmx%s" .Values.memory.heap) (printf "-XX:MaxDirectMemorySize=%s" .Values.memory.directMemory) "-XX:+ExitOnOutOfMemoryError" "-Djava.io.tmpdir=/tmp" }}
{{- with .Values.jvm.extraOptions }}
{{- $options = append $options . }}
{{- end }}
{{- join " " $options }}
{{- end }}

{{/*
Seconds of shutdownTimeout ("30s", "2m").
*/}}
{{- define "rivulet.shutdownSeconds" -}}
{{- $timeout := toString .Values.shutdownTimeout }}
{{- if not (regexMatch "^[0-9]+[sm]$" $timeout) }}
{{- fail (printf "shutdownTimeout: %q is not a duration in seconds or minutes, e.g. 30s or 2m" $timeout) }}
{{- end }}
{{- $number := trimSuffix "s" (trimSuffix "m" $timeout) | int }}
{{- if hasSuffix "m" $timeout }}{{ mul $number 60 }}{{ else }}{{ $number }}{{ end }}
{{- end }}

{{/*
terminationGracePeriodSeconds: the preStop sleep (it counts against the grace period), the
shutdown timeout and 10 seconds of margin for the JVM to exit.
*/}}
{{- define "rivulet.terminationGracePeriodSeconds" -}}
{{- add (include "rivulet.shutdownSeconds" . | int) (int .Values.preStop.sleepSeconds) 10 }}
{{- end }}

{{/*
Spring configuration of the ConfigMap: the chart's settings, overridden by values.config.
*/}}
{{- define "rivulet.springConfig" -}}
{{- $m := .Values.memory }}
{{- $rivulet := dict "memory" (dict "block-cache" $m.blockCache "write-buffer" $m.writeBuffer "state-cache" $m.stateCache) }}
{{- if .Values.staticMembership.enabled }}
{{- $_ := set $rivulet "kafka-properties" (dict "session.timeout.ms" (toString .Values.staticMembership.sessionTimeout)) }}
{{- end }}
{{- $health := dict "probes" (dict "enabled" true) }}
{{- $exposure := dict "include" "health,info,prometheus,rivulet" }}
{{- $config := dict
    "server" (dict "shutdown" "graceful")
    "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (toString .Values.shutdownTimeout)))
    "management" (dict "endpoint" (dict "health" $health) "endpoints" (dict "web" (dict "exposure" $exposure)))
    "rivulet" $rivulet }}
{{- toYaml (mergeOverwrite $config (deepCopy (.Values.config | default dict))) }}
{{- end }}
