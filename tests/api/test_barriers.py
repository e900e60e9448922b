"""Barriers (DOMAIN.md): households not covered, counted by the barriers of their latest met
visit, per village; the leader's page and list, and the office report."""
import io
import random
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from fieldapp.core.vocabulary import BARRIERS
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}
T0 = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def visit(household, minutes, outcome="met", barriers=()):
    when = (T0 + timedelta(minutes=minutes)).isoformat()
    return op("visit.create", new_id(), {"household_id": household, "visited_at": when, "outcome": outcome,
                                         "topics": [], "people_guided": 0, "barriers": list(barriers)},
              when=when)


def test_counts_equal_a_recount_of_generated_visits(team, phone):
    rng = random.Random(7)
    villages = [team["t01"].id, team["t02"].id]
    ops, truth, minute = [], [], 0
    for number in range(60):
        household, village = new_id(), rng.choice(villages)
        ops.append(op("household.upsert", household, {"village_id": village, "head_name": f"Hộ {number}"}))
        covered = rng.random() < 0.25
        if covered:
            ops.append(op("member.upsert", new_id(), {"household_id": household, "full_name": "Người",
                                                      "skills": SKILLED}))
        visits = []
        for _ in range(rng.randint(0, 4)):
            minute += 1
            outcome = rng.choice(["met", "met", "not_home", "refused"])
            barriers = rng.sample(sorted(BARRIERS), rng.randint(0, 3)) if outcome == "met" else []
            visits.append((minute, outcome, barriers))
        rng.shuffle(visits)  # phones send visits out of order; the latest is by visit time
        ops += [visit(household, m, outcome, barriers) for m, outcome, barriers in visits]
        truth.append((village, covered, visits))
    phone("officer").push(*ops)

    expected = {village: dict.fromkeys(BARRIERS, 0) for village in villages}
    for village, covered, visits in truth:
        met = sorted(v for v in visits if v[1] == "met")
        if covered or not met:
            continue
        for barrier in met[-1][2]:
            expected[village][barrier] += 1
    body = phone("officer").client.get("/api/v1/stats/barriers").get_json()
    assert {row["village_id"]: row["barriers"] for row in body["villages"]} == expected
    assert body["total"]["barriers"] == {key: sum(expected[v][key] for v in villages) for key in BARRIERS}
    assert sum(body["total"]["barriers"].values()) > 0  # the seed draws some


def test_only_the_latest_met_visit_counts(team, phone):
    household = new_id()
    phone("lan").push(
        op("household.upsert", household, {"village_id": team["t01"].id, "head_name": "Hộ Mới"}),
        visit(household, 1, "met", ["no_smartphone", "no_chip_id"]),
        visit(household, 3, "not_home"),
        visit(household, 2, "met", ["level2_pending"]),
    )
    counts = phone("lan").client.get("/api/v1/stats/barriers").get_json()["total"]["barriers"]
    assert {key: n for key, n in counts.items() if n} == {"level2_pending": 1}


def test_a_covered_household_has_no_barrier_left(team, phone):
    household = new_id()
    lan = phone("lan")
    lan.push(op("household.upsert", household, {"village_id": team["t01"].id, "head_name": "Hộ Đạt"}),
             visit(household, 1, "met", ["forgot_credentials"]))
    assert lan.client.get("/api/v1/stats/barriers").get_json()["total"]["barriers"]["forgot_credentials"] == 1
    lan.push(op("member.upsert", new_id(), {"household_id": household, "full_name": "An", "skills": SKILLED}))
    assert lan.client.get("/api/v1/stats/barriers").get_json()["total"]["barriers"]["forgot_credentials"] == 0


def test_a_volunteer_sees_the_counts_of_their_villages_only(team, phone):
    for who, village in (("lan", "t01"), ("hoa", "t02")):
        household = new_id()
        phone(who).push(
            op("household.upsert", household, {"village_id": team[village].id, "head_name": "Hộ"}),
            visit(household, 1, "met", ["no_signal"]))
    body = phone("lan").client.get("/api/v1/stats/barriers").get_json()
    assert [row["village_id"] for row in body["villages"]] == [team["t01"].id]
    assert body["total"]["barriers"]["no_signal"] == 1
    assert phone("lan").client.get("/api/v1/stats/barriers",
                                   query_string={"village_id": team["t02"].id}).status_code == 403


def test_the_leader_acts_on_the_list_behind_a_count(team, phone):
    waiting, other = new_id(), new_id()
    phone("lan").push(
        op("household.upsert", waiting, {"village_id": team["t01"].id, "head_name": "Chờ Mức Hai"}),
        visit(waiting, 1, "met", ["level2_pending"]),
        op("household.upsert", other, {"village_id": team["t01"].id, "head_name": "Không Có Máy"}),
        visit(other, 2, "met", ["no_smartphone"]),
    )
    leader = phone("leader").client
    page = leader.get("/leader/barriers").get_data(as_text=True)
    assert 'data-barrier="level2_pending"' in page
    listed = leader.get("/leader/barriers/level2_pending").get_data(as_text=True)
    assert "Chờ Mức Hai" in listed and "Không Có Máy" not in listed
    assert leader.get("/leader/barriers/cccd").status_code == 404
    assert phone("lan").client.get("/leader/barriers").status_code == 403


def test_the_office_report_counts_barriers_per_village(team, phone):
    household = new_id()
    phone("lan").push(op("household.upsert", household, {"village_id": team["t01"].id, "head_name": "Hộ"}),
                      visit(household, 1, "met", ["away_for_work"]))
    officer = phone("officer").client
    page = officer.get("/office/report").get_data(as_text=True)
    assert 'data-barrier="away_for_work"' in page
    sheet = load_workbook(io.BytesIO(officer.get("/office/report.xlsx").get_data())).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    away = next(row for row in rows if row and row[0] == "Đi làm ăn xa")
    village_column = next(row for row in rows if row and row[0] == "Hộ chưa đạt theo khó khăn, vướng mắc")
    assert away[1] == 1 and away[village_column.index(team["t01"].name)] == 1
