"""Crash safety: SIGKILL mdld under a commit load; after restart every acknowledged commit is
present and nothing that was never sent appears."""
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary

WRITERS = 4


def writer(port, wid, acked, attempted, stop):
    try:
        c = pymysql.connect(host="127.0.0.1", port=port, user="root", database="crash", autocommit=True)
        cur = c.cursor()
        n = 0
        while not stop.is_set():
            key = wid * 1_000_000 + n
            attempted.add(key)
            if n % 5 == 4:  # some multi-statement transactions too
                cur.execute("BEGIN")
                cur.execute("INSERT INTO t (id, w) VALUES (%s, %s)", (key, wid))
                cur.execute("INSERT INTO t (id, w) VALUES (%s, %s)", (key + 500_000, wid))
                attempted.add(key + 500_000)
                cur.execute("COMMIT")
                acked.add(key + 500_000)
            else:
                cur.execute("INSERT INTO t (id, w) VALUES (%s, %s)", (key, wid))
            acked.add(key)
            n += 1
    except (pymysql.MySQLError, OSError):
        pass  # the server died under us: expected


def test_sigkill_under_load(r, binary):
    s = Server(binary).start()
    c = pymysql.connect(host="127.0.0.1", port=s.port, user="root", autocommit=True)
    c.cursor().execute("CREATE DATABASE crash")
    c.cursor().execute("CREATE TABLE crash.t (id BIGINT PRIMARY KEY, w INT NOT NULL)")
    c.close()
    acked, attempted, stop = set(), set(), threading.Event()
    threads = [threading.Thread(target=writer, args=(s.port, i, acked, attempted, stop)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    s.kill9()
    stop.set()
    for t in threads:
        t.join(30)
    r.check(len(acked) > 0, "writers got %d acknowledged commits before the crash" % len(acked))
    s2 = Server(binary, datadir=s.datadir, port=s.port).start()
    c = pymysql.connect(host="127.0.0.1", port=s2.port, user="root", database="crash")
    cur = c.cursor()
    cur.execute("SELECT id FROM t")
    present = {row[0] for row in cur.fetchall()}
    c.close()
    missing = acked - present
    extra = present - attempted
    r.equal(len(missing), 0, "no acknowledged commit is lost (missing e.g. %s)" % sorted(missing)[:5])
    r.equal(len(extra), 0, "nothing that was never written appears")
    # A transaction is atomic across the crash: both rows or neither.
    torn = [k for k in present if k % 1_000_000 < 500_000 and (k % 1_000_000) % 5 == 4 and k + 500_000 not in present]
    r.equal(torn, [], "multi-row transactions are all-or-nothing")
    rc = s2.stop()
    r.equal(rc, 0, "clean shutdown on SIGTERM exits 0")
    s3 = Server(binary, datadir=s.datadir, port=s.port).start()
    c = pymysql.connect(host="127.0.0.1", port=s3.port, user="root", database="crash")
    cur = c.cursor()
    cur.execute("SELECT COUNT(*) FROM t")
    r.equal(cur.fetchone()[0], len(present), "a clean restart keeps every row")
    c.close()
    s3.stop()


def main():
    r = Results("crash")
    r.run(test_sigkill_under_load, r, mdld_binary())
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
