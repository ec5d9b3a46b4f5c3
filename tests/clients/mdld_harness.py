"""Starts and stops an mdld server for client tests.

Used by every script in tests/clients/. Run with /usr/bin/python3 (Debian's interpreter, which
sees python3-pymysql and python3-sqlalchemy).
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An mdld process on a free loopback port with its own data directory."""

    def __init__(self, binary, datadir=None, extra_args=(), port=None):
        self.binary = binary
        self.own_datadir = datadir is None
        self.datadir = datadir or tempfile.mkdtemp(prefix="mdld-test-")
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.proc = None
        self.log_path = os.path.join(self.datadir + ".log") if self.own_datadir else None

    def start(self, timeout=30):
        args = [self.binary, "--port", str(self.port), "--bind-address", "127.0.0.1",
                "--datadir", self.datadir] + self.extra_args
        self.log = open(self.datadir.rstrip("/") + ".log", "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("mdld exited with %s; log: %s" % (self.proc.returncode, self.log_tail()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.recv(1)  # the handshake's first byte
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mdld did not start listening on %d; log: %s" % (self.port, self.log_tail()))

    def log_tail(self, n=2000):
        try:
            with open(self.datadir.rstrip("/") + ".log", "rb") as f:
                return f.read()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("mdld did not stop within %ds after signal %d" % (timeout, sig))
        rc = self.proc.returncode
        self.proc = None
        self.log.close()
        return rc

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.proc = None
        self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def mdld_binary():
    """The binary to test: $MDLD, else build/tools/mdld/mdld relative to the repo root."""
    if os.environ.get("MDLD"):
        return os.environ["MDLD"]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for candidate in (os.path.join(root, "build", "tools", "mdld"),
                      os.path.join(root, "build", "tools", "mdld", "mdld")):
        if os.path.isfile(candidate):
            return candidate
    raise RuntimeError("mdld not built: run ./test.sh or set MDLD")


class Results:
    """Counts checks and prints the closing 'N passed, N failed' line."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
            print("  ok   %s" % what)
        else:
            self.failed += 1
            print("  FAIL %s" % what)
        sys.stdout.flush()
        return cond

    def equal(self, got, want, what):
        ok = got == want
        if not ok:
            what = "%s: got %r, want %r" % (what, got, want)
        return self.check(ok, what)

    def run(self, fn, *args):
        """Runs one test function; an exception counts as a failure."""
        print("%s: %s" % (self.name, fn.__name__))
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 - any exception is a failed test
            import traceback
            traceback.print_exc()
            self.check(False, "%s raised %s: %s" % (fn.__name__, type(e).__name__, e))

    def finish(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed))
        return 0 if self.failed == 0 and self.passed > 0 else 1
