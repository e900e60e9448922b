"""GET /api/v1/households and /api/v1/households/<id>: filters, paging, search and scope."""
import uuid

import pytest
from sqlalchemy import event, update

from fieldapp.extensions import db
from fieldapp.households.models import Household
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}
RECORD_KEYS = {"id", "village_id", "code", "head_name", "address", "phone", "member_count", "lat", "lon",
               "consent", "inactive", "inactive_reason", "note", "status", "version", "updated_at",
               "deleted"}


def household(village, entity_id=None, minutes=0, **data):
    return op("household.upsert", entity_id or new_id(),
              {"village_id": village.id, "head_name": "Nguyễn Văn An", **data}, minutes)


def member(household_id, name, minutes=0, **data):
    return op("member.upsert", new_id(), {"household_id": household_id, "full_name": name, **data}, minutes)


def visit(household_id, minutes=0, **data):
    return op("visit.create", new_id(), {"household_id": household_id, "outcome": "met", **data}, minutes)


def get(device, url, **query):
    return device.client.get(url, query_string=query)


def listing(device, **query):
    response = get(device, "/api/v1/households", **query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def names(body):
    return [item["head_name"] for item in body["items"]]


@pytest.fixture
def pushed(team, phone):
    """Three households in T01 (recorded by lan), two in T02 (by hoa)."""
    lan, hoa = phone("lan"), phone("hoa")
    t01 = [household(team["t01"], head_name=name, code=code) for name, code in
           (("Nguyễn Văn An", "HGD002"), ("Trần Thị Bình", None), ("Lê Văn Cường", "HGD001"))]
    t02 = [household(team["t02"], head_name=name) for name in ("Phạm Thị Dung", "Hoàng Văn Em")]
    assert {r["status"] for r in lan.push(*t01)} == {"applied"}
    assert {r["status"] for r in hoa.push(*t02)} == {"applied"}
    return {"t01": t01, "t02": t02}


# --- the list ------------------------------------------------------------------------------

def test_volunteer_lists_only_the_households_of_their_villages(pushed, phone):
    body = listing(phone("lan"))
    assert (body["page"], body["per_page"], body["total"]) == (1, 50, 3)
    assert {item["id"] for item in body["items"]} == {o["entity_id"] for o in pushed["t01"]}
    assert set(body["items"][0]) >= RECORD_KEYS


def test_officer_lists_the_whole_commune_by_village_then_code_then_head_name(pushed, phone):
    body = listing(phone("officer"))
    assert body["total"] == 5
    assert names(body) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình",  # T01: codes, then none
                           "Hoàng Văn Em", "Phạm Thị Dung"]                    # T02: by head name


def test_another_communes_officer_sees_none_of_them(pushed, phone):
    assert listing(phone("stranger"))["total"] == 0


def test_pages_cover_every_household_once(pushed, phone):
    officer = phone("officer")
    pages = [listing(officer, page=n, per_page=2) for n in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total"] for p in pages} == {5}
    assert sum((names(p) for p in pages), []) == names(listing(officer))


@pytest.mark.parametrize("query, field", [
    ({"per_page": 0}, "per_page"),
    ({"per_page": 201}, "per_page"),
    ({"page": 0}, "page"),
    ({"page": "two"}, "page"),
    ({"status": "done"}, "status"),
    ({"village_id": "T01"}, "village_id"),
    ({"q": "x" * 201}, "q"),
])
def test_bad_list_arguments_are_422_with_the_field(team, phone, query, field):
    response = get(phone("lan"), "/api/v1/households", **query)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_per_page_200_is_allowed(pushed, phone):
    assert listing(phone("lan"), per_page=200)["per_page"] == 200


def test_status_filter(team, phone):
    lan = phone("lan")
    covered, not_home, unvisited = new_id(), new_id(), new_id()
    lan.push(household(team["t01"], covered, head_name="Có"), member(covered, "Bà Có", skills=SKILLED),
             household(team["t01"], not_home, head_name="Vắng"), visit(not_home, outcome="not_home"),
             household(team["t01"], unvisited, head_name="Chưa"))
    assert names(listing(lan, status="covered")) == ["Có"]
    assert names(listing(lan, status="not_home")) == ["Vắng"]
    assert names(listing(lan, status="unvisited")) == ["Chưa"]
    assert listing(lan, status="refused")["total"] == 0


def test_village_filter(pushed, team, phone):
    body = listing(phone("officer"), village_id=team["t02"].id)
    assert names(body) == ["Hoàng Văn Em", "Phạm Thị Dung"]


def test_village_filter_outside_the_scope_is_403_or_404(pushed, team, phone):
    lan = phone("lan")
    assert get(lan, "/api/v1/households", village_id=team["t02"].id).status_code == 403
    assert get(lan, "/api/v1/households", village_id=team["far"].id).status_code == 404
    assert get(lan, "/api/v1/households", village_id=2**31 - 1).status_code == 404


def test_list_needs_a_login(client):
    assert client.get("/api/v1/households").status_code == 401


def test_erased_households_are_left_out(pushed, phone):
    erased = uuid.UUID(pushed["t01"][0]["entity_id"])
    # No API erases a household yet (the office will); the row is marked as that will.
    db.session.execute(update(Household).where(Household.id == erased).values(deleted=True))
    db.session.commit()
    lan = phone("lan")
    assert listing(lan)["total"] == 2
    assert get(lan, f"/api/v1/households/{erased}").status_code == 404


# --- search --------------------------------------------------------------------------------

@pytest.fixture
def searchable(team, phone):
    household_id = new_id()
    phone("lan").push(
        household(team["t01"], household_id, head_name="Nguyễn Văn An", address="Xóm Đông, ngõ 3",
                  code="HGD-0042", phone="0912 345 678"),
        member(household_id, "Trần Thị Bích Ngọc"),
        household(team["t01"], head_name="Nguyễn Thị Ánh", address="Xóm Tây"),
    )
    return household_id


@pytest.mark.parametrize("q", [
    "nguyen van an", "NGUYỄN VĂN AN", "an van nguyen", "  van   an ",  # accents, case, order, spaces
    "dong",                                                      # address, đ folded to d
    "bich ngoc",                                                 # a member's name
    "hgd-0042", "0042",                                          # code
    "0912345678", "+84 912 345 678", "912.345.678", "345678",    # phone, as typed
])
def test_q_finds_the_household_whatever_the_accents_or_the_field(searchable, phone, q):
    body = listing(phone("lan"), q=q)
    assert [item["id"] for item in body["items"]] == [searchable], q


def test_q_needs_every_word(searchable, phone):
    lan = phone("lan")
    assert sorted(names(listing(lan, q="nguyen"))) == ["Nguyễn Thị Ánh", "Nguyễn Văn An"]
    assert listing(lan, q="nguyen tay")["total"] == 1
    assert listing(lan, q="nguyen bac")["total"] == 0


def test_q_treats_like_wildcards_as_plain_text(team, phone):
    lan = phone("lan")
    lan.push(household(team["t01"], head_name="Đỗ Văn Phần", address="Lô 10%"),
             household(team["t01"], head_name="Đỗ Văn Khác", address="Lô 105"))
    assert names(listing(lan, q="%")) == ["Đỗ Văn Phần"]
    assert names(listing(lan, q="10%")) == ["Đỗ Văn Phần"]
    assert listing(lan, q="_")["total"] == 0
    assert listing(lan, q="d_ van")["total"] == 0


def test_q_does_not_reach_another_village(searchable, phone):
    assert listing(phone("hoa"), q="nguyen")["total"] == 0


# --- one household -------------------------------------------------------------------------

@pytest.fixture
def detailed(team, phone):
    household_id, removed = new_id(), new_id()
    lan = phone("lan")
    lan.push(
        household(team["t01"], household_id),
        member(household_id, "Trần Thị Hoa", is_head=False, skills={"vneid_level2": True}),
        member(household_id, "Nguyễn Văn An", is_head=True),
        op("member.upsert", removed, {"household_id": household_id, "full_name": "Đã Chuyển"}),
        visit(household_id, visited_at="2026-03-01T08:00:00+07:00", outcome="not_home"),
        visit(household_id, visited_at="2026-03-04T09:00:00+07:00", topics=["vneid_level2", "materials"],
              barriers=["no_chip_id"], people_guided=2, next_visit_on="2026-03-10"),
        visit(household_id, visited_at="2026-03-02T08:00:00+07:00", outcome="refused"),
    )
    lan.push(op("member.delete", removed, {}, minutes=5, base_version=1))
    return household_id


def test_detail_has_live_members_head_first_and_visits_newest_first(detailed, phone):
    response = get(phone("lan"), f"/api/v1/households/{detailed}")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= RECORD_KEYS
    assert (body["id"], body["status"], body["next_visit_on"]) == (detailed, "in_progress", "2026-03-10")
    assert [m["full_name"] for m in body["members"]] == ["Nguyễn Văn An", "Trần Thị Hoa"]
    assert body["members"][1]["skills"] == ["vneid_level2"]
    assert [v["outcome"] for v in body["visits"]] == ["met", "refused", "not_home"]
    newest = body["visits"][0]
    assert (newest["topics"], newest["barriers"], newest["people_guided"]) == (
        ["materials", "vneid_level2"], ["no_chip_id"], 2)
    assert newest["volunteer_id"] == phone("lan").user.id


def test_detail_scope(detailed, phone):
    url = f"/api/v1/households/{detailed}"
    assert get(phone("tuan"), url).status_code == 200       # the same village
    assert get(phone("leader"), url).status_code == 200
    assert get(phone("officer"), url).status_code == 200
    assert get(phone("hoa"), url).status_code == 403        # another village of the commune
    assert get(phone("stranger"), url).status_code == 404   # another commune
    assert get(phone("lan"), f"/api/v1/households/{uuid.uuid4()}").status_code == 404
    assert get(phone("lan"), "/api/v1/households/not-a-uuid").status_code == 404


def test_detail_reads_a_fixed_number_of_statements_however_many_visits(app, team, phone):
    lan = phone("lan")
    small, large = new_id(), new_id()
    lan.push(household(team["t01"], small), visit(small, topics=["rating"]), member(small, "A"))
    lan.push(household(team["t01"], large), *[visit(large, topics=["rating", "materials"],
                                                    barriers=["no_signal"]) for _ in range(8)],
             *[member(large, f"Người {n}") for n in range(6)])

    def statements(household_id):
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert get(lan, f"/api/v1/households/{household_id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert statements(large) == statements(small) <= 10
