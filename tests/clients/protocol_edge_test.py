"""Protocol edge cases against a running mdld, with a raw-socket client (stdlib only).

  /usr/bin/python3 protocol_edge_test.py [--host H --port P --user U --password PW]

Without --port it starts its own mdld ($MDLD, or build/tools/mdld/mdld) through mdld_harness
with --root-password and a small --max-allowed-packet. Prints "N passed, N failed"; exits
non-zero on any failure.
"""
import argparse
import hashlib
import os
import socket
import struct
import sys

CLIENT_CAPS = (0x00000001 | 0x00000200 | 0x00002000 | 0x00008000 | 0x00010000 | 0x00020000 |
               0x00080000 | 0x00200000 | 0x00000008)


class Conn:
    def __init__(self, host, port, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.seq = 0

    def close(self):
        self.sock.close()

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError("server closed the connection")
            buf += chunk
        return buf

    def read_packet(self):
        header = self.recv_exact(4)
        length = header[0] | header[1] << 8 | header[2] << 16
        self.seq = (header[3] + 1) & 0xFF
        return self.recv_exact(length)

    def send_packet(self, payload, seq=None):
        seq = self.seq if seq is None else seq
        self.sock.sendall(struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload)
        self.seq = (seq + 1) & 0xFF

    def command(self, payload):
        self.send_packet(payload, seq=0)

    def closed_by_server(self):
        """True if the server closes the connection (EOF) within the timeout."""
        try:
            while True:
                if not self.sock.recv(4096):
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False


def scramble(password, salt):
    if not password:
        return b""
    s1 = hashlib.sha1(password.encode()).digest()
    s2 = hashlib.sha1(s1).digest()
    mask = hashlib.sha1(salt + s2).digest()
    return bytes(a ^ b for a, b in zip(s1, mask))


def parse_greeting(p):
    assert p[0] == 10, "not a v10 handshake: %r" % p[:8]
    end = p.index(b"\0", 1)
    version = p[1:end].decode()
    pos = end + 1 + 4
    salt = p[pos:pos + 8]
    pos += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10
    salt += p[pos:pos + 12]
    return version, salt


def handshake_response(user, token, db=b""):
    return (struct.pack("<IIB", CLIENT_CAPS, 1 << 24, 45) + b"\0" * 23 + user.encode() + b"\0" +
            bytes([len(token)]) + token + db + b"\0" + b"mysql_native_password\0")


def err_fields(p):
    if not p or p[0] != 0xFF:
        return None
    return struct.unpack("<H", p[1:3])[0], p[4:9].decode(), p[9:].decode(errors="replace")


def login(args, password=None):
    c = Conn(args.host, args.port)
    _, salt = parse_greeting(c.read_packet())
    pw = args.password if password is None else password
    c.send_packet(handshake_response(args.user, scramble(pw, salt)))
    return c, c.read_packet()


def select_one_works(args):
    c, answer = login(args)
    assert answer[0] == 0x00, "login failed: %r" % (err_fields(answer),)
    c.command(b"\x03SELECT 1")
    first = c.read_packet()
    assert first[0] == 1, "expected 1 column, got %r" % first
    c.read_packet()               # column definition
    eof = c.read_packet()         # EOF (no DEPRECATE_EOF requested)
    assert eof[0] == 0xFE, eof
    row = c.read_packet()
    assert row == b"\x011", "row %r" % row
    assert c.read_packet()[0] == 0xFE
    c.command(b"\x01")            # COM_QUIT
    c.close()


# --- the cases -------------------------------------------------------------------------------

def test_greeting_version(args):
    c = Conn(args.host, args.port)
    version, salt = parse_greeting(c.read_packet())
    assert version == "8.0.36-mdld", version
    assert len(salt) == 20 and b"\0" not in salt
    c.close()


def test_truncated_handshake_response(args):
    c = Conn(args.host, args.port)
    c.read_packet()
    c.send_packet(handshake_response(args.user, b"x" * 20)[:20])
    try:
        p = c.read_packet()
        e = err_fields(p)
        assert e and e[0] == 1043, "expected 1043 Bad handshake, got %r" % (p,)
    except EOFError:
        pass
    assert c.closed_by_server()
    c.close()


def test_garbage_bytes(args):
    c = Conn(args.host, args.port)
    c.read_packet()
    c.sock.sendall(os.urandom(3) + b"\x01" + b"\x00garbage\xff" * 50)
    try:
        while True:
            p = c.read_packet()
            e = err_fields(p)
            assert e, "garbage got a non-error answer %r" % p[:16]
    except EOFError:
        pass
    c.close()


def test_header_claiming_16mib_then_close(args):
    c = Conn(args.host, args.port)
    c.read_packet()
    c.sock.sendall(b"\xff\xff\xff\x01" + b"x" * 100)
    c.close()
    select_one_works(args)


def test_unknown_command_keeps_connection(args):
    c, answer = login(args)
    assert answer[0] == 0x00, err_fields(answer)
    for command in (b"\xee", b"\x1d", b"\x0d"):
        c.command(command)
        e = err_fields(c.read_packet())
        assert e and e[0] == 1047 and e[1] == "08S01" and e[2] == "Unknown command", e
    c.command(b"\x0e")  # COM_PING
    assert c.read_packet()[0] == 0x00
    c.close()


def test_wrong_password(args):
    c, answer = login(args, password="definitely-wrong")
    e = err_fields(answer)
    assert e == (1045, "28000", "Access denied for user '%s'@'localhost' (using password: YES)" % args.user), e
    assert c.closed_by_server()
    c.close()


def test_out_of_order_sequence(args):
    c, answer = login(args)
    assert answer[0] == 0x00
    c.send_packet(b"\x0e", seq=7)
    e = err_fields(c.read_packet())
    assert e and e[0] == 1156, e
    c.close()


def test_oversize_packet(args):
    if not args.max_allowed_packet:
        return "skipped: max_allowed_packet unknown"
    c, answer = login(args)
    assert answer[0] == 0x00
    c.command(b"\x03SELECT '" + b"x" * (args.max_allowed_packet + 10) + b"'")
    e = err_fields(c.read_packet())
    assert e == (1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"), e
    assert c.closed_by_server()
    c.close()


def test_normal_client_still_works(args):
    select_one_works(args)


TESTS = [test_greeting_version, test_truncated_handshake_response, test_garbage_bytes,
         test_header_claiming_16mib_then_close, test_unknown_command_keeps_connection,
         test_wrong_password, test_out_of_order_sequence, test_oversize_packet,
         test_normal_client_still_works]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int)
    ap.add_argument("--user", default="root")
    ap.add_argument("--password", default="")
    ap.add_argument("--max-allowed-packet", type=int, default=0)
    args = ap.parse_args()

    server = None
    if args.port is None:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import mdld_harness
        binary = mdld_harness.mdld_binary()
        args.password = "edge-pw"
        args.max_allowed_packet = 1 << 20
        server = mdld_harness.Server(binary, extra_args=["--root-password", args.password,
                                                         "--max-allowed-packet", "1M"]).start()
        args.port = server.port

    passed = failed = 0
    try:
        for test in TESTS:
            try:
                note = test(args)
                passed += 1
                print("PASS %s%s" % (test.__name__, " (%s)" % note if note else ""))
            except Exception as e:  # noqa: BLE001 - report every failure and go on
                failed += 1
                print("FAIL %s: %s: %s" % (test.__name__, type(e).__name__, e))
    finally:
        if server is not None:
            rc = server.stop()
            if rc != 0:
                failed += 1
                print("FAIL mdld exited with %s after SIGTERM" % rc)
    print("protocol_edge: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
