"""Load and leak checks: 1000 connections opening and closing, clients that vanish mid-transaction,
mid-result-set and mid-lock-wait; afterwards no metadata lock, thread or descriptor is left."""
import os
import socket
import struct
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary

CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "1000"))


def proc_counts(pid):
    fds = len(os.listdir("/proc/%d/fd" % pid))
    with open("/proc/%d/status" % pid) as f:
        threads = int(next(line for line in f if line.startswith("Threads:")).split()[1])
    return fds, threads


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True, **kw)


def settle(pid, want_fds, want_threads, timeout=10):
    deadline = time.time() + timeout
    fds, threads = proc_counts(pid)
    while time.time() < deadline and (fds > want_fds or threads > want_threads):
        time.sleep(0.1)
        fds, threads = proc_counts(pid)
    return fds, threads


def send_query(conn, sql):
    """Sends COM_QUERY on a pymysql connection's socket without reading the reply."""
    payload = b"\x03" + sql.encode()
    conn._sock.sendall(struct.pack("<I", len(payload))[:3] + b"\x00" + payload)


def vanish(conn):
    """Closes the client's socket for real (pymysql's reader holds a second reference to it, so
    closing only _sock would leave a client that merely stops reading, which the server must
    wait for up to net_write_timeout). Unread data makes the kernel reset the connection."""
    if getattr(conn, "_rfile", None) is not None:
        conn._rfile.close()
    conn._sock.close()


def metadata_locks(admin):
    cur = admin.cursor()
    cur.execute("SELECT COUNT(*) FROM performance_schema.metadata_locks WHERE object_type = 'TABLE' "
                "AND object_schema = 'loadtest'")
    n = cur.fetchone()[0]
    cur.close()
    return n


def test_connection_churn(r, server):
    admin = connect(server.port)
    admin.cursor().execute("CREATE DATABASE loadtest")
    admin.cursor().execute("CREATE TABLE loadtest.t (id INT PRIMARY KEY, v INT)")
    admin.cursor().execute("INSERT INTO loadtest.t VALUES (1, 1), (2, 2)")
    base_fds, base_threads = proc_counts(server.proc.pid)
    errors = []

    def churn(n):
        for _ in range(n):
            try:
                c = connect(server.port, database="loadtest")
                c.cursor().execute("SELECT v FROM t WHERE id = 1")
                c.close()
            except pymysql.MySQLError as e:
                errors.append(e)

    threads = [threading.Thread(target=churn, args=(CONNECTIONS // 10,)) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    r.equal(errors, [], "%d connections opened and closed without error" % CONNECTIONS)
    fds, nthreads = settle(server.proc.pid, base_fds, base_threads)
    r.check(fds <= base_fds, "descriptors back to %d (now %d)" % (base_fds, fds))
    r.check(nthreads <= base_threads, "threads back to %d (now %d)" % (base_threads, nthreads))
    admin.close()


def test_vanishing_clients_release_locks(r, server):
    admin = connect(server.port)
    # 1. mid-transaction: a transaction that read and wrote, then the socket closes abruptly.
    c = connect(server.port, database="loadtest")
    c.autocommit(False)
    c.cursor().execute("SELECT * FROM t")
    c.cursor().execute("UPDATE t SET v = 5 WHERE id = 2")
    vanish(c)  # without COM_QUIT
    # 2. mid-result-set: inside a transaction, ask for a result of several MB and vanish
    #    without reading it, so the server's writes fail half-way.
    filler = connect(server.port, database="loadtest")
    filler.cursor().execute("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000))")
    filler.cursor().executemany("INSERT INTO big VALUES (%s, REPEAT('x', 1000))", [(i,) for i in range(5000)])
    filler.close()
    big = connect(server.port, database="loadtest")
    big.cursor().execute("BEGIN")
    send_query(big, "SELECT * FROM big")
    time.sleep(0.2)
    vanish(big)
    # 3. mid-lock-wait: a DROP waiting behind a holder, then the waiter's client vanishes.
    holder = connect(server.port, database="loadtest")
    holder.cursor().execute("BEGIN")
    holder.cursor().execute("SELECT * FROM t")
    waiter = connect(server.port, database="loadtest")
    send_query(waiter, "DROP TABLE t")  # by hand, so that we can vanish while it waits
    deadline = time.time() + 10
    state = None
    while time.time() < deadline:
        cur = admin.cursor()
        cur.execute("SELECT state FROM information_schema.processlist WHERE id = %s", (waiter.thread_id(),))
        row = cur.fetchone()
        state = row[0] if row else None
        if state == "Waiting for table metadata lock":
            break
        time.sleep(0.05)
    r.equal(state, "Waiting for table metadata lock", "the DROP is waiting")
    vanish(waiter)
    holder.cursor().execute("COMMIT")
    holder.close()
    # The vanished DROP may or may not have run once the holder committed (MySQL notices the
    # disconnect only after the statement); either way, no lock may remain.
    deadline = time.time() + 10
    n = -1
    while time.time() < deadline:
        n = metadata_locks(admin)
        if n == 0:
            break
        time.sleep(0.1)
    r.equal(n, 0, "no table metadata lock remains after the clients vanished")
    cur = admin.cursor()
    cur.execute("SELECT COUNT(*) FROM information_schema.innodb_trx")
    r.equal(cur.fetchone()[0], 0, "no transaction remains open")
    admin.close()


def main():
    r = Results("load")
    with Server(mdld_binary(), extra_args=["--max-connections", "2000"]) as s:
        r.run(test_connection_churn, r, s)
        r.run(test_vanishing_clients_release_locks, r, s)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
