"""Fault test (issue 5): the data directory's disk fills up under a commit load. Commits then
fail with an error instead of being acknowledged, the server keeps serving, and after a restart
every acknowledged commit is present and no failed one is. Needs root (mounts a small tmpfs);
skips itself, counted as passed with a note, where mounting is not allowed."""
import os
import subprocess
import sys
import tempfile

import pymysql

from mdld_harness import Results, Server, mdld_binary


def test_disk_full(r, binary):
    mnt = tempfile.mkdtemp(prefix="mdld-full-")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt]).returncode != 0:
        print("  note: cannot mount a tmpfs here (not root?): disk-full test not run")
        r.check(True, "skipped: no permission to mount")
        return
    try:
        datadir = os.path.join(mnt, "data")
        s = Server(binary, datadir=datadir).start()
        c = pymysql.connect(host="127.0.0.1", port=s.port, user="root", autocommit=True)
        cur = c.cursor()
        cur.execute("CREATE DATABASE full_db")
        cur.execute("CREATE TABLE full_db.t (id INT PRIMARY KEY, pad VARCHAR(2000))")
        acked, failed, error = [], [], None
        for i in range(5000):
            try:
                cur.execute("INSERT INTO full_db.t VALUES (%s, REPEAT('x', 2000))", (i,))
                acked.append(i)
            except pymysql.MySQLError as e:
                failed.append(i)
                error = e
                if len(failed) >= 3:
                    break
        r.check(error is not None, "commits fail once the disk is full (%d acknowledged)" % len(acked))
        if error is not None:
            r.check(error.args[0] in (3, 1021, 1030),
                    "the error is MySQL's disk/write error: %r" % (error.args,))
        cur.execute("SELECT 1")
        r.equal(cur.fetchone(), (1,), "the server still answers")
        c.close()
        s.kill9()
        # Make room (the failed commits' partial records may remain in the log) and restart.
        subprocess.run(["mount", "-o", "remount,size=64m", mnt], check=True)
        s2 = Server(binary, datadir=datadir).start()
        c = pymysql.connect(host="127.0.0.1", port=s2.port, user="root", database="full_db")
        cur = c.cursor()
        cur.execute("SELECT id FROM t ORDER BY id")
        present = [row[0] for row in cur.fetchall()]
        r.equal(sorted(set(acked) - set(present)), [], "every acknowledged commit survived")
        r.equal(sorted(set(failed) & set(present)), [], "no failed commit appeared")
        c.close()
        s2.stop()
    finally:
        subprocess.run(["umount", "-l", mnt])
        os.rmdir(mnt)


def main():
    r = Results("disk_full")
    r.run(test_disk_full, r, mdld_binary())
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
