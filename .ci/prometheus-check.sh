#!/usr/bin/env bash
# A real Prometheus (Debian's package) scrapes the running service: the exposition must parse (up == 1) and the
# jobpool_* series must be there with sane labels after a few jobs. Prometheus sends a bearer token with the
# metrics role (or admin), as the chart's ServiceMonitor does. Usage: JOBPOOL_TOKEN=jp_... .ci/prometheus-check.sh <port>
set -euo pipefail
port=$1
if ! command -v prometheus > /dev/null; then
    apt-get install -y -qq prometheus > /dev/null
fi
work=$(mktemp -d)
cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: jobpool
    metrics_path: /actuator/prometheus
    authorization:
      credentials: "$JOBPOOL_TOKEN"
    static_configs:
      - targets: ["127.0.0.1:$port"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address=127.0.0.1:19090 > "$work/prometheus.log" 2>&1 &
prom=$!
trap 'kill $prom 2> /dev/null || true' EXIT

query() { curl -sf --get "http://127.0.0.1:19090/api/v1/query" --data-urlencode "query=$1"; }
for _ in $(seq 1 30); do
    query 'up{job="jobpool"} == 1' 2> /dev/null | grep -q '"value"' && break
    sleep 1
done
query 'up{job="jobpool"} == 1' | grep -q '"value"' || { echo "Prometheus could not scrape the service"; cat "$work/prometheus.log"; exit 1; }
for series in 'jobpool_jobs_submitted_total{pool="io",type="sleep"}' 'jobpool_jobs_completed_total{outcome="succeeded",pool="cpu"}' \
        'jobpool_jobs_queued{pool="cpu"}' 'jobpool_workers{state="idle"}' 'jobpool_jobs_run_seconds_bucket{pool="io"}' \
        'jobpool_workers_spawn_seconds_count'; do
    query "$series" | grep -q '"value"' || { echo "no $series in Prometheus"; exit 1; }
done
if query '{__name__=~"jobpool_.*", job_id=~".+"}' | grep -q '"value"'; then
    echo "a jobpool series carries a job id as a label"; exit 1
fi
echo "Prometheus scraped jobpool: exposition parsed, jobpool_* series present with pool/type/outcome/state labels"
