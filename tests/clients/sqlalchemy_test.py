"""SQLAlchemy 1.4 Core and ORM against mdld, including seed 000's never-committed ORM session."""
import os
import sys

# The tests use the 1.4 Query API on purpose (what 1.4 applications send); silence the 2.0
# notice (read when sqlalchemy is imported).
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import pymysql  # noqa: E402
import sqlalchemy as sa
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship, selectinload

from mdld_harness import Results, Server, mdld_binary

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100), unique=True)
    score = sa.Column(sa.Numeric(10, 2))
    created = sa.Column(sa.DateTime)


# Models of the relationship tests, in their own database ("orm2") and metadata. The join
# condition is declared on the relationships (foreign()) rather than as a FOREIGN KEY column
# constraint, which mdld's CREATE TABLE rejects (1235, not supported).
Base2 = declarative_base()


class Team(Base2):
    __tablename__ = "teams"
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    name = sa.Column(sa.String(30), nullable=False, unique=True)
    members = relationship("Member", back_populates="team", order_by="Member.id",
                           primaryjoin="Team.id == foreign(Member.team_id)")


class Member(Base2):
    __tablename__ = "members"
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    login = sa.Column(sa.String(30), nullable=False, unique=True)
    team_id = sa.Column(sa.Integer, index=True)
    points = sa.Column(sa.Integer, nullable=False, default=0)
    joined = sa.Column(sa.DateTime)
    team = relationship("Team", back_populates="members", primaryjoin="foreign(Member.team_id) == Team.id")


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


def test_orm_relationships_and_queries(r, port):
    """ORM usage beyond CRUD: relationships and joins, IN, ORDER BY/LIMIT/OFFSET, count() (a
    derived table), subquery joins, bulk UPDATE/DELETE through Query, date arithmetic."""
    import datetime
    c = pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True)
    c.cursor().execute("CREATE DATABASE orm2")
    c.close()
    engine = engine_for(port, "orm2")
    Base2.metadata.create_all(engine)
    t0 = datetime.datetime(2024, 1, 31, 12, 0, 0)
    with Session(engine) as s:
        red, blue = Team(name="red"), Team(name="blue")
        s.add_all([red, blue, Team(name="empty")])
        s.add_all([
            Member(login="ann", team=red, points=10, joined=t0),
            Member(login="bob", team=red, points=20, joined=t0 + datetime.timedelta(days=1)),
            Member(login="cid", team=blue, points=5, joined=t0 + datetime.timedelta(days=40)),
            Member(login="dee", team=None, points=1, joined=None),
        ])
        s.commit()

        q = s.query(Member.login).join(Member.team).filter(Team.name == "red").order_by(Member.login)
        r.equal([x[0] for x in q], ["ann", "bob"], "inner join through a relationship")
        r.equal(s.query(Member).join(Member.team).filter(Team.name == "RED").count(), 2,
                "count() over a join (derived table) with case-insensitive string equality")
        r.equal(s.query(Member).count(), 4, "query.count() wraps the query in a derived table")
        outer = (s.query(Team.name, sa.func.count(Member.id))
                 .outerjoin(Member, Member.team_id == Team.id)
                 .group_by(Team.id, Team.name).order_by(Team.name).all())
        r.equal([(n, k) for n, k in outer], [("blue", 1), ("empty", 0), ("red", 2)], "outer join with GROUP BY")
        r.equal(sorted(m.login for m in s.query(Member).filter(Member.login.in_(["ann", "cid", "zed"]))),
                ["ann", "cid"], "filter with IN")
        r.equal([m.login for m in s.query(Member).order_by(Member.points.desc()).limit(2).offset(1)],
                ["ann", "cid"], "order_by + limit + offset")
        r.equal(s.query(Member).filter(Member.login == "bob").first().points, 20, "first() sends LIMIT")
        r.equal(s.get(Member, 1).login, "ann", "Session.get by primary key")

        teams = s.query(Team).options(joinedload(Team.members)).order_by(Team.id).all()
        r.equal([[m.login for m in t.members] for t in teams], [["ann", "bob"], ["cid"], []],
                "joinedload (LEFT OUTER JOIN to an anonymous alias)")
        s.expunge_all()
        teams = s.query(Team).options(selectinload(Team.members)).order_by(Team.id).all()
        r.equal([len(t.members) for t in teams], [2, 1, 0], "selectinload (second query with IN)")

        totals = (s.query(Member.team_id, sa.func.sum(Member.points).label("total"))
                  .group_by(Member.team_id).subquery())
        rows = (s.query(Team.name, totals.c.total).join(totals, totals.c.team_id == Team.id)
                .order_by(totals.c.total.desc()).all())
        r.equal([(n, int(t)) for n, t in rows], [("red", 30), ("blue", 5)], "join with an aggregated subquery")
        r.equal(s.query(Member.login).filter(
            s.query(Team.id).filter(Team.id == Member.team_id, Team.name == "blue").exists()).scalar(),
            "cid", "EXISTS subquery")
        r.equal(s.query(sa.func.max(Member.points)).filter(Member.points.between(2, 15)).scalar(), 10,
                "aggregate with BETWEEN")
        r.equal(sorted(x[0] for x in s.query(Member.login).filter(Member.login.ilike("A%"))),
                ["ann"], "ilike (lower() LIKE lower())")

        late = s.query(Member.login).filter(
            Member.joined > sa.func.date_add(sa.literal(t0), sa.text("INTERVAL 1 MONTH"))).all()
        r.equal([x[0] for x in late], ["cid"], "func.date_add with INTERVAL")
        diff = s.query(sa.func.timestampdiff(sa.text("DAY"), Member.joined, sa.literal(t0 + datetime.timedelta(days=50))))\
            .filter(Member.login == "cid").scalar()
        r.equal(diff, 10, "TIMESTAMPDIFF over a column")
        r.equal(s.query(sa.func.md5(Member.login)).filter(Member.login == "ann").scalar(),
                "7e0d7f8a5d96c24ffcc840f31bce72b2", "MD5")

        n = s.query(Member).filter(Member.team_id == red.id).update(
            {Member.points: Member.points + 1}, synchronize_session="evaluate")
        r.equal(n, 2, "Query.update returns matched rows")
        n = s.query(Member).filter(Member.team_id.is_(None)).delete(synchronize_session=False)
        r.equal(n, 1, "Query.delete returns deleted rows")
        s.commit()
        r.equal(s.query(sa.func.sum(Member.points)).scalar(), 37, "bulk update and delete committed")
        n = s.query(Member).filter(Member.team_id == Team.id, Team.name == "blue").update(
            {Member.points: Member.points * 2}, synchronize_session=False)
        r.equal(n, 1, "Query.update with join criteria (multi-table UPDATE)")
        r.equal(s.query(Member.points).filter(Member.login == "cid").scalar(), 10, "multi-table UPDATE applied")
        s.query(Member).filter(Member.login.in_(["ann", "bob"])).delete(synchronize_session="fetch")
        s.rollback()
        r.equal(s.query(Member).count(), 3, "rolled-back bulk delete")
        r.equal(s.query(Member.points).filter(Member.login == "cid").scalar(), 5,
                "rollback undid the multi-table UPDATE")
    engine.dispose()


def main():
    r = Results("sqlalchemy")
    with Server(mdld_binary()) as s:
        for t in (test_orm_roundtrip, test_uncommitted_session_blocks_alter, test_orm_relationships_and_queries):
            r.run(t, r, s.port)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
