"""Idle connections that do not live forever: MySQL's wait_timeout / interactive_timeout (ERR 4031
before the close, transaction rolled back, locks released) and mdld's mdl_idle_blocker_timeout
(an idle session whose metadata locks keep others waiting is disconnected with its own 4031-shaped
error; busy blockers, blockers of no one and the default 0 are left alone).

PyMySQL reports a packet with sequence id 0 as "Lost connection" (2013) without reading it, so the
4031 packet is read from the connection's socket directly, as libmysqlclient 8.0.24+ would."""
import struct
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary

INACTIVITY = ("The client was disconnected by the server because of inactivity. See wait_timeout "
              "and interactive_timeout for configuring this behavior.")


def connect(port, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True, **kw)


def scalar(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    row = cur.fetchone()
    return None if row is None else row[0]


def variable(conn, name):
    """@@name as the client decodes it (an int for integer variables, as with MySQL)."""
    return scalar(conn, "SELECT @@" + name)


def read_unsolicited_error(conn, timeout):
    """The ERR packet the server sends on its own to an idle client: (seq, code, sqlstate, message),
    or None if nothing (or not an ERR) arrived within `timeout` seconds."""
    sock = conn._sock
    sock.settimeout(timeout)
    data = b""
    try:
        while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:3], "little"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    if len(data) < 13 or data[4] != 0xFF:
        return None
    length = int.from_bytes(data[:3], "little")
    payload = data[4:4 + length]
    code = struct.unpack("<H", payload[1:3])[0]
    return data[3], code, payload[4:9].decode(), payload[9:].decode()


def held_locks(admin, thread_id):
    cur = admin.cursor()
    cur.execute("SELECT OBJECT_NAME, LOCK_TYPE FROM performance_schema.metadata_locks "
                "WHERE OWNER_THREAD_ID = %s AND OBJECT_TYPE = 'TABLE'", (thread_id,))
    return sorted(cur.fetchall())


def counter(admin):
    cur = admin.cursor()
    cur.execute("SHOW GLOBAL STATUS LIKE 'Mdl_idle_blockers_disconnected'")
    row = cur.fetchone()
    return None if row is None else int(row[1])


def wait_for_state(admin, thread_id, state, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        cur = admin.cursor()
        cur.execute("SHOW PROCESSLIST")
        for row in cur.fetchall():
            if row[0] == thread_id and row[6] == state:
                return True
        time.sleep(0.05)
    return False


def is_connected(admin, thread_id):
    cur = admin.cursor()
    cur.execute("SHOW PROCESSLIST")
    return any(row[0] == thread_id for row in cur.fetchall())


class Background:
    """Runs one statement on its own connection and thread; join() gives (result, error)."""

    def __init__(self, conn, sql):
        self.conn, self.sql = conn, sql
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        try:
            cur = self.conn.cursor()
            cur.execute(self.sql)
            self.result = cur.fetchall()
        except pymysql.MySQLError as e:
            self.error = e

    def join(self, timeout=15):
        self.thread.join(timeout)
        return not self.thread.is_alive()


def test_wait_timeout(r, port, admin):
    c = connect(port)
    cur = c.cursor()
    cur.execute("CREATE TABLE it.w (id INT PRIMARY KEY)")
    cur.execute("SET SESSION wait_timeout = 1")
    r.equal(variable(c, "session.wait_timeout"), 1, "SESSION wait_timeout is settable")
    r.equal(variable(c, "global.wait_timeout"), 28800, "GLOBAL wait_timeout keeps MySQL's default")
    cur.execute("BEGIN")
    cur.execute("SELECT * FROM it.w")
    tid = c.thread_id()
    r.equal(held_locks(admin, tid), [("w", "SHARED_READ")], "the idle transaction holds its lock")
    t0 = time.time()
    err = read_unsolicited_error(c, timeout=5)
    took = time.time() - t0
    r.equal(err, (0, 4031, "HY000", INACTIVITY), "after wait_timeout the server sends 4031 (seq 0)")
    r.check(0.5 <= took <= 4, "the close came after about 1 s (took %.1f s)" % took)
    r.equal(held_locks(admin, tid), [], "its transaction's locks were released before the error")
    r.check(not is_connected(admin, tid), "the session is gone from the processlist")
    try:
        cur.execute("SELECT 1")
        r.check(False, "the next statement should fail")
    except pymysql.err.OperationalError as e:
        r.check(e.args[0] in (2006, 2013), "the next statement fails: lost connection (%s)" % (e.args,))
    # A client that just sends its next statement (PyMySQL reading normally).
    c2 = connect(port)
    c2.cursor().execute("SET SESSION wait_timeout = 1")
    time.sleep(2)
    try:
        c2.cursor().execute("SELECT 1")
        r.check(False, "a statement after wait_timeout should fail")
    except pymysql.err.OperationalError as e:
        r.check(True, "a statement after wait_timeout raises OperationalError (%s)" % (e.args[0],))
    # Activity resets the clock: a session used every 0.5 s with wait_timeout = 1 survives.
    c3 = connect(port)
    c3.cursor().execute("SET SESSION wait_timeout = 1")
    for _ in range(4):
        time.sleep(0.5)
        c3.cursor().execute("SELECT 1")
    r.check(True, "a session active more often than wait_timeout stays connected")
    c3.close()


def test_net_read_timeout(r, port, admin):
    c = connect(port)
    c.cursor().execute("SET SESSION net_read_timeout = 1")
    # A command packet that claims 10 bytes and sends 3, then stalls.
    c._sock.sendall(b"\x0a\x00\x00\x00\x03SE")
    c._sock.settimeout(6)
    t0 = time.time()
    try:
        data = c._sock.recv(4096)
    except OSError:
        data = b""
    took = time.time() - t0
    r.equal(data, b"", "a client stalling inside a packet is disconnected (no reply)")
    r.check(0.5 <= took <= 4, "after about net_read_timeout = 1 s (took %.1f s)" % took)
    r.check(not is_connected(admin, c.thread_id()), "its session is gone")


def test_interactive_timeout(r, port, admin):
    admin.cursor().execute("SET GLOBAL interactive_timeout = 1")
    try:
        inter = connect(port, client_flag=pymysql.constants.CLIENT.INTERACTIVE)
        plain = connect(port)
    finally:
        admin.cursor().execute("SET GLOBAL interactive_timeout = 28800")
    r.equal(variable(inter, "session.wait_timeout"), 1,
            "a CLIENT_INTERACTIVE client's wait_timeout comes from interactive_timeout")
    r.equal(variable(plain, "session.wait_timeout"), 28800, "a plain client's does not")
    err = read_unsolicited_error(inter, timeout=5)
    r.equal(err and err[1], 4031, "the interactive client is disconnected after 1 s idle")
    r.check(is_connected(admin, plain.thread_id()), "the plain client is still connected")
    plain.close()


def test_idle_blocker_seed(r, port, admin):
    admin.cursor().execute("CREATE TABLE it.t (id INT PRIMARY KEY)")
    admin.cursor().execute("INSERT INTO it.t VALUES (1)")
    before = counter(admin)
    r.equal(before, 0, "Mdl_idle_blockers_disconnected starts at 0")
    admin.cursor().execute("SET GLOBAL mdl_idle_blocker_timeout = 2")
    try:
        a = connect(port)
        b = connect(port)
        c = connect(port)
    finally:
        admin.cursor().execute("SET GLOBAL mdl_idle_blocker_timeout = 0")
    r.equal(variable(a, "session.mdl_idle_blocker_timeout"), 2,
            "new sessions take the GLOBAL mdl_idle_blocker_timeout")
    a.cursor().execute("BEGIN")
    a.cursor().execute("SELECT * FROM it.t")
    alter = Background(b, "ALTER TABLE it.t ADD COLUMN c INT")
    r.check(wait_for_state(admin, b.thread_id(), "Waiting for table metadata lock"), "B's ALTER waits")
    select = Background(c, "SELECT * FROM it.t")
    r.check(wait_for_state(admin, c.thread_id(), "Waiting for table metadata lock"), "C's SELECT waits")
    t0 = time.time()
    err = read_unsolicited_error(a, timeout=10)
    took = time.time() - t0
    want = ("The client was disconnected by the server because its idle transaction held a metadata "
            "lock that session %d waited for longer than mdl_idle_blocker_timeout (2 s)" % b.thread_id())
    r.equal(err, (0, 4031, "HY000", want), "A gets the explanatory 4031")
    r.check(took <= 6, "A was disconnected within a few seconds (%.1f s)" % took)
    r.check(alter.join() and alter.error is None, "B's ALTER completes (%s)" % (alter.error,))
    r.check(select.join() and select.error is None, "C's SELECT completes (%s)" % (select.error,))
    r.equal(select.result, ((1, None),), "C sees the altered table")
    r.equal(counter(admin), before + 1, "Mdl_idle_blockers_disconnected counts it")
    log = SERVER.log_tail(20000)
    r.check("mdl_idle_blocker_timeout: disconnected session %d" % a.thread_id() in log
            and "kept session %d" % b.thread_id() in log,
            "the error log names the blocker and the waiter")


def test_not_blocking_and_default_off(r, port, admin):
    admin.cursor().execute("CREATE TABLE it.quiet (id INT PRIMARY KEY)")
    admin.cursor().execute("CREATE TABLE it.off (id INT PRIMARY KEY)")
    before = counter(admin)
    # Idle in a transaction with a 1 s timeout, but nobody waits for its lock.
    quiet = connect(port)
    quiet.cursor().execute("SET SESSION mdl_idle_blocker_timeout = 1")
    quiet.cursor().execute("BEGIN")
    quiet.cursor().execute("SELECT * FROM it.quiet")
    # The default (0): an idle blocker that others do wait for stays, as in MySQL.
    holder = connect(port)
    r.equal(variable(holder, "session.mdl_idle_blocker_timeout"), 0, "the default is 0 (off)")
    holder.cursor().execute("BEGIN")
    holder.cursor().execute("SELECT * FROM it.off")
    waiter = connect(port)
    waiter.cursor().execute("SET SESSION lock_wait_timeout = 4")
    alter = Background(waiter, "ALTER TABLE it.off ADD COLUMN c INT")
    r.check(alter.join(), "the ALTER ends")
    r.equal(alter.error and alter.error.args[0], 1205, "the ALTER behind a default session times out")
    r.check(is_connected(admin, holder.thread_id()), "the default-0 blocker is still connected")
    r.equal(held_locks(admin, holder.thread_id()), [("off", "SHARED_READ")], "and keeps its lock")
    r.check(is_connected(admin, quiet.thread_id()), "a session blocking no one is not disconnected")
    r.equal(scalar(quiet, "SELECT COUNT(*) FROM it.quiet"), 0, "and its transaction goes on")
    r.equal(counter(admin), before, "nothing was counted")
    quiet.cursor().execute("COMMIT")
    holder.cursor().execute("COMMIT")


def test_busy_blocker(r, port, admin):
    admin.cursor().execute("CREATE TABLE it.busy (id INT PRIMARY KEY)")
    before = counter(admin)
    a = connect(port)
    a.cursor().execute("SET SESSION mdl_idle_blocker_timeout = 1")
    a.cursor().execute("BEGIN")
    a.cursor().execute("SELECT * FROM it.busy")
    b = connect(port)
    alter = Background(b, "ALTER TABLE it.busy ADD COLUMN c INT")
    r.check(wait_for_state(admin, b.thread_id(), "Waiting for table metadata lock"), "the ALTER waits")
    # A is busy for 4 s while B waits: never a victim while it runs.
    r.equal(scalar(a, "SELECT SLEEP(4)"), 0, "the busy blocker's SLEEP(4) completes uninterrupted")
    r.check(alter.thread.is_alive(), "the ALTER still waits (A's transaction still holds the lock)")
    # Its clock restarted when it became idle: an immediate statement still runs.
    r.equal(scalar(a, "SELECT 1"), 1, "a blocker that was just active is not cut off at once")
    err = read_unsolicited_error(a, timeout=6)
    r.equal(err and err[1], 4031, "once idle for its timeout, the blocker is disconnected")
    r.check(alter.join() and alter.error is None, "then the ALTER completes (%s)" % (alter.error,))
    r.equal(counter(admin), before + 1, "counted once")


def test_explicit_locks(r, port, admin):
    admin.cursor().execute("CREATE TABLE it.lt (id INT PRIMARY KEY)")
    before = counter(admin)
    a = connect(port)
    a.cursor().execute("SET SESSION mdl_idle_blocker_timeout = 1")
    a.cursor().execute("LOCK TABLES it.lt WRITE")  # explicit locks, no transaction
    b = connect(port)
    select = Background(b, "SELECT COUNT(*) FROM it.lt")
    r.check(wait_for_state(admin, b.thread_id(), "Waiting for table metadata lock"), "the SELECT waits")
    err = read_unsolicited_error(a, timeout=6)
    r.equal(err and err[1], 4031, "an idle LOCK TABLES holder is disconnected too")
    r.check(select.join() and select.error is None, "the SELECT completes (%s)" % (select.error,))
    r.equal(counter(admin), before + 1, "counted")


SERVER = None


def main():
    global SERVER
    r = Results("idle_timeout")
    with Server(mdld_binary()) as server:
        SERVER = server
        admin = connect(server.port)
        admin.cursor().execute("CREATE DATABASE it")
        for test in (test_wait_timeout, test_net_read_timeout, test_interactive_timeout, test_idle_blocker_seed,
                     test_not_blocking_and_default_off, test_busy_blocker, test_explicit_locks):
            r.run(test, r, server.port, admin)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
