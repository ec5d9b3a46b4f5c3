"""SIGTERM while sessions wait (ServerContext::KillAllSessions): a session waiting for a metadata
lock and one waiting for a row lock do not hold the shutdown up; mdld exits 0 within a few
seconds, and after a restart the committed data is there and the open transaction's is not."""
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", password="", **kw)


def wait_for(cur, count_query, timeout=10):
    """Polls `count_query` (a SELECT COUNT(*)) until it is positive."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        cur.execute(count_query)
        if cur.fetchone()[0] > 0:
            return True
        time.sleep(0.05)
    return False


def run_in_thread(fn):
    result = {}

    def body():
        try:
            fn()
            result["ok"] = True
        except pymysql.MySQLError as e:
            result["error"] = e

    t = threading.Thread(target=body, daemon=True)
    t.start()
    return t, result


def test_shutdown_with_waiting_sessions(r, binary):
    s = Server(binary).start()
    datadir = s.datadir
    admin = connect(s.port, autocommit=True)
    acur = admin.cursor()
    acur.execute("CREATE DATABASE sd")
    acur.execute("CREATE TABLE sd.t (id INT PRIMARY KEY, v INT)")
    acur.execute("INSERT INTO sd.t VALUES (1, 10), (2, 20)")

    holder = connect(s.port, autocommit=False)
    hcur = holder.cursor()
    hcur.execute("UPDATE sd.t SET v = 11 WHERE id = 1")  # row X lock, TABLE SW; never committed

    row = connect(s.port, autocommit=False)
    row_thread, row_result = run_in_thread(
        lambda: row.cursor().execute("UPDATE sd.t SET v = 12 WHERE id = 1"))
    r.check(wait_for(acur, "SELECT COUNT(*) FROM information_schema.innodb_trx "
                           "WHERE trx_state = 'LOCK WAIT'"),
            "the second UPDATE waits for the row lock")
    ddl = connect(s.port, autocommit=True)
    ddl_thread, ddl_result = run_in_thread(
        lambda: ddl.cursor().execute("ALTER TABLE sd.t ADD COLUMN c INT"))
    r.check(wait_for(acur, "SELECT COUNT(*) FROM information_schema.processlist "
                           "WHERE state = 'Waiting for table metadata lock'"),
            "ALTER waits for the metadata lock")

    started = time.time()
    rc = s.stop(timeout=20)
    elapsed = time.time() - started
    r.equal(rc, 0, "mdld exits with status 0")
    r.check(elapsed < 5, "mdld stopped within 5 s (took %.2f s)" % elapsed)
    ddl_thread.join(5)
    row_thread.join(5)
    r.check("ok" not in ddl_result, "the waiting ALTER did not complete")
    r.check("ok" not in row_result, "the waiting UPDATE did not complete")

    s2 = Server(binary, datadir=datadir).start()
    c = connect(s2.port, autocommit=True)
    cur = c.cursor()
    cur.execute("SELECT id, v FROM sd.t ORDER BY id")
    r.equal(cur.fetchall(), ((1, 10), (2, 20)), "committed rows survive; the open transaction's do not")
    cur.execute("SHOW COLUMNS FROM sd.t")
    r.equal([x[0] for x in cur.fetchall()], ["id", "v"], "the killed ALTER left the table unchanged")
    c.close()
    r.equal(s2.stop(), 0, "the restarted server stops cleanly")


def main():
    r = Results("shutdown")
    r.run(test_shutdown_with_waiting_sessions, r, mdld_binary())
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
