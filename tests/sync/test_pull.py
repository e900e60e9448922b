"""GET /api/v1/sync/pull: rows of the user's scope above the cursor, oldest first."""
import gzip
import json

import pytest

from fieldapp.accounts.services import assign_villages
from fieldapp.extensions import db
from tests.phones import new_id, op


def household(village, entity_id=None, **data):
    return op("household.upsert", entity_id or new_id(),
              {"village_id": village.id, "head_name": "Nguyễn Văn An", **data})


def ids(page, key):
    return [row["id"] for row in page[key]]


def test_pull_from_empty_brings_the_users_villages_and_their_records(team, phone):
    lan = phone("lan")
    household_id, member_id, visit_id = new_id(), new_id(), new_id()
    lan.push(household(team["t01"], household_id),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "An",
                                             "skills": {"vneid_level2": True}}),
             op("visit.create", visit_id, {"household_id": household_id, "outcome": "met",
                                           "topics": ["vneid_level2"]}))
    page = lan.pull()
    assert [v["code"] for v in page["villages"]] == ["T01"]
    assert ids(page, "households") == [household_id]
    [member] = page["members"]
    assert (member["id"], member["skills"], member["capable"], member["deleted"]) == (
        member_id, ["vneid_level2"], False, False)
    [visit] = page["visits"]
    assert (visit["id"], visit["topics"], visit["volunteer_id"]) == (visit_id, ["vneid_level2"],
                                                                     team["lan"].id)
    assert page["households"][0]["status"] == "in_progress"
    assert page["more"] is False and page["reset"] is False
    assert page["village_ids"] == [team["t01"].id]


def test_pull_returns_only_what_changed_since_the_cursor(team, phone):
    lan = phone("lan")
    first_id, second_id = new_id(), new_id()
    lan.push(household(team["t01"], first_id))
    cursor = lan.pull()["cursor"]
    lan.push(household(team["t01"], second_id))
    page = lan.pull(cursor)
    assert ids(page, "households") == [second_id] and page["villages"] == []
    assert lan.pull(page["cursor"])["households"] == []


def test_an_updated_row_comes_again_with_its_new_version(team, phone):
    lan = phone("lan")
    household_id = new_id()
    lan.push(household(team["t01"], household_id))
    cursor = lan.pull()["cursor"]
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=1, base_version=1))
    [row] = lan.pull(cursor)["households"]
    assert (row["address"], row["version"]) == ("Số 5", 2)


def test_volunteer_pulls_only_their_villages_officer_the_whole_commune(team, phone):
    phone("lan").push(household(team["t01"]))
    phone("hoa").push(household(team["t02"]))
    phone("stranger").push(household(team["far"]))
    assert len(phone("lan").pull()["households"]) == 1
    assert len(phone("hoa").pull()["households"]) == 1
    officer = phone("officer").pull()
    assert len(officer["households"]) == 2 and len(officer["villages"]) == 2


def test_pages_follow_seq_and_together_hold_everything_once(team, phone):
    lan = phone("lan")
    household_ids = [new_id() for _ in range(7)]
    lan.push(*[household(team["t01"], h) for h in household_ids])
    lan.push(*[op("member.upsert", new_id(), {"household_id": h, "full_name": "Con"}) for h in household_ids])
    pages = lan.pull_all(limit=3)
    assert [page["more"] for page in pages] == [True] * (len(pages) - 1) + [False]
    assert all(len(p["villages"] + p["households"] + p["members"]) <= 3 for p in pages)
    pulled = [h for p in pages for h in ids(p, "households")]
    assert sorted(pulled) == sorted(household_ids)
    assert sum(len(p["members"]) for p in pages) == 7


def test_tombstones_come_through_pull(team, phone):
    lan = phone("lan")
    household_id, member_id = new_id(), new_id()
    lan.push(household(team["t01"], household_id),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "An"}))
    cursor = lan.pull()["cursor"]
    lan.push(op("member.delete", member_id, {}, minutes=1, base_version=1),
             op("household.deactivate", household_id, {"inactive_reason": "Chuyển đi"}, minutes=1,
                base_version=1))
    page = lan.pull(cursor)
    assert page["members"][0]["deleted"] is True
    assert (page["households"][0]["inactive"], page["households"][0]["status"]) == (True, "inactive")


def test_a_change_of_villages_answers_reset_and_starts_again(team, phone):
    lan = phone("lan")
    lan.push(household(team["t01"]))
    phone("hoa").push(household(team["t02"]))
    cursor = lan.pull()["cursor"]
    assign_villages(team["lan"], [team["t02"]])
    db.session.commit()
    page = lan.pull(cursor)
    assert page["reset"] is True
    assert [v["code"] for v in page["villages"]] == ["T02"]
    assert [h["village_id"] for h in page["households"]] == [team["t02"].id]
    assert page["village_ids"] == [team["t02"].id]
    assert lan.pull(page["cursor"])["reset"] is False


def test_conflicts_come_through_pull(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    household_id = new_id()
    lan.push(household(team["t01"], household_id))
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10, base_version=1))
    tuan.push(op("household.upsert", household_id, {"address": "Số 9"}, minutes=5, base_version=1))
    [conflict] = tuan.pull()["conflicts"]
    assert (conflict["field"], conflict["kept_value"], conflict["lost_value"]) == ("address", "Số 5", "Số 9")


@pytest.mark.parametrize("query", [{"cursor": "garbage"}, {"cursor": "1.-5"}, {"limit": 0},
                                   {"limit": "many"}])
def test_bad_pull_arguments_are_422(team, phone, query):
    response = phone("lan").client.get("/api/v1/sync/pull", query_string=query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


def test_a_limit_above_5000_is_lowered(team, phone):
    lan = phone("lan")
    lan.push(household(team["t01"]))
    assert len(lan.pull(limit=100000)["households"]) == 1


def test_pull_without_login_is_401(client):
    assert client.get("/api/v1/sync/pull").status_code == 401


def test_pull_is_compressed_for_phones_that_accept_gzip(team, phone):
    lan = phone("lan")
    lan.push(*[household(team["t01"], note="Nhà gần cổng làng " * 5) for _ in range(30)])
    response = lan.client.get("/api/v1/sync/pull", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.get_data()))
    assert len(body["households"]) == 30
    assert len(response.get_data()) < len(gzip.decompress(response.get_data())) / 3


def test_a_pull_stamps_the_users_last_sync_for_the_leader(team, phone):
    from fieldapp.accounts.models import User
    from fieldapp.extensions import db

    lan = phone("lan")
    assert db.session.get(User, team["lan"].id).last_sync_at is None
    lan.pull_all()
    db.session.expire_all()
    assert db.session.get(User, team["lan"].id).last_sync_at is not None


# --- a push that carries the pull (one round trip for a phone on a slow network) -----------------

def push_and_pull(phone, cursor, *ops, limit=None):
    body = {"device_id": phone.device_id, "ops": list(ops), "cursor": cursor}
    if limit:
        body["limit"] = limit
    response = phone.push_raw(body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_push_given_a_cursor_answers_with_the_pull_after_it(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    cursor = lan.pull()["cursor"]
    theirs, mine = new_id(), new_id()
    tuan.push(household(team["t01"], theirs))
    phone("hoa").push(household(team["t02"]))  # another village: not in lan's pull
    answer = push_and_pull(lan, cursor, household(team["t01"], mine),
                           op("household.upsert", new_id(), {"village_id": team["t02"].id, "head_name": "X"}))
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected"]
    page = answer["pull"]
    assert ids(page, "households") == [theirs, mine]
    assert page["households"][1]["version"] == 1 and page["more"] is False
    assert page["user_id"] == team["lan"].id and page["village_ids"] == [team["t01"].id]
    # exactly what a pull sent after the push gives
    assert lan.pull(cursor) == page
    assert lan.pull(page["cursor"])["households"] == []


def test_a_push_without_a_cursor_answers_without_a_pull(team, phone):
    lan = phone("lan")
    response = lan.push_raw({"device_id": lan.device_id, "ops": [household(team["t01"])]})
    assert "pull" not in response.get_json()


def test_a_pushs_pull_pages_as_a_pull_does(team, phone):
    lan = phone("lan")
    answer = push_and_pull(lan, "", *[household(team["t01"]) for _ in range(4)], limit=3)
    page = answer["pull"]
    assert page["more"] is True and len(page["villages"] + page["households"]) == 3
    rest = lan.pull(answer["pull"]["cursor"])
    assert len(rest["households"]) == 2 and rest["more"] is False


def test_a_push_with_a_garbled_cursor_is_refused_whole_and_applies_nothing(team, phone):
    lan = phone("lan")
    household_id = new_id()
    response = lan.push_raw({"device_id": lan.device_id, "ops": [household(team["t01"], household_id)],
                             "cursor": "not-a-cursor"})
    assert response.status_code == 422 and "cursor" in response.get_json()["error"]["fields"]
    assert lan.pull()["households"] == []


def test_an_up_to_date_phone_reads_no_table_rows(team, phone, app):
    from sqlalchemy import event

    lan = phone("lan")
    phone("hoa").push(household(team["t02"]))  # written after lan's villages: the mark moves on
    cursor = lan.pull()["cursor"]
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = lan.pull(cursor)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert page["cursor"] == cursor and page["households"] == []
    # the user with their villages, whether this phone is revoked (by the unique index on user and
    # device: a phone must learn it at its next sync), then the mark and which tables have rows
    assert len(seen) == 3 and not any(s.startswith("SELECT households.id") for s in seen), seen
