"""Security (issue 5): authentication always on, MySQL's texts for denied logins, privileges for
DDL / KILL of others / reading others' statements / SET GLOBAL, and the connection limit."""
import sys
import time

import pymysql

from mdld_harness import Results, Server, mdld_binary

ROOT_PW = "s3cret-root"


def connect(port, user="root", password=ROOT_PW, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user=user, password=password, autocommit=True, **kw)


def expect_error(r, fn, code, text, what):
    try:
        fn()
        r.check(False, "%s: should fail with %d" % (what, code))
    except pymysql.MySQLError as e:
        r.equal((e.args[0], e.args[1]), (code, text), what)


def test_authentication(r, port):
    expect_error(r, lambda: connect(port, password="wrong"), 1045,
                 "Access denied for user 'root'@'localhost' (using password: YES)", "wrong password")
    expect_error(r, lambda: connect(port, password=""), 1045,
                 "Access denied for user 'root'@'localhost' (using password: NO)", "missing password")
    expect_error(r, lambda: connect(port, user="nobody", password="x"), 1045,
                 "Access denied for user 'nobody'@'localhost' (using password: YES)", "unknown user")
    c = connect(port)
    cur = c.cursor()
    cur.execute("SELECT CURRENT_USER()")
    r.check(cur.fetchone()[0].startswith("root@"), "root logs in with its password")
    c.close()


def test_privileges(r, port):
    root = connect(port)
    cur = root.cursor()
    cur.execute("CREATE DATABASE sec")
    cur.execute("CREATE TABLE sec.t (id INT PRIMARY KEY, v INT)")
    cur.execute("INSERT INTO sec.t VALUES (1, 1)")
    cur.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'")
    cur.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON sec.* TO 'app'@'%'")
    app = connect(port, user="app", password="app-pw", database="sec")
    acur = app.cursor()
    acur.execute("SELECT v FROM t WHERE id = 1")
    r.equal(acur.fetchone(), (1,), "app may read")
    acur.execute("UPDATE t SET v = 2 WHERE id = 1")
    r.check(True, "app may write")
    expect_error(r, lambda: acur.execute("ALTER TABLE t ADD COLUMN c INT"), 1142,
                 "ALTER command denied to user 'app'@'localhost' for table 't'", "app may not ALTER")
    expect_error(r, lambda: acur.execute("DROP TABLE t"), 1142,
                 "DROP command denied to user 'app'@'localhost' for table 't'", "app may not DROP")
    expect_error(r, lambda: acur.execute("KILL %d" % root.thread_id()), 1095,
                 "You are not owner of thread %d" % root.thread_id(), "app may not KILL root's session")
    expect_error(r, lambda: acur.execute("SET GLOBAL lock_wait_timeout = 5"), 1227,
                 "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) "
                 "for this operation", "app may not SET GLOBAL")
    acur.execute("SELECT user FROM information_schema.processlist")
    r.equal(sorted({row[0] for row in acur.fetchall()}), ["app"], "app sees only its own threads")
    cur.execute("SELECT COUNT(DISTINCT user) FROM information_schema.processlist")
    r.equal(cur.fetchone()[0], 2, "root (PROCESS) sees every user's threads")
    cur.execute("GRANT ALTER ON sec.* TO 'app'@'%'")
    acur.execute("ALTER TABLE t ADD COLUMN c INT")
    r.check(True, "after GRANT ALTER, app may ALTER")
    app.close()
    root.close()


def test_connection_limit(r, binary):
    with Server(binary, extra_args=["--root-password", ROOT_PW, "--max-connections", "3"]) as s:
        root = connect(s.port)
        root.cursor().execute("CREATE USER 'u'@'%' IDENTIFIED BY 'pw'")
        users = [connect(s.port, user="u", password="pw") for _ in range(2)]
        expect_error(r, lambda: connect(s.port, user="u", password="pw"), 1040, "Too many connections",
                     "the fourth ordinary connection is refused with 1040")
        # The refused connection's server thread still counts against the thread bound
        # (max_connections + 1 sockets, listener.cc) until it has closed its socket, which
        # can be a moment after its client read the 1040; wait for that, not for anything
        # the SUPER slot needs. A server that never frees the slot still fails here.
        extra = None
        deadline = time.monotonic() + 5
        while extra is None:
            try:
                extra = connect(s.port)
            except pymysql.err.OperationalError as e:
                if e.args[0] != 1040 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        r.check(True, "one extra connection is kept for a SUPER account, as MySQL does")
        for c in users + [extra, root]:
            c.close()


def main():
    r = Results("security")
    binary = mdld_binary()
    with Server(binary, extra_args=["--root-password", ROOT_PW]) as s:
        r.run(test_authentication, r, s.port)
        r.run(test_privileges, r, s.port)
    r.run(test_connection_limit, r, binary)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
