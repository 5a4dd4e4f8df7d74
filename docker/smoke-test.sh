#!/usr/bin/env bash
# Builds the image with podman and checks that a job submitted to the running container completes, on the
# I/O pool and on the worker JVMs inside the container. Needs the jar (./mvnw -DskipTests package) and, on a
# machine without a registry, the local base image from ../shared/tools/container-base.sh (see docs there).
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-/var/tmp/jobpool-containers/containers.conf}
PORT=${PORT:-18080}

podman build --pull=never -f docker/Dockerfile -t jobpool:smoke .
id=$(podman run -d --rm --cpus 2 -p 127.0.0.1:$PORT:8080 jobpool:smoke)
trap 'podman logs "$id" > target/smoke-test-container.log 2>&1 || true; podman stop -t 40 "$id" > /dev/null 2>&1 || true' EXIT

for _ in $(seq 1 120); do
    curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null && break
    sleep 1
done
curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null || { echo "the container did not get ready"; exit 1; }
# the first start prints an admin key once, as a user would pick it up
token=$(podman logs "$id" 2>&1 | sed -n 's/.*export JOBPOOL_TOKEN=\(jp_[A-Za-z0-9_]*\).*/\1/p' | head -1)
[ -n "$token" ] || { echo "the container printed no admin key"; exit 1; }
curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/api/v1/jobs" | grep -q 401 || { echo "the API answered without a credential"; exit 1; }
auth=(-H "Authorization: Bearer $token")

submit() {
    curl -sf -X POST "localhost:$PORT/api/v1/jobs" "${auth[@]}" -H 'Content-Type: application/json' -d "$1" \
        | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}
await() { curl -sf "${auth[@]}" "localhost:$PORT/api/v1/jobs/$1?wait=30s"; }

cpu=$(submit '{"type":"square","items":[1,2,3,4,5]}')
await "$cpu" | grep -q '"status":"SUCCEEDED".*"result":\[1,4,9,16,25\]' || { echo "the CPU job failed: $(await "$cpu")"; exit 1; }
io=$(submit '{"type":"sleep","input":{"duration":"200ms"}}')
await "$io" | grep -q '"status":"SUCCEEDED"' || { echo "the I/O job failed: $(await "$io")"; exit 1; }
workers=$(curl -sf "${auth[@]}" "localhost:$PORT/api/v1/pools" | grep -o '"pid":' | wc -l)
[ "$workers" -ge 1 ] || { echo "no worker JVMs in the container"; exit 1; }
echo "smoke test passed: CPU and I/O jobs completed in the container; $workers worker JVMs"
