"""A push of 500 operations and a pull of 1000 rows use a bounded number of SQL statements."""
import pytest
from sqlalchemy import event

from fieldapp.extensions import db
from tests.phones import new_id, op


@pytest.fixture
def statements(app):
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


def mixed_ops(village_id, households=100):
    """500 operations: households, members, skills taught, visits."""
    ops = []
    for _ in range(households):
        household_id, member_id = new_id(), new_id()
        ops += [
            op("household.upsert", household_id, {"village_id": village_id, "head_name": "Nguyễn Văn An",
                                                  "phone": "0912345678"}),
            op("member.upsert", member_id, {"household_id": household_id, "full_name": "Trần Thị Hoa"}),
            op("visit.create", new_id(), {"household_id": household_id, "outcome": "met",
                                          "topics": ["vneid_level2"], "barriers": ["no_chip_id"]}),
            op("member.upsert", member_id, {"skills": {"vneid_level2": True, "vneid_login": True}},
               minutes=1, base_version=1),
            op("household.upsert", household_id, {"address": "Số 5"}, minutes=1, base_version=1),
        ]
    return ops


def test_a_push_of_500_ops_uses_a_bounded_number_of_statements(team, phone, statements):
    lan = phone("lan")
    statements.clear()
    results = lan.push(*mixed_ops(team["t01"].id))
    assert {r["status"] for r in results} == {"applied"}
    assert len(statements) <= 25, len(statements)  # 18 when written; per-row would be 500+


def test_a_pull_of_1000_rows_uses_a_bounded_number_of_statements(team, phone, statements):
    lan = phone("lan")
    for _ in range(4):
        lan.push(*mixed_ops(team["t01"].id))
    statements.clear()
    page = lan.pull(limit=1000)
    assert sum(len(page[k]) for k in ("villages", "households", "members", "visits")) == 1000
    assert len(statements) <= 12, len(statements)  # 10 when written; per-row would be 1000+


def _quiet_pull(lan, village_id):
    lan.push(*mixed_ops(village_id, households=3))
    lan.pull_all()
    lan.pull(lan.cursor)  # the phone's and the user's last sync are stamped: no write follows
    return lan.cursor


def test_a_pull_with_nothing_new_answers_from_the_cursor(team, phone, statements):
    """Issue 18: the timer's pull, with nothing new in the commune, reads the user (with their
    villages), checks the phone, and reads the commune's mark: one statement for the data."""
    lan = phone("lan")
    cursor = _quiet_pull(lan, team["t01"].id)
    statements.clear()
    page = lan.pull(cursor)
    assert page["cursor"] == cursor and not page["more"]
    assert not any(page[k] for k in ("villages", "households", "members", "visits", "conflicts"))
    data = [s for s in statements if "last_seq" in s]
    assert len(data) == 1, statements  # the mark, with the tables' checks in the same statement
    assert len(statements) == 3, statements  # the user, the phone (X-Device-Id), the mark


def test_with_nothing_new_the_synced_tables_are_not_read(team, phone, app):
    """The mark's statement looks at no synced table when the mark has not passed the cursor:
    PostgreSQL's plan shows their scans never executed (one index read of the commune's row)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("EXPLAIN ANALYZE's never executed nodes are PostgreSQL's")
    lan = phone("lan")
    cursor = _quiet_pull(lan, team["t01"].id)
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "last_seq" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert lan.pull(cursor)["cursor"] == cursor
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    (statement, parameters), = seen  # the mark's statement, exactly as the pull sent it
    with db.engine.connect() as connection:
        explain = "EXPLAIN (ANALYZE, COSTS OFF) " + statement
        plan = connection.exec_driver_sql(explain, parameters).scalars().all()
    text = "\n".join(plan)
    scans = [line for line in plan if any(f" on {table}" in line for table in
                                          ("households", "members", "visits", "villages", "conflicts"))]
    assert scans, text
    assert all("never executed" in line for line in scans), text
    assert any(" on communes" in line and "never executed" not in line for line in plan), text


def test_a_pull_right_after_another_phones_change_still_brings_it(team, phone, statements):
    """The mark answers first, but never hides a change: lan's phone is up to date (its cursor
    at the commune's mark), a write in another village moves the mark past it (nothing for lan,
    the cursor moves on), then tuan's phone writes in lan's village: lan's very next pull, and
    the pull carried by lan's next push, bring it, with a bounded number of statements."""
    lan, tuan, hoa = phone("lan"), phone("tuan"), phone("hoa")
    cursor = _quiet_pull(lan, team["t01"].id)
    hoa.push(op("household.upsert", new_id(), {"village_id": team["t02"].id, "head_name": "Lê Thị Mai"}))
    statements.clear()
    page = lan.pull(cursor)
    assert not page["households"] and page["cursor"] != cursor  # the mark moved on: so does lan
    assert len(statements) == 3, statements  # the user, the phone, the mark: no table read
    cursor = page["cursor"]

    household_id = new_id()
    tuan.push(op("household.upsert", household_id,
                 {"village_id": team["t01"].id, "head_name": "Phạm Văn Bình"}))
    statements.clear()
    page = lan.pull(cursor)
    assert [h["id"] for h in page["households"]] == [household_id] and not page["more"]
    assert len(statements) == 4, statements  # the user, the phone, the mark, the households
    assert lan.pull(page["cursor"])["households"] == []  # and then nothing again

    visit_id = new_id()
    tuan.push(op("visit.create", visit_id, {"household_id": household_id, "outcome": "met",
                                            "topics": ["vneid_level2"]}))
    response = lan.push_raw({"device_id": lan.device_id, "cursor": page["cursor"], "limit": 100, "ops": []})
    assert response.status_code == 200, response.get_json()
    assert [v["id"] for v in response.get_json()["pull"]["visits"]] == [visit_id]
