# Device rejects bad arguments with clear ValueError messages, checked in order latency, bandwidth, parallel
import asyncio
from awaitscope import Device, cpu


def attempt(label, latency=0.0, bandwidth=None, parallel=None):
    try:
        Device(label, latency, bandwidth, parallel)
        print(label, "ok")
    except ValueError as e:
        print(label, "ValueError:", e)


attempt("defaults")
attempt("negative latency", -0.1)
attempt("zero bandwidth", 0.1, 0)
attempt("negative bandwidth", 0.1, -5)
attempt("zero parallel", 0.1, None, 0)
attempt("float parallel", 0.1, None, 2.0)
attempt("everything wrong", -1, 0, 0)
attempt("bandwidth and parallel wrong", 1, -1, -1)
attempt("good", 0.001, 1e9, 4)
attempt("integer latency", 2, 10, 1)
