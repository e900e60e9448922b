"""Property: over an unreliable network, the server ends with every operation applied once,
and every phone that pulls to the end holds the server's state.

Simulated phones make changes offline and sync through a network that loses requests, loses
responses after the server committed, repeats and reorders pushes across phones, and restarts
the app between commit and response. Every change carries a distinct phone time, so the
expected end state does not depend on arrival order: per field, the latest change wins.
"""
import itertools
import os
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from fieldapp import create_app
from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE, SKILLS
from fieldapp.extensions import db
from fieldapp.households.coverage import household_status
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places import services as places
from fieldapp.sync.models import AppliedOp
from tests.conftest import PASSWORD, api_login
from tests.conftest import settings as app_settings

T0 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
ADDRESSES = ["Số 1", "Số 2", "Ngõ 3", "Xóm Mới"]
NAMES = ["Nguyễn Văn An", "Trần Thị Hoa", "Lê Văn Nam", "Phạm Thị Mai"]
communes = itertools.count(10000)


# Phones log in again after every restart: more often than the login limit allows a person.
SETTINGS = {"FIELDAPP_LOGIN_LIMIT": "1000 per minute", "FIELDAPP_LOGIN_ADDRESS_LIMIT": "100000 per hour"}


class Network:
    """The app as phones reach it; `restart` replaces it by a freshly made one."""

    def __init__(self, database_url):
        self.database_url = database_url
        self.app = create_app(app_settings(database_url, **SETTINGS))

    def restart(self):
        self.close()
        self.app = create_app(app_settings(self.database_url, **SETTINGS))

    def close(self):
        with self.app.app_context():
            db.engine.dispose()  # a restarted process leaves no connections behind


class Device:
    def __init__(self, network, username, name):
        self.network, self.username, self.name = network, username, name
        self.outbox, self.cursor = [], None
        self.households, self.members, self.visits = {}, {}, set()
        self.log_in()

    def log_in(self):
        self.client = self.network.app.test_client()
        response = api_login(self.client, self.username, PASSWORD)
        assert response.status_code == 200, response.get_json()
        self.token = response.get_json()["csrf_token"]

    def push(self, count, fault):
        """Send the first `count` ops of the outbox; return the ops the server may have seen."""
        batch = self.outbox[:count]
        if not batch or fault == "lost_request":
            return
        response = self.client.post("/api/v1/sync/push", json={"device_id": self.name, "ops": batch},
                                    headers={"X-CSRFToken": self.token})
        assert response.status_code == 200, response.get_json()
        if fault == "restart":
            self.network.restart()
        if fault in ("lost_response", "restart"):
            return
        results = response.get_json()["results"]
        assert [r["status"] for r in results if r["status"] == "rejected"] == [], results
        sent = {r["op_id"] for r in results if r["status"] in ("applied", "duplicate")}
        self.outbox = [o for o in self.outbox if o["op_id"] not in sent]

    def pull_to_end(self):
        while True:
            response = self.client.get("/api/v1/sync/pull", query_string={"cursor": self.cursor or ""})
            if response.status_code == 401:  # the app was restarted: log in again and go on
                self.log_in()
                continue
            page = response.get_json()
            for row in page["households"]:
                self.households[row["id"]] = {k: row[k] for k in ("head_name", "address", "status")}
            for row in page["members"]:
                self.members[row["id"]] = {"household_id": row["household_id"],
                                           "full_name": row["full_name"], "skills": set(row["skills"])}
            self.visits |= {row["id"] for row in page["visits"]}
            self.cursor = page["cursor"]
            if not page["more"]:
                return


class World:
    """The phones, and what every change made so far should leave on the server."""

    def __init__(self, network, devices):
        self.network, self.devices = network, devices
        self.clock = itertools.count(1)
        self.fields = {}  # (kind, entity, field) -> (at, value)
        self.visits = {}  # visit id -> (household id, at, outcome)
        self.member_household = {}

    def make(self, device, kind, pick, value):
        at = (T0 + timedelta(seconds=next(self.clock))).isoformat()
        known_households = sorted(device.households) + [o["entity_id"] for o in device.outbox
                                                          if o["type"] == "household.upsert"]
        known_members = sorted(device.members) + [o["entity_id"] for o in device.outbox
                                                  if o["type"] == "member.upsert"]
        if kind == "household" or not known_households:
            entity, data = str(uuid.uuid4()), {"village_id": self.village_id,
                                               "head_name": NAMES[value % len(NAMES)]}
            op = ("household.upsert", entity, data)
        elif kind == "edit":
            entity = known_households[pick % len(known_households)]
            op = ("household.upsert", entity, {"address": ADDRESSES[value % len(ADDRESSES)]})
        elif kind == "member" or (kind == "skill" and not known_members):
            household = known_households[pick % len(known_households)]
            entity = str(uuid.uuid4())
            self.member_household[entity] = household
            op = ("member.upsert", entity, {"household_id": household, "full_name": NAMES[value % 4]})
        elif kind == "skill":
            entity = known_members[pick % len(known_members)]
            key = list(SKILLS)[value % len(SKILLS)]
            op = ("member.upsert", entity, {"skills": {key: value % 3 != 0}})
        else:
            household = known_households[pick % len(known_households)]
            entity, outcome = str(uuid.uuid4()), ["met", "not_home", "refused"][value % 3]
            self.visits[entity] = (household, at, outcome)
            op = ("visit.create", entity, {"household_id": household, "outcome": outcome})
        op_type, entity, data = op
        for field, field_value in data.items():
            if field == "skills":
                for key, held in field_value.items():
                    self.fields[("member", entity, key)] = (at, held)
            elif op_type != "visit.create":
                self.fields[(op_type.split(".")[0], entity, field)] = (at, field_value)
        device.outbox.append({"op_id": str(uuid.uuid4()), "type": op_type, "entity_id": entity,
                              "at": at, "base_version": None, "data": data})

    def expected(self):
        households, members = {}, {}
        for (kind, entity, field), (_, value) in self.fields.items():
            target = households if kind == "household" else members
            target.setdefault(entity, {})[field] = value
        return households, members


def server_state(commune_id):
    db.session.expire_all()
    return tuple(
        {str(row.id): row for row in db.session.scalars(select(model).where(model.commune_id == commune_id))}
        for model in (Household, Member, Visit)
    )


STEP = st.tuples(
    st.sampled_from(["make", "make", "make", "push", "push", "pull"]),
    st.integers(0, 2),  # which phone
    st.sampled_from(["household", "edit", "edit", "member", "skill", "skill", "skill", "visit"]),
    st.integers(0, 50),  # which record, which value, how many ops to push
    st.sampled_from(["ok", "ok", "lost_request", "lost_response", "restart"]),
)


@settings(max_examples=int(os.environ.get("FIELDAPP_PROPERTY_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_unreliable_network_ends_with_every_change_applied_exactly_once(app, migrated, steps):
    commune = places.create_commune(str(next(communes)), "Xã Mô Phỏng")
    village = places.save_village(commune, "T01", "Thôn Một")
    from fieldapp.accounts.services import create_user

    usernames = [f"c{commune.code}-{name}" for name in ("lan", "tuan")]
    for username in usernames:
        create_user(commune, username, "volunteer", PASSWORD, villages=[village])
    db.session.commit()
    network = Network(migrated)
    try:
        run(network, commune, village, usernames, steps)
    finally:
        network.close()


def run(network, commune, village, usernames, steps):
    devices = [Device(network, usernames[0], "lan-phone"), Device(network, usernames[1], "tuan-phone"),
               Device(network, usernames[0], "lan-tablet")]
    world = World(network, devices)
    world.village_id = village.id
    for kind in ("household", "household", "member", "member"):  # records every phone knows
        world.make(devices[0], kind, 0 if kind == "household" else len(world.member_household), 0)
    devices[0].push(4, "ok")
    for device in devices:
        device.pull_to_end()

    for action, which, kind, number, fault in steps:
        device = devices[which]
        if action == "make":
            world.make(device, kind, number, number // 3)
        elif action == "push":
            if fault == "restart":
                device.push(1 + number % 10, fault)
                for other in devices:
                    other.log_in()
            else:
                device.push(1 + number % 10, fault)
        else:
            device.pull_to_end()
    for _ in range(3):  # the network comes back: everybody sends everything
        for device in devices:
            device.push(len(device.outbox), "ok")
    assert all(device.outbox == [] for device in devices)

    households, members, visits = server_state(commune.id)
    expected_households, expected_members = world.expected()
    assert set(households) == set(expected_households)
    for entity, fields in expected_households.items():
        assert {f: getattr(households[entity], f) for f in fields} == fields
    assert set(members) == set(expected_members)
    for entity, fields in expected_members.items():
        stored = members[entity]
        for field, value in fields.items():
            actual = getattr(stored, f"skill_{field}") if field in SKILLS else getattr(stored, field)
            assert (str(actual) if field == "household_id" else actual) == value, (entity, field)
    assert set(visits) == set(world.visits)
    applied = db.session.scalars(select(AppliedOp.op_id).where(AppliedOp.commune_id == commune.id)).all()
    assert len(applied) == len(set(applied))

    for entity, household in households.items():
        live = [m.skills for m in members.values() if str(m.household_id) == entity]
        own_visits = [(v.visited_at, v.outcome) for v in visits.values() if str(v.household_id) == entity]
        assert household.status == household_status(False, live, own_visits, DEFAULT_COVERAGE_RULE)

    for device in devices:
        device.pull_to_end()
        assert set(device.households) == set(households)
        for entity, row in device.households.items():
            assert row == {"head_name": households[entity].head_name,
                           "address": households[entity].address, "status": households[entity].status}
        assert {m: (r["household_id"], r["full_name"], r["skills"]) for m, r in device.members.items()} == {
            str(m.id): (str(m.household_id), m.full_name, set(m.skills)) for m in members.values()}
        assert device.visits == set(visits)
