"""The HTTP endpoint (--http-port, issue 5): /metrics without authentication; the wait-graph API
and page only with Basic authentication by an account with PROCESS; the live wait graph of the
seed pile-up (idle transaction <- ALTER <- SELECT) and its clearing after KILL; request limits;
a flood of HTTP connections does not keep MySQL clients out."""
import base64
import http.client
import json
import socket
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, free_port, mdld_binary

ROOT_PW = "s3cret-root"


def connect(port, user="root", password=ROOT_PW, **kw):
    return pymysql.connect(host="127.0.0.1", port=port, user=user, password=password, autocommit=True, **kw)


def get(http_port, path, user=None, password=None, method="GET", headers=None):
    """(status, headers dict with lower-case names, body text)."""
    h = dict(headers or {})
    if user is not None:
        h["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    try:
        c.request(method, path, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8")
    finally:
        c.close()


def wait_graph(http_port):
    status, _, body = get(http_port, "/api/wait-graph", "root", ROOT_PW)
    if status != 200:
        raise RuntimeError("wait graph: HTTP %d %s" % (status, body))
    return json.loads(body)


def poll(fn, what, timeout=15):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for %s (last: %r)" % (what, last))


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def test_metrics_need_no_authentication(r, s):
    status, headers, body = get(s.http_port, "/metrics")
    r.equal(status, 200, "/metrics without credentials is 200")
    r.check(headers.get("content-type", "").startswith("text/plain; version=0.0.4"), "Prometheus text format")
    for name in ("mdld_up", "mdld_uptime_seconds", "mdld_connections", "mdld_metadata_lock_waits",
                 "mdld_metadata_locks_granted", "mdld_longest_metadata_lock_wait_seconds"):
        r.check(metric(body, name) is not None, "/metrics has %s" % name)


def test_authentication(r, s):
    for path in ("/api/wait-graph", "/", "/app.js"):
        status, headers, _ = get(s.http_port, path)
        r.equal(status, 401, "%s without credentials is 401" % path)
        r.equal(headers.get("www-authenticate"), 'Basic realm="mdld"', "%s challenges with Basic" % path)
    r.equal(get(s.http_port, "/api/wait-graph", "root", "wrong")[0], 401, "wrong password is 401")
    r.equal(get(s.http_port, "/api/wait-graph", "root", "")[0], 401, "missing password is 401")
    r.equal(get(s.http_port, "/api/wait-graph", "nobody", "x")[0], 401, "unknown user is 401")
    root = connect(s.port)
    cur = root.cursor()
    cur.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'")
    cur.execute("GRANT SELECT ON *.* TO 'app'@'%'")
    status, _, body = get(s.http_port, "/api/wait-graph", "app", "app-pw")
    r.equal(status, 403, "a user without PROCESS is 403")
    r.equal(get(s.http_port, "/", "app", "app-pw")[0], 403, "a user without PROCESS may not see the page")
    r.equal(get(s.http_port, "/api/wait-graph", "app", "wrong")[0], 401, "that user with a wrong password is 401")
    cur.execute("GRANT PROCESS ON *.* TO 'app'@'%'")
    r.equal(get(s.http_port, "/api/wait-graph", "app", "app-pw")[0], 200, "after GRANT PROCESS it is 200")
    root.close()
    status, headers, body = get(s.http_port, "/api/wait-graph", "root", ROOT_PW)
    r.equal(status, 200, "root gets the wait graph")
    r.equal(headers.get("content-type"), "application/json", "as JSON")
    r.equal(sorted(json.loads(body).keys()), ["edges", "locks", "root_blockers", "sessions", "waiters"],
            "the document's sections")
    status, headers, body = get(s.http_port, "/", "root", ROOT_PW)
    r.equal(status, 200, "root gets the page")
    r.check("<script src=\"/wait_graph.js\"></script>" in body and "//" not in body.replace("http://www.w3.org", ""),
            "the page loads its scripts from this server only")
    r.check("script-src 'self'" in headers.get("content-security-policy", ""), "the page is served with a CSP")
    status, _, js = get(s.http_port, "/wait_graph.js", "root", ROOT_PW)
    r.check(status == 200 and "buildView" in js, "the page's graph logic is served")


def test_protocol_limits(r, s):
    r.equal(get(s.http_port, "/metrics", method="POST")[0], 405, "POST is 405")
    r.equal(get(s.http_port, "/metrics", method="DELETE")[0], 405, "DELETE is 405")
    r.equal(get(s.http_port, "/nowhere")[0], 404, "unknown path is 404")
    r.equal(get(s.http_port, "/metrics", headers={"X-Big": "v" * 20000})[0], 431, "a huge header is 431")
    r.equal(get(s.http_port, "/" + "a" * 10000)[0], 414, "a huge target is 414")
    with socket.create_connection(("127.0.0.1", s.http_port), timeout=10) as c:
        c.sendall(b"GET / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody")
        r.check(c.recv(100).startswith(b"HTTP/1.1 413 "), "a request body is 413")
    with socket.create_connection(("127.0.0.1", s.http_port), timeout=10) as c:
        c.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n")
        r.check(c.recv(100).startswith(b"HTTP/1.1 400 "), "garbage (a TLS hello) is 400")


def test_live_wait_graph_and_kill(r, s):
    setup = connect(s.port)
    cur = setup.cursor()
    cur.execute("CREATE DATABASE wg")
    cur.execute("CREATE TABLE wg.wg_secret_table (id INT PRIMARY KEY)")
    cur.execute("INSERT INTO wg.wg_secret_table VALUES (1)")
    a = connect(s.port, database="wg")
    b = connect(s.port, database="wg")
    c = connect(s.port, database="wg")
    a_id, b_id, c_id = a.thread_id(), b.thread_id(), c.thread_id()
    a.cursor().execute("BEGIN")
    a.cursor().execute("SELECT * FROM wg_secret_table")
    errors = []

    def run(conn, sql):
        try:
            conn.cursor().execute(sql)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append((sql, e))

    tb = threading.Thread(target=run, args=(b, "ALTER TABLE wg_secret_table ADD COLUMN extra INT"))
    tb.start()
    poll(lambda: any(w["id"] == b_id for w in wait_graph(s.http_port)["waiters"]), "the ALTER to wait")
    tc = threading.Thread(target=run, args=(c, "SELECT * FROM wg_secret_table"))
    tc.start()
    g = poll(lambda: (lambda g: g if len(g["waiters"]) == 2 else None)(wait_graph(s.http_port)),
             "both B and C to wait")

    edges = {(e["waiter"], e["blocker"]) for e in g["edges"]}
    r.check((b_id, a_id) in edges, "edge B -> A (the ALTER waits for the idle transaction)")
    r.check((c_id, b_id) in edges or (c_id, a_id) in edges, "edge C -> B or C -> A (the SELECT waits)")
    r.equal(g["root_blockers"], [a_id], "A is the only root blocker")
    by_id = {x["id"]: x for x in g["sessions"]}
    r.check(set(by_id) >= {a_id, b_id, c_id}, "sessions A, B, C are listed")
    r.check(by_id[a_id]["root_blocker"] and by_id[a_id]["in_transaction"], "A: root blocker in a transaction")
    r.check(by_id[a_id]["trx_idle_secs"] is not None, "A: its transaction idle time is shown")
    r.equal(by_id[a_id]["user"], "root", "A: user")
    r.equal(by_id[a_id]["db"], "wg", "A: db")
    r.check("ALTER TABLE" in (by_id[b_id]["info"] or ""), "B: its statement text")
    r.check(by_id[b_id]["waiting"] and by_id[c_id]["waiting"], "B and C are waiting")
    waiters = {w["id"]: w for w in g["waiters"]}
    for wid, name in ((b_id, "B"), (c_id, "C")):
        w = waiters[wid]
        r.equal(w["kill"], "KILL %d" % a_id, "%s: suggestion KILL A" % name)
        r.equal(w["root_blockers"], [a_id], "%s: root blocker A" % name)
        r.equal(w["object"], "TABLE `wg`.`wg_secret_table`", "%s: waits for the table" % name)
        texts = [x["explanation"] for x in w["blockers"]]
        r.check(any(t.startswith("pid %d " % a_id) and "idle in transaction" in t for t in texts),
                "%s: explained as blocked by idle transaction A: %r" % (name, texts))
    r.equal(waiters[b_id]["type"], "EXCLUSIVE", "B waits for EXCLUSIVE")
    r.equal(waiters[c_id]["type"], "SHARED_READ", "C waits for SHARED_READ")
    locks = [l for l in g["locks"] if l["owner"] == a_id]
    r.check(any(l["type"] == "SHARED_READ" and l["duration"] == "TRANSACTION" and l["status"] == "GRANTED"
                and l["name"] == "wg_secret_table" for l in locks), "A's granted SHARED_READ lock is listed")

    status, _, text = get(s.http_port, "/metrics")
    r.equal(metric(text, "mdld_metadata_lock_waits"), 2.0, "/metrics counts the two waiting sessions")
    r.check(metric(text, "mdld_metadata_locks_granted") >= 2, "/metrics counts granted locks")
    r.check("wg_secret_table" not in text and "ALTER" not in text and "@" not in text,
            "/metrics reveals no object names, SQL text or users")

    killer = connect(s.port)
    killer.cursor().execute("KILL %d" % a_id)
    tb.join(30)
    tc.join(30)
    r.check(not tb.is_alive() and not tc.is_alive(), "after KILL A, B and C finish")
    r.equal(errors, [], "B and C succeeded")
    g = poll(lambda: (lambda g: g if not g["waiters"] else None)(wait_graph(s.http_port)), "the graph to clear")
    r.equal((g["waiters"], g["root_blockers"], g["edges"]), ([], [], []), "after KILL the graph is clear")
    r.equal(metric(get(s.http_port, "/metrics")[2], "mdld_metadata_lock_waits"), 0.0, "/metrics: no waits")
    for conn in (b, c, killer, setup):
        conn.close()
    try:
        a.close()
    except Exception:  # noqa: BLE001 - killed connection
        pass


def test_http_flood_does_not_block_mysql(r, s):
    # More idle HTTP connections than workers + queue: the surplus is refused at once with 503,
    # and MySQL clients (their own threads) are unaffected.
    idle = []
    try:
        for _ in range(80):
            idle.append(socket.create_connection(("127.0.0.1", s.http_port), timeout=10))
        refused = 0
        for sock in idle[-20:]:
            sock.settimeout(5)
            try:
                if sock.recv(100).startswith(b"HTTP/1.1 503 "):
                    refused += 1
            except socket.timeout:
                pass
        r.check(refused > 0, "surplus HTTP connections are refused with 503 (%d of the last 20)" % refused)
        # Every HTTP worker is now busy with an idle connection (for up to 5 s each).
        conn = connect(s.port, connect_timeout=10)
        cur = conn.cursor()
        cur.execute("SELECT 1")
        r.equal(cur.fetchone(), (1,), "a MySQL client connects and runs a query during the flood")
        conn.close()
    finally:
        for sock in idle:
            sock.close()
    poll(lambda: get(s.http_port, "/metrics")[0] == 200, "HTTP to serve again after the flood")
    r.check(True, "HTTP serves again after the flood")


def test_passwordless_root_from_loopback(r, binary):
    port = free_port()
    with Server(binary, extra_args=["--http-port", str(port)]) as s:
        s.http_port = port
        r.equal(get(port, "/api/wait-graph", "root", "")[0], 200,
                "root without a password is accepted from loopback (as over MySQL)")
        r.equal(get(port, "/api/wait-graph", "root", "x")[0], 401, "but not with a password")
        r.equal(get(port, "/api/wait-graph", "root", "", headers={"Host": "rebound.example:%d" % port})[0], 401,
                "nor for a page on another host name rebound to 127.0.0.1 (DNS rebinding)")


def test_shutdown_with_idle_http_client(r, binary):
    port = free_port()
    s = Server(binary, extra_args=["--http-port", str(port)]).start()
    idle = socket.create_connection(("127.0.0.1", port), timeout=10)
    half = socket.create_connection(("127.0.0.1", port), timeout=10)
    half.sendall(b"GET /metrics HTTP/1.1\r\n")
    r.equal(s.stop(timeout=20), 0, "SIGTERM with HTTP clients mid-request: clean exit")
    idle.close()
    half.close()


def main():
    binary = mdld_binary()
    r = Results("http")
    http_port = free_port()
    with Server(binary, extra_args=["--root-password", ROOT_PW, "--http-port", str(http_port)]) as s:
        s.http_port = http_port
        r.check("HTTP endpoint" in poll(s.log_tail, "the log"), "mdld prints where the HTTP endpoint listens")
        r.run(test_metrics_need_no_authentication, r, s)
        r.run(test_authentication, r, s)
        r.run(test_protocol_limits, r, s)
        r.run(test_live_wait_graph_and_kill, r, s)
        r.run(test_http_flood_does_not_block_mysql, r, s)
    r.run(test_passwordless_root_from_loopback, r, binary)
    r.run(test_shutdown_with_idle_http_client, r, binary)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
