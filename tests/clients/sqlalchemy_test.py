"""SQLAlchemy 1.4 Core and ORM against mdld, including seed 000's never-committed ORM session."""
import sys

import pymysql
import sqlalchemy as sa
from sqlalchemy.orm import Session, declarative_base

from mdld_harness import Results, Server, mdld_binary

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100), unique=True)
    score = sa.Column(sa.Numeric(10, 2))
    created = sa.Column(sa.DateTime)


def engine_for(port, db="orm"):
    return sa.create_engine("mysql+pymysql://root:@127.0.0.1:%d/%s" % (port, db), future=True)


def test_orm_roundtrip(r, port):
    c = pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True)
    c.cursor().execute("CREATE DATABASE orm")
    c.close()
    engine = engine_for(port)
    Base.metadata.create_all(engine)
    r.check(sa.inspect(engine).has_table("users"), "create_all created the table")
    with Session(engine) as s:
        s.add_all([User(name="ann", email="ann@x", score=1.5), User(name="bob", email="bob@x")])
        s.commit()
        names = [u.name for u in s.query(User).order_by(User.id)]
        r.equal(names, ["ann", "bob"], "query after commit")
        s.add(User(name="tmp", email="tmp@x"))
        s.flush()
        r.equal(s.query(User).count(), 3, "flushed row visible in the session")
        s.rollback()
        r.equal(s.query(User).count(), 2, "rollback removed the flushed row")
        u = s.query(User).filter_by(name="ann").one()
        u.score = 9.25
        s.commit()
        r.equal(str(s.query(User.score).filter_by(name="ann").scalar()), "9.25", "update through the ORM")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT name FROM users WHERE email LIKE :p ORDER BY name"), {"p": "%@x"}).all()
        r.equal([x[0] for x in rows], ["ann", "bob"], "Core text query with bound LIKE")
    engine.dispose()


def test_uncommitted_session_blocks_alter(r, port):
    """Seed 000, test 4: a session that executed a SELECT and never committed blocks DDL."""
    engine = engine_for(port)
    s = Session(engine)
    s.execute(sa.select(User).where(User.id == 1)).all()
    ddl = pymysql.connect(host="127.0.0.1", port=port, user="root", database="orm", autocommit=True)
    cur = ddl.cursor()
    cur.execute("SET SESSION lock_wait_timeout = 1")
    try:
        cur.execute("ALTER TABLE users ADD COLUMN note VARCHAR(10)")
        r.check(False, "ALTER should be blocked by the open ORM session")
    except pymysql.MySQLError as e:
        r.equal(e.args[0], 1205, "ALTER waits for the ORM session and times out")
    s.commit()
    cur.execute("ALTER TABLE users ADD COLUMN note VARCHAR(10)")
    r.check(True, "ALTER runs after the session committed")
    s.close()
    ddl.close()
    engine.dispose()


def main():
    r = Results("sqlalchemy")
    with Server(mdld_binary()) as s:
        for t in (test_orm_roundtrip, test_uncommitted_session_blocks_alter):
            r.run(t, r, s.port)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
