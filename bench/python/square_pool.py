"""Python's answer for computing, the seed's own example scaled up: multiprocessing.Pool(n).map(square, range(...))."""
import json, sys, time
from multiprocessing import Pool


def square(x):
    return x * x


if __name__ == "__main__":
    n, processes = int(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    with Pool(processes) as pool:
        result = pool.map(square, range(n))
    seconds = time.perf_counter() - start
    assert result[-1] == (n - 1) * (n - 1)
    print(json.dumps({"seconds": seconds}))
