"""mdld's @@ddl_low_priority_window: DDL that waits for an idle transaction without stalling the
queries behind it (docs/sql_session.md, docs/mdl.md "Low-priority requests").

The seed pile-up: A holds SHARED_READ in an idle transaction, B's ALTER TABLE waits for EXCLUSIVE,
and with MySQL 8.0's pending matrix (the default, window 0) every later SELECT/UPDATE on the table
queues behind B. With SET SESSION ddl_low_priority_window = N on B's session, later queries are
granted while B waits; B gets its lock as soon as the last conflicting holder is gone; after N
seconds B waits as in MySQL again (new queries queue behind it)."""
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary

MDL_WAIT = "Waiting for table metadata lock"


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True, **kw)


def scalar(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    row = cur.fetchone()
    return None if row is None else row[0]


class Async:
    """Runs one statement on its own connection thread."""

    def __init__(self, conn, sql):
        self.conn, self.sql = conn, sql
        self.error = None
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        try:
            cur = self.conn.cursor()
            cur.execute(self.sql)
            cur.fetchall()
        except pymysql.MySQLError as e:
            self.error = e

    def join(self, timeout=15):
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def done(self):
        return not self.thread.is_alive()


def state_of(admin, thread_id):
    cur = admin.cursor()
    cur.execute("SHOW PROCESSLIST")
    for row in cur.fetchall():
        if row[0] == thread_id:
            return row[6]
    return None


def wait_for_state(admin, thread_id, state, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if state_of(admin, thread_id) == state:
            return True
        time.sleep(0.05)
    return False


def setup_table(admin, name):
    cur = admin.cursor()
    cur.execute("DROP TABLE IF EXISTS lp.%s" % name)
    cur.execute("CREATE TABLE lp.%s (id INT PRIMARY KEY, v INT)" % name)
    cur.execute("INSERT INTO lp.%s VALUES (1, 1), (2, 2)" % name)


def idle_reader(port, table):
    a = connect(port)
    cur = a.cursor()
    cur.execute("BEGIN")
    cur.execute("SELECT * FROM lp.%s" % table)
    cur.fetchall()
    return a


def test_variable(r, port, admin):
    c = connect(port)
    r.equal(scalar(c, "SELECT @@global.ddl_low_priority_window"), 0, "GLOBAL default 0 (MySQL 8.0)")
    r.equal(scalar(c, "SELECT @@session.ddl_low_priority_window"), 0, "SESSION default 0")
    c.cursor().execute("SET SESSION ddl_low_priority_window = 30")
    r.equal(scalar(c, "SELECT @@ddl_low_priority_window"), 30, "SET SESSION takes effect")
    c.cursor().execute("SET SESSION ddl_low_priority_window = 31536000")
    r.equal(scalar(c, "SELECT @@ddl_low_priority_window"), 31536000, "maximum: one year")
    c.cursor().execute("SET SESSION ddl_low_priority_window = DEFAULT")
    r.equal(scalar(c, "SELECT @@ddl_low_priority_window"), 0, "SET ... = DEFAULT")
    c.close()


def test_default_piles_up(r, port, admin):
    """Window 0: MySQL's pile-up, ended here by B's short lock_wait_timeout."""
    setup_table(admin, "t0")
    a = idle_reader(port, "t0")
    b, c = connect(port), connect(port)
    b.cursor().execute("SET SESSION lock_wait_timeout = 3")
    alter = Async(b, "ALTER TABLE lp.t0 ADD COLUMN c INT")
    r.check(wait_for_state(admin, b.thread_id(), MDL_WAIT), "the ALTER waits for the idle reader")
    select = Async(c, "SELECT * FROM lp.t0")
    r.check(wait_for_state(admin, c.thread_id(), MDL_WAIT),
            "a new SELECT queues behind the waiting ALTER (MySQL 8.0)")
    r.check(alter.join(), "the ALTER ends")
    r.equal(alter.error and alter.error.args[0], 1205, "the ALTER times out (1205)")
    r.check(select.join(5) and select.error is None,
            "the SELECT then completes (%s)" % (select.error,))
    a.cursor().execute("COMMIT")
    for conn in (a, b, c):
        conn.close()


def test_low_priority_alter(r, port, admin):
    setup_table(admin, "t1")
    a = idle_reader(port, "t1")
    b, c, d = connect(port), connect(port), connect(port)
    b.cursor().execute("SET SESSION ddl_low_priority_window = 30")
    alter = Async(b, "ALTER TABLE lp.t1 ADD COLUMN c INT")
    r.check(wait_for_state(admin, b.thread_id(), MDL_WAIT),
            "the ALTER waits for the idle reader, state unchanged")
    select = Async(c, "SELECT * FROM lp.t1")
    r.check(select.join(5) and select.error is None,
            "a new SELECT completes at once (%s)" % (select.error,))
    update = Async(d, "UPDATE lp.t1 SET v = v + 1 WHERE id = 1")
    r.check(update.join(5) and update.error is None,
            "a new UPDATE completes at once (%s)" % (update.error,))
    r.check(not alter.done(), "the ALTER still waits for the idle transaction")
    cur = admin.cursor()
    cur.execute("SELECT LOCK_TYPE, LOCK_STATUS FROM performance_schema.metadata_locks "
                "WHERE OBJECT_NAME = 't1' AND OWNER_THREAD_ID = %s", (b.thread_id(),))
    r.check(("EXCLUSIVE", "PENDING") in cur.fetchall(), "metadata_locks shows the pending X")
    cur.execute("SELECT waiting_pid, blocking_pid, explanation FROM sys.metadata_lock_blockers")
    rows = cur.fetchall()
    mine = [row for row in rows if row[0] == b.thread_id()]
    r.check(any(row[1] == a.thread_id() and "at low priority" in row[2] for row in mine),
            "sys.metadata_lock_blockers: the idle reader blocks the ALTER, at low priority (%s)" %
            (mine,))
    r.check(all(row[1] != b.thread_id() for row in rows), "and the ALTER blocks no one")
    a.cursor().execute("COMMIT")
    r.check(alter.join() and alter.error is None,
            "the idle reader commits: the ALTER completes (%s)" % (alter.error,))
    cur = c.cursor()
    cur.execute("SELECT * FROM lp.t1 ORDER BY id")
    r.equal(cur.fetchall(), ((1, 2, None), (2, 2, None)), "the column was added after the UPDATE")
    for conn in (a, b, c, d):
        conn.close()


def test_window_ends(r, port, admin):
    """Window 1 s: after it, the ALTER waits as in MySQL and new queries queue behind it."""
    setup_table(admin, "t2")
    a = idle_reader(port, "t2")
    b, c, e = connect(port), connect(port), connect(port)
    b.cursor().execute("SET SESSION ddl_low_priority_window = 1")
    alter = Async(b, "ALTER TABLE lp.t2 ADD COLUMN c INT")
    r.check(wait_for_state(admin, b.thread_id(), MDL_WAIT), "the ALTER waits")
    select = Async(c, "SELECT * FROM lp.t2")
    r.check(select.join(5) and select.error is None, "inside the window a SELECT completes")
    time.sleep(2)
    late = Async(e, "SELECT * FROM lp.t2")
    r.check(wait_for_state(admin, e.thread_id(), MDL_WAIT),
            "after the window a new SELECT waits behind the ALTER")
    a.cursor().execute("COMMIT")
    r.check(alter.join() and alter.error is None, "the ALTER completes (%s)" % (alter.error,))
    r.check(late.join() and late.error is None, "then the SELECT (%s)" % (late.error,))
    for conn in (a, b, c, e):
        conn.close()


def test_low_priority_drop_and_truncate(r, port, admin):
    for stmt, table in (("TRUNCATE TABLE lp.t3", "t3"), ("DROP TABLE lp.t4", "t4")):
        setup_table(admin, table)
        a = idle_reader(port, table)
        b, c = connect(port), connect(port)
        b.cursor().execute("SET SESSION ddl_low_priority_window = 30")
        ddl = Async(b, stmt)
        r.check(wait_for_state(admin, b.thread_id(), MDL_WAIT), "%s waits" % stmt)
        select = Async(c, "SELECT * FROM lp.%s" % table)
        r.check(select.join(5) and select.error is None,
                "a SELECT is not blocked by the waiting %s (%s)" % (stmt, select.error))
        a.cursor().execute("COMMIT")
        r.check(ddl.join() and ddl.error is None, "%s completes (%s)" % (stmt, ddl.error))
        for conn in (a, b, c):
            conn.close()


def main():
    r = Results("low_priority_ddl")
    with Server(mdld_binary()) as server:
        admin = connect(server.port)
        admin.cursor().execute("CREATE DATABASE lp")
        for test in (test_variable, test_default_piles_up, test_low_priority_alter, test_window_ends,
                     test_low_priority_drop_and_truncate):
            r.run(test, r, server.port, admin)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
