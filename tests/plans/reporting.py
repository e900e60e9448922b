"""What the issued reports' tests share: issuing, and work recorded in March."""
from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE
from tests.phones import new_id, op
from tests.plans.helpers import post

SKILLED = dict.fromkeys(DEFAULT_COVERAGE_RULE, True)
TEXTS = {"difficulties": "Nhiều hộ chưa có điện thoại thông minh.\n\n\nNgười cao tuổi ngại dùng.",
         "causes": "Thôn xa, sóng yếu.", "proposals": "Đề nghị hỗ trợ 20 điện thoại."}


def issue(device, period="2026-03", **texts):
    return post(device, "/api/v1/reports", {"period": period, **TEXTS, **texts})


def work(lan, village, day, covered=True):
    """A household visited on `day` of March at 09:00, covered by the visit when `covered`."""
    home = new_id()
    when = f"2026-03-{day:02d}T02:00:00+00:00"
    results = lan.push(
        op("household.upsert", home, {"village_id": village.id, "head_name": "Hộ"}, when=when),
        op("member.upsert", new_id(), {"household_id": home, "full_name": "Người",
                                       "skills": SKILLED if covered else {}}, when=when),
        op("visit.create", new_id(), {"household_id": home, "outcome": "met", "visited_at": when,
                                      "topics": ["vneid_installed"],
                                      "barriers": [] if covered else ["no_smartphone"]},
           when=when))
    assert {result["status"] for result in results} == {"applied"}, results
    return home


def desk(device, helped_at="2026-03-10T09:00:00+07:00", **fields):
    body = {"helped_at": helped_at, "party": "person", "services": ["dvc_submit"], "self_done": True,
            "paid_online": False, "rated": True, **fields}
    assert post(device, "/api/v1/desk", body).status_code == 201


def hold(device, held_on="2026-03-07", attendance=25, village=None):
    body = {"held_on": held_on, "kind": "conference", "village_id": village.id if village else None,
            "place": "Nhà văn hóa thôn", "topics": ["vneid_installed"], "attendance": attendance,
            "volunteer_ids": [], "member_ids": []}
    assert post(device, "/api/v1/sessions", body).status_code == 201
