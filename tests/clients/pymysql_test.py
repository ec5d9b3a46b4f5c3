"""PyMySQL against mdld: autocommit off by default, parameters, transactions, errors, MDL waits."""
import sys
import threading

import pymysql

from mdld_harness import Results, Server, mdld_binary


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", password="", **kw)


def test_basic(r, port):
    c = connect(port)
    cur = c.cursor()
    cur.execute("CREATE DATABASE py")
    cur.execute("USE py")
    cur.execute("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(50), n BIGINT)")
    cur.executemany("INSERT INTO t (v, n) VALUES (%s, %s)", [("a", 1), ("b", 2), ("c'q", 3)])
    c.commit()
    cur.execute("SELECT id, v, n FROM t WHERE n >= %s ORDER BY id", (2,))
    r.equal(cur.fetchall(), ((2, "b", 2), (3, "c'q", 3)), "parameterised select returns typed rows")
    cur.execute("INSERT INTO t (v, n) VALUES ('d', 4)")
    r.equal(cur.lastrowid, 4, "lastrowid")
    c.rollback()
    cur.execute("SELECT COUNT(*) FROM t")
    r.equal(cur.fetchone(), (3,), "rollback undid the insert")
    c.close()


def test_errors(r, port):
    c = connect(port, database="py")
    cur = c.cursor()
    for sql, code in (("SELECT nope FROM t", 1054), ("SELECT * FROM nothere", 1146),
                      ("INSERT INTO t (id, v) VALUES (1, 'x')", 1062), ("SELEC 1", 1064)):
        try:
            cur.execute(sql)
            r.check(False, "%s should fail" % sql)
        except pymysql.MySQLError as e:
            r.equal(e.args[0], code, sql)
    c.close()


def test_idle_transaction_blocks_alter(r, port):
    """Seed 001/003: an open transaction that read a table blocks ALTER until it ends."""
    idle = connect(port, database="py")
    ddl = connect(port, database="py", autocommit=True)
    icur = idle.cursor()
    icur.execute("SELECT * FROM t")  # autocommit is off: this opens a transaction
    dcur = ddl.cursor()
    dcur.execute("SET SESSION lock_wait_timeout = 1")
    try:
        dcur.execute("ALTER TABLE t ADD COLUMN extra INT")
        r.check(False, "ALTER should wait and time out")
    except pymysql.MySQLError as e:
        r.equal(e.args[0], 1205, "ALTER times out with 1205 behind the idle transaction")
    idle.commit()
    dcur.execute("ALTER TABLE t ADD COLUMN extra INT")
    r.check(True, "ALTER runs once the transaction committed")
    idle.close()
    ddl.close()


def test_kill_query_interrupts_wait(r, port):
    holder = connect(port, database="py")
    waiter = connect(port, database="py", autocommit=True)
    killer = connect(port, autocommit=True)
    holder.cursor().execute("SELECT * FROM t")
    wid = waiter.thread_id()
    out = {}

    def run():
        try:
            waiter.cursor().execute("DROP TABLE t")
            out["err"] = None
        except pymysql.MySQLError as e:
            out["err"] = e.args[0]

    th = threading.Thread(target=run)
    th.start()
    kc = killer.cursor()
    state = None
    for _ in range(200):
        kc.execute("SELECT state FROM information_schema.processlist WHERE id = %s", (wid,))
        row = kc.fetchone()
        state = row[0] if row else None
        if state == "Waiting for table metadata lock":
            break
        threading.Event().wait(0.05)
    r.equal(state, "Waiting for table metadata lock", "processlist shows the DROP waiting")
    kc.execute("KILL QUERY %d" % wid)
    th.join(30)
    r.equal(out.get("err"), 1317, "KILL QUERY ends the wait with 1317")
    holder.rollback()
    for c in (holder, waiter, killer):
        c.close()


def main():
    r = Results("pymysql")
    with Server(mdld_binary()) as s:
        for t in (test_basic, test_errors, test_idle_transaction_blocks_alter, test_kill_query_interrupts_wait):
            r.run(t, r, s.port)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
