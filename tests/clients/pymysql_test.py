"""PyMySQL against mdld: autocommit off by default, parameters, transactions, errors, MDL waits."""
import struct
import sys
import threading

import pymysql

from pymysql.constants import FIELD_TYPE

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


def test_system_variable_types(r, port):
    """@@x columns are typed as in MySQL 8.0 (and MariaDB): integers and booleans LONGLONG, text
    VAR_STRING, in the text protocol and in COM_STMT_EXECUTE's binary rows."""
    c = connect(port)
    cur = c.cursor()
    names = ("autocommit", "wait_timeout", "lock_wait_timeout", "sql_mode", "transaction_isolation",
             "version")
    cur.execute("SELECT " + ", ".join("@@" + n for n in names))
    row = cur.fetchone()
    types = [d[1] for d in cur.description]
    expected = (FIELD_TYPE.LONGLONG, FIELD_TYPE.LONGLONG, FIELD_TYPE.LONGLONG, FIELD_TYPE.VAR_STRING,
                FIELD_TYPE.VAR_STRING, FIELD_TYPE.VAR_STRING)
    r.equal(tuple(types), expected, "column types of @@autocommit .. @@version")
    r.equal(row[:3], (0, 28800, 31536000), "integer variables arrive as ints")
    r.check(all(isinstance(v, str) for v in row[3:]), "text variables arrive as str: %r" % (row[3:],))
    r.equal(row[4], "REPEATABLE-READ", "transaction_isolation")
    cur.execute("SELECT @@wait_timeout + 1, @@autocommit = 0, @@global.autocommit")
    r.equal(cur.fetchone(), (28801, 1, 1), "expressions over @@x are numeric")
    cur.execute("SHOW VARIABLES LIKE 'wait_timeout'")
    r.equal((cur.fetchone(), [d[1] for d in cur.description]),
            (("wait_timeout", "28800"), [FIELD_TYPE.VAR_STRING, FIELD_TYPE.VAR_STRING]),
            "SHOW VARIABLES stays text")
    types, row = binary_select(c, "SELECT @@wait_timeout, @@autocommit, @@version")
    r.equal(types, [FIELD_TYPE.LONGLONG, FIELD_TYPE.LONGLONG, FIELD_TYPE.VAR_STRING],
            "prepared statement column types")
    r.equal(row[:2], (struct.pack("<Q", 28800), struct.pack("<q", 0)),
            "binary rows carry 8-byte integers")
    c.close()


def binary_select(conn, sql):
    """COM_STMT_PREPARE + COM_STMT_EXECUTE of a parameterless `sql` over PyMySQL's socket
    (PyMySQL has no prepared statements): (column type codes, raw values of the one row)."""
    from pymysql.protocol import FieldDescriptorPacket
    conn._execute_command(0x16, sql)
    head = conn._read_packet().get_all_data()
    stmt_id, ncols, nparams = struct.unpack("<IHH", head[1:9])
    assert nparams == 0
    types = [conn._read_packet(FieldDescriptorPacket).type_code for _ in range(ncols)]
    conn._read_packet()  # EOF (PyMySQL does not ask for CLIENT_DEPRECATE_EOF)
    conn._execute_command(0x17, struct.pack("<IBI", stmt_id, 0, 1))
    conn._read_packet()  # column count
    for _ in range(ncols):
        conn._read_packet(FieldDescriptorPacket)
    conn._read_packet()  # EOF
    data = conn._read_packet().get_all_data()
    conn._read_packet()  # EOF after the row
    pos = 1 + (ncols + 7 + 2) // 8  # header byte, NULL bitmap
    values = []
    for t in types:
        if t == FIELD_TYPE.LONGLONG:
            values.append(data[pos:pos + 8])
            pos += 8
        else:  # a length-encoded string shorter than 251 bytes here
            values.append(data[pos + 1:pos + 1 + data[pos]])
            pos += 1 + data[pos]
    conn._execute_command(0x19, struct.pack("<I", stmt_id))  # COM_STMT_CLOSE: no reply
    return types, tuple(values)


def main():
    r = Results("pymysql")
    with Server(mdld_binary()) as s:
        for t in (test_basic, test_errors, test_idle_transaction_blocks_alter, test_kill_query_interrupts_wait,
                  test_system_variable_types):
            r.run(t, r, s.port)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
