"""The leader's /leader/duplicates page: the pairs side by side, a confirm step, the merge
(CSRF, no JavaScript needed)."""
import re
import uuid

from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Household, Visit
from tests.pages.test_leader_pages import text_of
from tests.pages.test_login_pages import page_login, session_token
from tests.phones import new_id, op


def test_a_leader_merges_a_pair_from_the_page(client, team, phone):
    an, again, neighbour = new_id(), new_id(), new_id()
    phone("lan").push(
        op("household.upsert", an, {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An",
                                    "address": "Xóm 3", "phone": "0912345678"}),
        op("household.upsert", neighbour, {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An",
                                           "address": "Xóm 9"}))
    phone("tuan").push(
        op("household.upsert", again, {"village_id": team["t01"].id, "head_name": "Nguyen Van An",
                                       "address": "xom 3"}),
        op("member.upsert", new_id(), {"household_id": again, "full_name": "Nguyễn Thị Hoa"}, 1),
        op("visit.create", new_id(), {"household_id": again, "outcome": "met"}, 2))
    page_login(client, "hung")
    listing = client.get("/leader/duplicates")
    assert listing.status_code == 200
    page = text_of(listing)
    assert "Trùng lặp" in page  # in the leader's navigation
    assert "Nguyen Van An" in page and "Nguyễn Thị Hoa" in page and "0912345678" in page
    assert "cùng tên chủ hộ, cùng địa chỉ" in page
    assert "Xóm 9" not in page  # a neighbour of the same name is not a duplicate
    html = listing.get_data(as_text=True)
    confirm_url = f"/leader/duplicates/{again}/merge?into={an}"
    assert confirm_url in html.replace("&amp;", "&")

    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert "Gộp" in text_of(confirm)
    assert not db.session.get(Household, uuid.UUID(again)).deleted  # the confirm step changes nothing
    assert client.post(f"/leader/duplicates/{again}/merge", data={"into": an}).status_code == 400  # CSRF

    done = client.post(f"/leader/duplicates/{again}/merge",
                       data={"csrf_token": session_token(client), "into": an}, follow_redirects=True)
    assert done.status_code == 200
    assert "Không có hộ nào có vẻ bị ghi hai lần." in text_of(done)
    db.session.expire_all()
    assert db.session.get(Household, uuid.UUID(again)).merged_into_id == uuid.UUID(an)
    assert set(db.session.scalars(select(Visit.household_id))) == {uuid.UUID(an)}
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "household_merged"))

    again_merge = client.post(f"/leader/duplicates/{again}/merge",
                              data={"csrf_token": session_token(client), "into": an}, follow_redirects=True)
    assert re.search(r"đã được gộp", text_of(again_merge))


def test_a_leader_sees_only_their_villages_pairs(client, team, phone, make_user, make_village):
    t03 = make_village(team["commune"], "T03", "Thôn Ba")
    make_user(team["commune"], "leader", [t03], username="ba")
    phone("hoa").push(*(op("household.upsert", new_id(), {"village_id": team["t02"].id, "head_name": name,
                                                          "phone": "0987654321"})
                        for name in ("Trần Bình", "Trần Cường")))
    page_login(client, "ba")
    assert "Trần Bình" not in text_of(client.get("/leader/duplicates"))
    household = db.session.scalars(select(Household.id)).first()
    other = db.session.scalars(select(Household.id)).all()[1]
    assert client.get(f"/leader/duplicates/{household}/merge?into={other}").status_code == 403
