"""Python's pooled answer for waiting: ThreadPoolExecutor(workers).map over time.sleep(1)."""
import json, resource, sys, time
from concurrent.futures import ThreadPoolExecutor

n, workers = int(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
with ThreadPoolExecutor(workers) as pool:
    list(pool.map(lambda _: time.sleep(1.0), range(n)))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
