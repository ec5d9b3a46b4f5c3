"""Headless Chromium smoke test of the live wait-graph page: the real browser loads the page with
Basic credentials, runs its scripts, polls /api/wait-graph and draws the seed pile-up with the
root blocker called out; after KILL the page shows nothing waiting. Needs Debian's chromium
(test.sh installs it); without a browser the test fails rather than pass unseen.

Deterministic: --virtual-time-budget makes Chromium run the page's timers on virtual time,
which pauses while network requests are pending, and the DOM is dumped only after the budget."""
import re
import shutil
import subprocess
import sys
import threading
import time

import pymysql

from mdld_harness import Results, Server, free_port, mdld_binary

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def dump_dom(browser, url):
    out = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-extensions", "--virtual-time-budget=3000", "--dump-dom", url],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120)
    return out.stdout.decode("utf-8", errors="replace")


def wait_until(fn, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if fn():
            return True
        time.sleep(0.1)
    return False


def test_page_draws_the_pile_up(r, browser, binary):
    http_port = free_port()
    with Server(binary, extra_args=["--http-port", str(http_port)]) as s:
        def connect():
            return pymysql.connect(host="127.0.0.1", port=s.port, user="root", password="", autocommit=True)

        setup = connect()
        setup.cursor().execute("CREATE DATABASE b")
        setup.cursor().execute("CREATE TABLE b.t (id INT PRIMARY KEY)")
        a, b, c = connect(), connect(), connect()
        a.cursor().execute("BEGIN")
        a.cursor().execute("SELECT * FROM b.t")
        threads = [threading.Thread(target=lambda: b.cursor().execute("ALTER TABLE b.t ADD COLUMN x INT")),
                   threading.Thread(target=lambda: c.cursor().execute("SELECT * FROM b.t"))]
        threads[0].start()

        def waiting():
            cur = setup.cursor()
            cur.execute("SELECT COUNT(*) FROM performance_schema.metadata_locks WHERE LOCK_STATUS = 'PENDING'")
            return cur.fetchone()[0]

        r.check(wait_until(lambda: waiting() == 1), "the ALTER waits")
        threads[1].start()
        r.check(wait_until(lambda: waiting() == 2), "the SELECT waits")

        url = "http://root:@127.0.0.1:%d/" % http_port
        dom = dump_dom(browser, url)
        aid = a.thread_id()
        r.check(re.search(r'<p id="status" class="status">updated ', dom) is not None,
                "the page fetched the wait graph: %s" % re.findall(r'<p id="status".*?</p>', dom))
        r.check(('<li class="root-callout" data-id="%d"><strong>Root blocker:</strong> pid %d is idle in '
                 'transaction for ' % (aid, aid)) in dom, "the root blocker is called out")
        r.check("<code>KILL %d</code>" % aid in dom, "with its KILL")
        r.check('class="node root" data-id="%d"' % aid in dom, "the graph highlights the root blocker")
        r.check('class="node blocked-blocker" data-id="%d"' % b.thread_id() in dom, "the ALTER waits and blocks")
        r.check('class="node waiter" data-id="%d"' % c.thread_id() in dom, "the SELECT waits")
        r.equal(dom.count('<g class="link"'), 2, "two arrows (SELECT -> ALTER -> idle transaction)")

        setup.cursor().execute("KILL %d" % aid)
        for t in threads:
            t.join(30)
        dom = dump_dom(browser, url)
        r.check('<p class="summary">No session is waiting for a metadata lock.</p>' in dom,
                "after KILL the page shows nothing waiting")
        for conn in (b, c, setup):
            conn.close()


def main():
    browser = next((b for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        print("FAIL http_browser: no chromium installed (apt-get install chromium)")
        print("http_browser: 0 passed, 1 failed")
        return 1
    r = Results("http_browser")
    r.run(test_page_draws_the_pile_up, r, browser, mdld_binary())
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
