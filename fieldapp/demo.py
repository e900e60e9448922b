"""A demo commune shaped like scripts/make_commune.py's output, with work already done."""
import random
import secrets
from datetime import UTC, date, datetime, timedelta

from fieldapp.accounts import services as accounts
from fieldapp.core.vocabulary import BARRIERS, DEFAULT_COVERAGE_RULE, SKILLS
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit, VisitBarrier, VisitTopic
from fieldapp.households.services import refresh_derived
from fieldapp.places import services as places

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Đức", "Thu", "Minh", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Mai",
         "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
VILLAGES = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc Sơn", "Thôn Trung Hòa",
            "Thôn Phú Lộc", "Thôn Yên Thịnh", "Xóm Mới"]
CENTRE = (20.9506, 106.2101)
USERS = [  # username, role, full name, villages (by index; None: the province's supervisor)
    ("admin", "admin", "Quản trị hệ thống", []),
    ("officer", "officer", "Cán bộ Văn phòng xã", []),
    ("leader", "leader", "Tổ trưởng Nguyễn Văn Hùng", [0, 1, 2, 3]),
    ("volunteer", "volunteer", "Trần Thị Lan", [0, 1]),
    ("volunteer2", "volunteer", "Lê Minh Tuấn", [2, 3]),
    ("supervisor", "supervisor", "Chuyên viên Sở Khoa học và Công nghệ", None),
]


def _name(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _phone(rng):
    return rng.choice(["091", "098", "086", "035", "070", "083"]) + f"{rng.randrange(10**7):07d}"


def seed_demo(password=None, households=300, seed=1, now=None):
    """Create the demo commune, its users and records; return (commune, password)."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    password = password or f"demo-{secrets.token_urlsafe(6)}"
    province = places.create_province("99", "Tỉnh Thử Nghiệm (demo)",
                                      portal_name="Cổng Dịch vụ công tỉnh (demo)",
                                      portal_url="https://dichvucong.example.gov.vn")
    commune = places.create_commune("99999", "Xã Minh Tân (demo)", hotline="02203123456", province=province)
    villages = [
        places.save_village(
            commune, f"T{i:02d}", name,
            round(CENTRE[0] + rng.uniform(-0.03, 0.03), 5),
            round(CENTRE[1] + rng.uniform(-0.03, 0.03), 5),
            planned_households=rng.randint(30, 45),
        )
        for i, name in enumerate(VILLAGES, start=1)
    ]
    users = {
        username: accounts.create_user(commune, username, role, password, full_name,
                                       [villages[i] for i in village_indexes])
        if village_indexes is not None else
        accounts.create_user(None, username, role, password, full_name, province=province)
        for username, role, full_name, village_indexes in USERS
    }
    volunteers = [users["volunteer"], users["volunteer2"], users["leader"]]
    for n in range(1, households + 1):
        village = rng.choice(villages)
        household = Household(
            commune_id=commune.id, village_id=village.id, code=f"HGD{n:06d}", head_name=_name(rng),
            address=f"Số {rng.randint(1, 250)}, ngõ {rng.randint(1, 30)}, {village.name}",
            phone=_phone(rng) if rng.random() < 0.8 else None, member_count=rng.randint(1, 8),
            consent="given" if rng.random() < 0.9 else "not_asked",
        )
        if rng.random() < 0.7:
            household.lat = round(village.lat + rng.gauss(0, 0.002), 6)
            household.lon = round(village.lon + rng.gauss(0, 0.002), 6)
        db.session.add(household)
        members, visits = _demo_people(rng, household, volunteers, now)
        db.session.add_all(members + visits)
        refresh_derived(household, members, visits)
        if household.status == "covered":
            household.covered_at = max((v.visited_at for v in visits), default=now)
            household.covered_by_id = visits[-1].volunteer_id if visits else users["volunteer"].id
    db.session.flush()
    return commune, password


def _demo_people(rng, household, volunteers, now):
    members, visits = [], []
    if rng.random() < 0.55:
        for i in range(rng.randint(1, 3)):
            member = Member(
                commune_id=household.commune_id, household=household, village_id=household.village_id,
                full_name=household.head_name if i == 0 else _name(rng), is_head=i == 0,
                birth_year=rng.randint(1945, date.today().year - 14),
            )
            ladder = list(SKILLS)[: rng.randint(0, len(SKILLS))]
            for key in ladder:
                member.set_skill(key, True)
            members.append(member)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        outcome = rng.choices(["met", "not_home", "refused"], weights=[6, 3, 1])[0]
        visit = Visit(
            commune_id=household.commune_id, household=household, village_id=household.village_id,
            volunteer_id=rng.choice(volunteers).id, outcome=outcome,
            visited_at=now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600)),
            people_guided=rng.randint(1, 3) if outcome == "met" else 0,
        )
        visit.received_at = visit.visited_at
        if outcome == "met":
            visit.topic_rows = [VisitTopic(commune_id=household.commune_id, topic=t)
                            for t in rng.sample(DEFAULT_COVERAGE_RULE, rng.randint(1, 3))]
            visit.barrier_rows = [VisitBarrier(commune_id=household.commune_id, barrier=b)
                              for b in rng.sample(list(BARRIERS), rng.randint(0, 2))]
        if outcome != "refused" and rng.random() < 0.5:
            visit.next_visit_on = (now + timedelta(days=rng.randint(-5, 20))).date()
        visits.append(visit)
    return members, visits
