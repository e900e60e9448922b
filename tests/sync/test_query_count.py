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
