"""Python's answer for real I/O: ThreadPoolExecutor(workers) doing n blocking GETs with urllib."""
import json, resource, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

url, n, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def get(_):
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status

start = time.perf_counter()
with ThreadPoolExecutor(workers) as pool:
    statuses = list(pool.map(get, range(n)))
seconds = time.perf_counter() - start
ok = sum(1 for s in statuses if s == 200)
print(json.dumps({"seconds": seconds, "ok": ok, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
