"""A multi-session scenario runner in the spirit of mysqltest.

A scenario file (*.test) is a list of lines; SQL lines run on the current connection and end
with ';'. Directives start with '--':

  --connect NAME [DB]          open a named connection (autocommit on, like the CLI)
  --connection NAME            make NAME current
  --send SQL                   start SQL on the current connection without waiting
  --reap [NAME]                wait for the statement sent on NAME (default: current) and print
                               its outcome
  --wait_state NAME STATE...   wait (up to 10 s) until NAME's processlist State equals STATE
  --probe_blocked NAME MS      check that NAME's sent statement is still running after MS ms
  --processlist                print SHOW PROCESSLIST rows of named connections, ids replaced by
                               connection names and Time dropped
  --metadata_locks [WHERE]     print performance_schema.metadata_locks rows (owner ids → names),
                               by default those with m.object_type = 'TABLE'
  --kill [QUERY] NAME          KILL [QUERY] <NAME's connection id> from the current connection
  --disconnect NAME            close NAME
  --only SERVER                run this scenario only against SERVER (mdld or mariadb): for
                               behaviour where MariaDB differs from MySQL 8.0 in ways a rewrite
                               rule cannot express
  --skip_on SERVER             skip the next command on SERVER (mdld or mariadb)
  --replace_ids                in the next statement's result, cells equal to a named
                               connection's id (or "KILL [QUERY] <id>") show as <NAME>
  --echo TEXT                  print TEXT
  --binlog_mark                remember SHOW MASTER STATUS's File and Position
  --binlog_events              print the SHOW BINLOG EVENTS written since --binlog_mark as
                               "binlog Event_type | Info" (table ids and xids shown as #, since
                               they depend on what ran before), checking that Pos/End_log_pos
                               are ordered byte offsets
  In SQL, $NAME_id stands for connection NAME's id (CONNECTION_ID()).
  # ...                        comment

Output: one transcript per scenario; with --record it is written to NAME.result, otherwise it is
compared with NAME.result. The expected results are MySQL 8.0's behaviour; a MariaDB transcript is
first rewritten by the rules in mariadb_differences.txt (each one a documented difference, see
docs/mysql-vs-mariadb.md). Exit status 0 when all match.
Ends with the line "scenarios: N passed, N failed".
"""
import argparse
import difflib
import os
import queue
import re
import sys
import threading
import time

import pymysql

WAIT_SECONDS = 10.0
MARIADB_RULES = []


def load_mariadb_rules():
    """Rewrites that turn MariaDB 10.11 output into MySQL 8.0's where the two servers differ
    for documented reasons (docs/mysql-vs-mariadb.md). Format: REGEX => REPLACEMENT."""
    rules = []
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mariadb_differences.txt")
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            pattern, replacement = line.split(" => ", 1)
            rules.append((re.compile(pattern), replacement))
    return rules


def normalise_mariadb(line):
    for pattern, replacement in MARIADB_RULES:
        line = pattern.sub(replacement, line)
    return line


def format_outcome(cur_desc, rows, err, affected):
    if err is not None:
        return ["ERROR %d: %s" % (err.args[0], err.args[1] if len(err.args) > 1 else "")]
    if cur_desc is None:
        return ["affected rows: %d" % affected] if affected > 0 else ["ok"]
    out = ["\t".join(d[0] for d in cur_desc)]
    for r in rows:
        out.append("\t".join("NULL" if v is None else str(v) for v in r))
    return out


class Connection:
    """A named client connection; statements may run in a background thread (--send)."""

    def __init__(self, name, host, port, user, password, db):
        self.name = name
        self.conn = pymysql.connect(host=host, port=port, user=user, password=password,
                                    database=db or None, autocommit=True)
        self.id = self.conn.thread_id()
        self.pending = None  # queue receiving the outcome of a sent statement

    def run(self, sql):
        cur = self.conn.cursor()
        try:
            affected = cur.execute(sql)
            rows = cur.fetchall() if cur.description else ()
            return format_outcome(cur.description, rows, None, affected)
        except pymysql.MySQLError as e:
            return format_outcome(None, (), e, 0)
        finally:
            cur.close()

    def send(self, sql):
        q = queue.Queue()
        self.pending = q
        threading.Thread(target=lambda: q.put(self.run(sql)), daemon=True).start()

    def reap(self, timeout=60):
        q, self.pending = self.pending, None
        if q is None:
            return ["(nothing was sent)"]
        try:
            return q.get(timeout=timeout)
        except queue.Empty:
            return ["(still running after %ds)" % timeout]

    def close(self):
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - already gone is fine
            pass


class Scenario:
    def __init__(self, args, server):
        self.args = args
        self.server = server
        self.conns = {}
        self.current = None
        self.out = []
        self.replace_ids = False
        self.binlog_mark = None
        admin = pymysql.connect(host=args.host, port=args.port, user=args.user, password=args.password,
                                autocommit=True)
        self.admin = admin

    def substitute(self, sql):
        """Replaces $NAME_id with the connection id of connection NAME."""
        return re.sub(r"\$(\w+)_id\b", lambda m: str(self.conns[m.group(1)].id), sql)

    def names_for_ids(self, lines):
        """Replaces result cells equal to a named connection's id with <NAME>."""
        ids = {str(c.id): "<%s>" % n for n, c in self.conns.items()}
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.split("\t")
            cells = [ids.get(c, c) for c in cells]
            cells = [re.sub(r"^(KILL (?:QUERY )?)(\d+)$", lambda m: m.group(1) + ids.get(m.group(2), m.group(2)), c)
                     for c in cells]
            out.append("\t".join(cells))
        return out

    def names_by_id(self):
        return {c.id: n for n, c in self.conns.items()}

    def state_of(self, name):
        cur = self.admin.cursor()
        cur.execute("SELECT state FROM information_schema.processlist WHERE id = %s", (self.conns[name].id,))
        row = cur.fetchone()
        cur.close()
        return row[0] if row else None

    def directive(self, line):
        parts = line[2:].split(None, 1)
        cmd, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if cmd == "connect":
            name, *db = rest.split()
            self.conns[name] = Connection(name, self.args.host, self.args.port, self.args.user,
                                          self.args.password, db[0] if db else None)
            self.current = name
        elif cmd == "connection":
            self.current = rest.strip()
            self.out.append("connection %s" % self.current)
        elif cmd == "send":
            self.out.append("send %s: %s" % (self.current, rest))
            self.conns[self.current].send(rest)
        elif cmd == "reap":
            name = rest.strip() or self.current
            self.out.append("reap %s" % name)
            self.out.extend(self.conns[name].reap())
        elif cmd == "wait_state":
            name, state = rest.split(None, 1)
            deadline = time.time() + WAIT_SECONDS
            seen = None
            while time.time() < deadline:
                seen = self.state_of(name)
                if seen == state:
                    break
                time.sleep(0.02)
            self.out.append("state %s: %s" % (name, seen))
        elif cmd == "probe_blocked":
            name, ms = rest.split()
            time.sleep(int(ms) / 1000.0)
            q = self.conns[name].pending
            blocked = q is not None and q.empty()
            self.out.append("%s still blocked after %s ms: %s" % (name, ms, "yes" if blocked else "no"))
        elif cmd == "processlist":
            ids = self.names_by_id()
            idle = {c.id for c in self.conns.values() if c.pending is None}
            cur = self.admin.cursor()
            # A connection with no statement in flight has its answer already, but the server
            # thread may not have switched back to Sleep yet (MariaDB shows "Writing to net"
            # for a moment): wait (up to WAIT_SECONDS) until those connections read Sleep.
            deadline = time.time() + WAIT_SECONDS
            while True:
                cur.execute("SELECT id, command, state, info FROM information_schema.processlist ORDER BY id")
                rows = cur.fetchall()
                settled = all(command == "Sleep" for (pid, command, _, _) in rows if pid in idle)
                if settled or time.time() > deadline:
                    break
                time.sleep(0.02)
            for (pid, command, state, info) in rows:
                if pid in ids:
                    self.out.append("processlist %s | %s | %s | %s" % (ids[pid], command, state or "", info or "NULL"))
            cur.close()
        elif cmd == "metadata_locks":
            ids = self.names_by_id()
            cur = self.admin.cursor()
            # Default: table locks only, which MySQL 8.0 and MariaDB name alike (their
            # GLOBAL/COMMIT vs BACKUP namespaces differ; see docs/mysql-vs-mariadb.md).
            where = rest.strip() or "m.object_type = 'TABLE'"
            cur.execute("SELECT t.processlist_id, m.object_type, m.object_schema, m.object_name, m.lock_type, "
                        "m.lock_duration, m.lock_status FROM performance_schema.metadata_locks m "
                        "JOIN performance_schema.threads t ON t.thread_id = m.owner_thread_id "
                        "WHERE " + where)
            rows = sorted((ids.get(r[0], "?"),) + tuple(r[1:]) for r in cur.fetchall() if r[0] in ids)
            for r in rows:
                self.out.append("mdl " + " | ".join("NULL" if v is None else str(v) for v in r))
            cur.close()
        elif cmd == "kill":
            words = rest.split()
            query = words[0].upper() == "QUERY"
            target = words[-1]
            sql = "KILL %s%d" % ("QUERY " if query else "", self.conns[target].id)
            self.out.append("kill %s%s" % ("query " if query else "", target))
            self.out.extend(self.conns[self.current].run(sql))
        elif cmd == "disconnect":
            name = rest.strip()
            self.conns.pop(name).close()
            self.out.append("disconnect %s" % name)
        elif cmd == "replace_ids":
            self.replace_ids = True
        elif cmd == "echo":
            self.out.append(rest)
        elif cmd == "binlog_mark":
            cur = self.admin.cursor()
            cur.execute("SHOW MASTER STATUS")
            row = cur.fetchone()
            cur.close()
            self.binlog_mark = (row[0], row[1]) if row else None
            self.out.append("binlog mark: %s" % ("set" if row else "no binary log"))
        elif cmd == "binlog_events":
            self.out.extend(self.binlog_events())
        else:
            raise ValueError("unknown directive %r" % cmd)

    def binlog_events(self):
        if self.binlog_mark is None:
            return ["binlog: no mark"]
        log, pos = self.binlog_mark
        cur = self.admin.cursor()
        cur.execute("SHOW BINLOG EVENTS IN %s FROM %s", (log, pos))
        rows = cur.fetchall()
        cur.close()
        out = []
        last_end = pos
        for (_, start, kind, _, end, info) in rows:
            if not (pos <= start < end and start <= last_end <= end):
                out.append("binlog bad offsets: Pos %d End_log_pos %d after %d" % (start, end, last_end))
            last_end = end
            info = re.sub(r"table_id: \d+", "table_id: #", info)
            info = re.sub(r"xid=\d+", "xid=#", info)
            out.append("binlog %s | %s" % (kind, info))
        return out

    def run(self, path):
        skip_next = False
        buf = ""
        with open(path) as f:
            for raw in f:
                line = raw.rstrip("\n")
                stripped = line.strip()
                if not buf and (not stripped or stripped.startswith("#")):
                    continue
                if not buf and stripped.startswith("--"):
                    if stripped.startswith("--only"):
                        if stripped.split()[1] != self.server:
                            return None
                        continue
                    if stripped.startswith("--skip_on"):
                        skip_next = stripped.split()[1] == self.server
                        continue
                    if skip_next:
                        skip_next = False
                        continue
                    self.directive(stripped)
                    continue
                buf += (" " if buf else "") + stripped
                if buf.endswith(";"):
                    sql = buf[:-1]
                    buf = ""
                    if skip_next:
                        skip_next = False
                        continue
                    self.out.append("%s> %s" % (self.current, sql))
                    if self.server == "mariadb" and "innodb_trx" in sql.lower():
                        # InnoDB (MariaDB and MySQL alike) serves INNODB_TRX from a cache that a
                        # read refreshes only if nobody read it in the last 0.1 s. Scenarios run
                        # back to back within milliseconds, so without a pause this read could
                        # return the previous scenario's transactions. mdld builds INNODB_TRX from
                        # the live sessions on every read.
                        time.sleep(0.2)
                    result = self.conns[self.current].run(self.substitute(sql))
                    if self.replace_ids:
                        result = self.names_for_ids(result)
                        self.replace_ids = False
                    self.out.extend(result)
        for c in self.conns.values():
            c.close()
        self.admin.close()
        return self.out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", default="root")
    ap.add_argument("--password", default="")
    ap.add_argument("--server", choices=("mdld", "mariadb"), default="mdld")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("tests", nargs="+")
    args = ap.parse_args()
    MARIADB_RULES.extend(load_mariadb_rules())
    passed = failed = 0
    for path in args.tests:
        base = path[:-len(".test")] if path.endswith(".test") else path
        # Each scenario starts from a fresh database named after it.
        name = os.path.basename(base)
        admin = pymysql.connect(host=args.host, port=args.port, user=args.user, password=args.password,
                                autocommit=True)
        admin.cursor().execute("DROP DATABASE IF EXISTS scn")
        admin.cursor().execute("CREATE DATABASE scn")
        admin.close()
        try:
            out = Scenario(args, args.server).run(path)
        except Exception as e:  # noqa: BLE001 - report and go on with the next scenario
            out = ["runner error: %s: %s" % (type(e).__name__, e)]
        if out is None:
            print("  skip %s (not for %s)" % (name, args.server))
            continue
        if args.server == "mariadb":
            out = [normalise_mariadb(line) for line in out]
        text = "\n".join(out) + "\n"
        expected_path = base + ".result"
        if args.record:
            with open(expected_path, "w") as f:
                f.write(text)
            print("recorded %s" % expected_path)
            passed += 1
            continue
        try:
            with open(expected_path) as f:
                expected = f.read()
        except OSError:
            expected = ""
        if expected == text:
            passed += 1
            print("  ok   %s" % name)
        else:
            failed += 1
            print("  FAIL %s (%s)" % (name, expected_path))
            sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                       "expected", "actual"))
    print("scenarios: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
