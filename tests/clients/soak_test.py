"""Soak (issue 5): sysbench oltp_read_write while another client runs online DDL on the same
tables and a third client's queries are killed now and then, for a bounded time. Afterwards no
lock, transaction, thread or descriptor is left behind and memory has not run away."""
import os
import subprocess
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary
from load_test import proc_counts, settle

SECONDS = int(os.environ.get("SOAK_SECONDS", "20"))


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True, **kw)


def sysbench(port, *cmd):
    args = ["sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
            "--mysql-port=%d" % port, "--mysql-user=root", "--mysql-password=", "--mysql-db=sbtest",
            "--tables=2", "--table-size=2000", "--threads=4"] + list(cmd)
    return subprocess.run(args, capture_output=True, text=True, timeout=SECONDS + 120)


def ddl_loop(port, stop, stats):
    c = connect(port, database="sbtest")
    cur = c.cursor()
    cur.execute("SET SESSION lock_wait_timeout = 2")
    i = 0
    while not stop.is_set():
        sql = ("ALTER TABLE sbtest1 ADD COLUMN soak INT" if i % 2 == 0 else "ALTER TABLE sbtest1 DROP COLUMN soak")
        try:
            cur.execute(sql)
            stats["ddl_ok"] += 1
            i += 1
        except pymysql.MySQLError as e:
            stats["ddl_err_%d" % e.args[0]] = stats.get("ddl_err_%d" % e.args[0], 0) + 1
        time.sleep(0.2)
    c.close()


def victim_loop(port, stop, stats, ids):
    while not stop.is_set():
        try:
            c = connect(port, database="sbtest")
            ids.append(c.thread_id())
            cur = c.cursor()
            cur.execute("BEGIN")
            cur.execute("SELECT COUNT(*) FROM sbtest2 WHERE k > 0")
            cur.execute("SELECT SLEEP(0.5)")
            cur.execute("COMMIT")
            c.close()
            stats["victim_ok"] += 1
        except pymysql.MySQLError as e:
            stats["victim_err_%d" % e.args[0]] = stats.get("victim_err_%d" % e.args[0], 0) + 1


def killer_loop(port, stop, stats, ids):
    c = connect(port)
    cur = c.cursor()
    while not stop.is_set():
        time.sleep(0.3)
        if ids:
            try:
                cur.execute("KILL QUERY %d" % ids[-1])
                stats["kills"] += 1
            except pymysql.MySQLError:
                pass  # the victim just finished: fine
    c.close()


def test_soak(r, server):
    admin = connect(server.port)
    admin.cursor().execute("CREATE DATABASE sbtest")
    p = sysbench(server.port, "prepare")
    r.check(p.returncode == 0, "sysbench prepare: " + p.stderr[-300:])
    base_fds, base_threads = proc_counts(server.proc.pid)
    rss_start = rss_kb(server.proc.pid)
    stop = threading.Event()
    stats = {"ddl_ok": 0, "victim_ok": 0, "kills": 0}
    ids = []
    workers = [threading.Thread(target=ddl_loop, args=(server.port, stop, stats)),
               threading.Thread(target=victim_loop, args=(server.port, stop, stats, ids)),
               threading.Thread(target=killer_loop, args=(server.port, stop, stats, ids))]
    for w in workers:
        w.start()
    p = sysbench(server.port, "--time=%d" % SECONDS, "--report-interval=0", "run")
    stop.set()
    for w in workers:
        w.join(60)
    print("  soak stats: %s" % stats)
    r.check(p.returncode == 0, "sysbench run under DDL and KILL exits 0: " + (p.stdout + p.stderr)[-600:])
    r.check(stats["ddl_ok"] > 0, "online DDL made progress under load (%d ALTERs)" % stats["ddl_ok"])
    r.check(stats["kills"] > 0, "KILL QUERY was exercised (%d)" % stats["kills"])
    fds, nthreads = settle(server.proc.pid, base_fds, base_threads)
    r.check(fds <= base_fds, "descriptors back to %d (now %d)" % (base_fds, fds))
    r.check(nthreads <= base_threads, "threads back to %d (now %d)" % (base_threads, nthreads))
    cur = admin.cursor()
    cur.execute("SELECT COUNT(*) FROM performance_schema.metadata_locks WHERE object_type = 'TABLE'")
    r.equal(cur.fetchone()[0], 0, "no table metadata lock left")
    cur.execute("SELECT COUNT(*) FROM information_schema.innodb_trx")
    r.equal(cur.fetchone()[0], 0, "no transaction left open")
    rss_end = rss_kb(server.proc.pid)
    print("  RSS %d kB -> %d kB" % (rss_start, rss_end))
    r.check(rss_end < rss_start * 2 + 64 * 1024, "memory did not run away (%d -> %d kB)" % (rss_start, rss_end))
    p = sysbench(server.port, "cleanup")
    r.check(p.returncode == 0, "sysbench cleanup")
    admin.close()


def main():
    r = Results("soak")
    with Server(mdld_binary()) as s:
        r.run(test_soak, r, s)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
