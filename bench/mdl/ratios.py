#!/usr/bin/python3
"""Prints the target ratios from a Google Benchmark JSON report of
mdl_acquire_release_bench (run with --benchmark_repetitions=N --benchmark_format=json).

Uses the median aggregate of each benchmark (or the single run if there are no aggregates).
"""
import json
import sys


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        agg = b.get("aggregate_name")
        if agg not in (None, "median"):
            continue
        if agg is None and name in runs:
            continue  # prefer the median over individual repetitions
        runs[name] = b
    return data.get("context", {}), runs


def items(runs, name):
    b = runs.get(name)
    return b["items_per_second"] if b else float("nan")


def ns_per_op(runs, name):
    return 1e9 / items(runs, name)


def cpu_ns(runs, name):
    """CPU time per iteration (thread CPU clock): less disturbed by a loaded machine."""
    b = runs.get(name)
    return b["cpu_time"] if b else float("nan")


def main():
    ctx, runs = load(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin")
    t1, t2 = "/real_time/threads:1", "/real_time/threads:2"
    print(f"host: {ctx.get('host_name', '?')} cpus={ctx.get('num_cpus', '?')} "
          f"mhz={ctx.get('mhz_per_cpu', '?')}")
    print(f"{'benchmark':58s} {'1 thread Mops/s':>16s} {'2 threads Mops/s':>17s}")
    for name in sorted({n.split('/')[0] for n in runs}):
        print(f"{name:58s} {items(runs, name + t1) / 1e6:16.2f} {items(runs, name + t2) / 1e6:17.2f}")
    atomic = ns_per_op(runs, "BM_AtomicFetchAddSubPair" + t1)
    c_atomic = cpu_ns(runs, "BM_AtomicFetchAddSubPair" + t1)
    naive2 = items(runs, "BM_NaiveSharedMutexMapHot" + t2)
    global2 = items(runs, "BM_GlobalMutexManagerHot" + t2)
    print()
    print("Targets of issue #2. 'real' = wall time per op (items/s), 'CPU' = thread CPU time per")
    print("op; on a loaded machine CPU time is the meaningful one for the 1-thread ratio.")
    paths = (("plain   Acquire(LockRequest)", ""), ("prepared Acquire(PreparedLock&)", "Prepared"))
    for label, infix in paths:
        distinct = f"BM_MdlSharedRead{infix}Distinct"
        hot = f"BM_MdlSharedRead{infix}Hot"
        if distinct + t1 not in runs:
            continue
        print(f"\n[{label}]")
        mdl1 = ns_per_op(runs, distinct + t1)
        c_mdl = cpu_ns(runs, distinct + t1)
        r1 = mdl1 / atomic
        rc = c_mdl / c_atomic
        print(f"uncontended SR acquire+release, real: {mdl1:.1f} ns vs atomic pair {atomic:.1f} ns "
              f"= {r1:.2f}x  (target <= 2x: {'met' if r1 <= 2 else 'MISSED'})")
        print(f"uncontended SR acquire+release, CPU:  {c_mdl:.1f} ns vs atomic pair {c_atomic:.1f} ns "
              f"= {rc:.2f}x  (target <= 2x: {'met' if rc <= 2 else 'MISSED'})")
        hot1 = items(runs, hot + t1)
        hot2 = items(runs, hot + t2)
        r2 = hot2 / hot1
        print(f"hot table scaling 2 threads / 1 thread (real): {r2:.2f}x  "
              f"(target >= 1.8x: {'met' if r2 >= 1.8 else 'MISSED'})")
        r3 = hot2 / naive2
        print(f"hot table 2 threads vs naive shared_mutex map (real): {r3:.2f}x  "
              f"(target >= 5x: {'met' if r3 >= 5 else 'MISSED'})")
        print(f"hot table 2 threads vs global-mutex manager (real): {hot2 / global2:.2f}x")


if __name__ == "__main__":
    main()
