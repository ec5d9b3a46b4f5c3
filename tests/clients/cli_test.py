"""Round trips through the real `mariadb` command-line client."""
import subprocess
import sys

from mdld_harness import Results, Server, mdld_binary


def mariadb(port, sql, *extra, db=None):
    args = ["mariadb", "-h127.0.0.1", "-P%d" % port, "-uroot", "--batch", "--skip-column-names"]
    args += list(extra)
    if db:
        args.append(db)
    args += ["-e", sql]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def test_select_one(r, port):
    rc, out, err = mariadb(port, "select 1")
    r.equal((rc, out), (0, "1\n"), "select 1 " + err)
    rc, out, _ = mariadb(port, "select 1+1 as two, 'abc', NULL")
    r.equal(out, "2\tabc\tNULL\n", "expressions and NULL")


def test_ddl_and_dml(r, port):
    rc, out, err = mariadb(port, "create database cli_db; use cli_db; "
                           "create table t (id int primary key auto_increment, name varchar(20) not null, "
                           "score decimal(5,2) default 1.50, created datetime); "
                           "insert into t (name) values ('a'),('b'),('c'); "
                           "select id, name, score from t order by id")
    r.equal(rc, 0, "create/insert/select exits 0 " + err)
    r.equal(out, "1\ta\t1.50\n2\tb\t1.50\n3\tc\t1.50\n", "rows come back in order")
    rc, out, _ = mariadb(port, "select count(*), max(id), sum(score) from t", db="cli_db")
    r.equal(out, "3\t3\t4.50\n", "aggregates")
    rc, out, _ = mariadb(port, "update t set name='z' where id=2; select row_count(); "
                         "delete from t where id=3; select name from t order by id", db="cli_db")
    r.equal(out, "1\na\nz\n", "update/delete")


def test_errors(r, port):
    rc, out, err = mariadb(port, "selec 1")
    r.equal(rc, 1, "syntax error exits 1")
    r.check("ERROR 1064 (42000)" in err, "syntax error is 1064/42000: " + err.strip())
    rc, out, err = mariadb(port, "select nope from t", db="cli_db")
    r.check("ERROR 1054 (42S22)" in err and "Unknown column 'nope' in 'field list'" in err,
            "unknown column is 1054: " + err.strip())
    rc, out, err = mariadb(port, "select * from missing", db="cli_db")
    r.check("ERROR 1146 (42S02)" in err and "Table 'cli_db.missing' doesn't exist" in err,
            "missing table is 1146: " + err.strip())
    rc, out, err = mariadb(port, "select 1", db="no_such_db")
    r.check("ERROR 1049 (42000)" in err, "unknown database at connect is 1049: " + err.strip())
    rc, out, err = mariadb(port, "insert into t (id, name) values (1, 'dup')", db="cli_db")
    r.check("ERROR 1062 (23000)" in err, "duplicate key is 1062: " + err.strip())


def test_show(r, port):
    rc, out, _ = mariadb(port, "show databases")
    r.check("cli_db" in out.split() and "information_schema" in out.split(), "show databases lists cli_db")
    rc, out, _ = mariadb(port, "show tables", db="cli_db")
    r.equal(out, "t\n", "show tables")
    rc, out, _ = mariadb(port, "select @@version_comment limit 1")
    r.check(rc == 0 and out.strip() != "", "version_comment query the CLI sends")
    rc, out, _ = mariadb(port, "select database()", db="cli_db")
    r.equal(out, "cli_db\n", "database()")


def test_wrong_password(r, port):
    p = subprocess.run(["mariadb", "-h127.0.0.1", "-P%d" % port, "-uroot", "-pwrong", "-e", "select 1"],
                       capture_output=True, text=True, timeout=30)
    r.check(p.returncode == 1 and "ERROR 1045 (28000)" in p.stderr, "wrong password is 1045: " + p.stderr.strip())


def main():
    r = Results("cli")
    with Server(mdld_binary()) as s:
        for t in (test_select_one, test_ddl_and_dml, test_errors, test_show, test_wrong_password):
            r.run(t, r, s.port)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
