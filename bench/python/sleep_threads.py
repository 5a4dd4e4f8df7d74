"""Python's answer for waiting, as the seed writes it: one threading.Thread per task, each time.sleep(1)."""
import json, resource, sys, threading, time

n = int(sys.argv[1])
start = time.perf_counter()
threads = [threading.Thread(target=time.sleep, args=(1.0,)) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
