"""Applying the five operation types to the rows one push has loaded (SYNC.md)."""
from collections import defaultdict
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from fieldapp.core.bulk import insert_rows
from fieldapp.core.clock import micros
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit, VisitBarrier, VisitTopic
from fieldapp.households.services import derive
from fieldapp.sync import new_rows
from fieldapp.sync.merge import Change, merge, stamp_new
from fieldapp.sync.new_rows import NewHousehold, NewMember, NewVisit

# What a household that declined keeps: its village, a house label and the visits (DOMAIN.md).
PERSONAL_FIELDS = ("phone", "lat", "lon", "accuracy", "note")
CLOCK_SKEW = timedelta(minutes=10)
TOPIC_KEYS, BARRIER_KEYS = ("visit_id", "commune_id", "topic"), ("visit_id", "commune_id", "barrier")


# Built once, with bound parameters: making a statement costs more than running it again.
_IDS, _COMMUNE = bindparam("ids", expanding=True), bindparam("commune_id")
_HOUSEHOLDS_OF_MEMBERS = select(Member.household_id).where(Member.id.in_(_IDS), Member.commune_id == _COMMUNE)
_HOUSEHOLDS = select(Household).where(Household.id.in_(_IDS), Household.commune_id == _COMMUNE)
_MEMBERS_OF_HOUSEHOLDS = select(Member).where(Member.household_id.in_(_IDS), Member.commune_id == _COMMUNE)
_KNOWN_VISITS = select(Visit.id).where(Visit.id.in_(_IDS))
_HOUSEHOLDS_BY_CODE = select(Household.id, Household.code).where(
    Household.commune_id == _COMMUNE, Household.code.in_(bindparam("codes", expanding=True)))


class Rejected(Exception):
    """The operation cannot be applied; `errors` maps fields to messages for the volunteer."""

    def __init__(self, field, message):
        super().__init__(field)
        self.errors = {field: [str(message)]}


class Batch:
    """The rows one push touches, loaded with one query per table, and the writes it makes."""

    def __init__(self, user, writable_village_ids):
        self.user = user
        self.writable = writable_village_ids
        self.households = {}
        self.members = {}
        self.members_of = defaultdict(list)
        self.visit_ids = set()
        self.household_by_code = {}
        self.touched = {}  # household id -> the last change that touched it
        self.conflicts = []
        self.new_rows = []  # households, members and visits made by the push (sync/new_rows.py)
        self.topics, self.barriers = [], []  # rows of new visits, inserted in one go

    # --- loading ----------------------------------------------------------------------------
    def load(self, ops):
        """Load every row the operations name, and every member of their households."""
        household_ids, member_ids, visit_ids, codes = set(), set(), set(), set()
        for op in ops:
            kind, data = op["type"], op["data"]
            if kind.startswith("household."):
                household_ids.add(op["entity_id"])
                if data.get("code"):
                    codes.add(data["code"])
            elif kind.startswith("member."):
                member_ids.add(op["entity_id"])
            else:
                visit_ids.add(op["entity_id"])
            if data.get("household_id"):
                household_ids.add(data["household_id"])
        commune_id = self.user.commune_id
        if member_ids:
            household_ids |= set(db.session.scalars(
                _HOUSEHOLDS_OF_MEMBERS, {"ids": list(member_ids), "commune_id": commune_id}))
        asked = set()
        while household_ids:  # again for the households kept by merges (rarely needed)
            asked |= household_ids
            params = {"ids": list(household_ids), "commune_id": commune_id}
            for household in db.session.scalars(_HOUSEHOLDS, params):
                self._keep_household(household)
            for member in db.session.scalars(_MEMBERS_OF_HOUSEHOLDS, params):
                self.members[member.id] = member
                self.members_of[member.household_id].append(member)
            household_ids = {h.merged_into_id for h in self.households.values()
                             if h.merged_into_id is not None and h.merged_into_id not in asked}
        if visit_ids:
            self.visit_ids = set(db.session.scalars(_KNOWN_VISITS, {"ids": list(visit_ids)}))
        if codes:
            for household_id, code in db.session.execute(
                _HOUSEHOLDS_BY_CODE, {"codes": list(codes), "commune_id": commune_id}
            ):
                self.household_by_code[code] = household_id

    def _keep_household(self, household):
        self.households[household.id] = household
        if household.code:
            self.household_by_code[household.code] = household.id

    # --- checks -----------------------------------------------------------------------------
    def _check_village(self, village_id, field="village_id"):
        if village_id not in self.writable:
            raise Rejected(field, _l("You may not record households in this village."))

    def _household(self, household_id, field="household_id", follow=False):
        """The live household an operation names. One merged into another (the same household
        recorded twice) refuses changes to itself, but, with `follow`, hands on the visits and
        new people recorded for it to the household kept: they happened and must not be lost."""
        household = self.households.get(household_id)
        if household is None:
            raise Rejected(field, _l("This household is not known on the server."))
        if household.merged_into_id is not None:
            if follow:
                return self._household(household.merged_into_id, field, follow)
            raise Rejected(field, _l("This household was recorded twice and merged into the other "
                                     "record: make the change there."))
        if household.deleted:
            raise Rejected(field, _l("This household's data has been erased."))
        self._check_village(household.village_id, field)
        return household

    def _kept(self, household_id):
        """The household that stands for this one: itself, or the one it was merged into."""
        household = self.households.get(household_id)
        while household is not None and household.merged_into_id is not None:
            household_id = household.merged_into_id
            household = self.households.get(household_id)
        return household_id

    def _check_code(self, code, household_id):
        owner = self.household_by_code.get(code)
        if code and owner is not None and owner != household_id:
            raise Rejected("code", _l("Another household of the commune has the code %(code)s.", code=code))

    # --- the five operation types -----------------------------------------------------------
    def household_upsert(self, op, data):
        change = self._change(op)
        household = self.households.get(op["entity_id"])
        declined = data.get("consent", household.consent if household else None) == "declined"
        if declined and any(data.get(f) is not None for f in PERSONAL_FIELDS):
            field = next(f for f in PERSONAL_FIELDS if data.get(f) is not None)
            raise Rejected(field, _l("The household declined: only its village, a house label and "
                                     "the visits are kept."))
        if household is None:
            household = self._new_household(op, data, change)
        else:
            self._household(household.id, "id")
            if "village_id" in data:
                self._check_village(data["village_id"])
            self._check_code(data.get("code"), household.id)
            self.conflicts += merge(household, data, change, "household", household.village_id)
            for member in self.members_of[household.id]:
                member.village_id = household.village_id
        if household.consent == "declined":
            self.conflicts += merge(household, {f: None for f in PERSONAL_FIELDS}, change,
                                    "household", household.village_id)
        if "consent" in data and _kept(household, "consent", change):
            household.consent_at, household.consent_by_id = change.at, change.user_id
        household.updated_by_id = change.user_id
        self.touched[household.id] = change
        return household.version

    def _new_household(self, op, data, change):
        missing = [f for f in ("village_id", "head_name") if f not in data]
        if missing:
            raise Rejected(missing[0], _l("Missing data for required field."))
        self._check_village(data["village_id"])
        self._check_code(data.get("code"), op["entity_id"])
        household = NewHousehold(id=op["entity_id"], commune_id=self.user.commune_id,
                                 created_by_id=change.user_id)
        stamp_new(household, data, change)
        self.new_rows.append(household)
        self._keep_household(household)
        return household

    def household_deactivate(self, op, data):
        change = self._change(op)
        household = self._household(op["entity_id"], "id")
        values = {"inactive": True, "inactive_reason": data["inactive_reason"]}
        self.conflicts += merge(household, values, change, "household", household.village_id)
        household.updated_by_id = change.user_id
        self.touched[household.id] = change
        return household.version

    def member_upsert(self, op, data):
        change = self._change(op)
        member = self.members.get(op["entity_id"])
        values = {k: v for k, v in data.items() if k not in ("skills", "groups", "household_id")}
        values.update({f"skill_{key}": held for key, held in data.get("skills", {}).items()})
        values.update({f"group_{key}": belongs for key, belongs in data.get("groups", {}).items()})
        if member is None:
            member = self._new_member(op, data, values, change)
        else:
            if self._kept(data.get("household_id", member.household_id)) != member.household_id:
                raise Rejected("household_id", _l("A person cannot move to another household."))
            if member.deleted:
                raise Rejected("id", _l("This person was removed from the household."))
            self._household(member.household_id)
            self.conflicts += merge(member, values, change, "member", member.village_id)
        member.updated_by_id = change.user_id
        self.touched[member.household_id] = change
        return member.version

    def _new_member(self, op, data, values, change):
        if "household_id" not in data:
            raise Rejected("household_id", _l("Missing data for required field."))
        if "full_name" not in data:
            raise Rejected("full_name", _l("Missing data for required field."))
        household = self._household(data["household_id"], follow=True)
        if household.consent == "declined":
            raise Rejected("household_id", _l("The household declined: people are not recorded by name."))
        member = NewMember(id=op["entity_id"], commune_id=household.commune_id, household_id=household.id,
                           village_id=household.village_id, created_by_id=change.user_id)
        stamp_new(member, {"is_head": False, **values}, change)
        self.new_rows.append(member)
        self.members[member.id] = member
        self.members_of[household.id].append(member)
        return member

    def member_delete(self, op, data):
        change = self._change(op)
        member = self.members.get(op["entity_id"])
        if member is None:
            raise Rejected("id", _l("This person is not known on the server."))
        self._household(member.household_id)
        self.conflicts += merge(member, {"deleted": True}, change, "member", member.village_id)
        member.updated_by_id = change.user_id
        self.touched[member.household_id] = change
        return member.version

    def visit_create(self, op, data):
        if op["entity_id"] in self.visit_ids:
            return None  # the same visit again, under another op_id: visits never change
        change = self._change(op)
        household = self._household(data["household_id"], follow=True)
        visited_at, clock_adjusted = data.get("visited_at") or change.at, op["clock_adjusted"]
        if visited_at > op["received_at"] + CLOCK_SKEW:
            visited_at, clock_adjusted = op["received_at"], True
        visit = NewVisit(
            id=op["entity_id"], commune_id=household.commune_id, household_id=household.id,
            village_id=household.village_id, volunteer_id=change.user_id, visited_at=visited_at,
            received_at=op["received_at"], clock_adjusted=clock_adjusted,
            outcome=data["outcome"], people_guided=data["people_guided"],
            next_visit_on=data.get("next_visit_on"), lat=data.get("lat"), lon=data.get("lon"),
            note=data.get("note"),
        )
        self.topics += [{"visit_id": visit.id, "commune_id": visit.commune_id, "topic": t}
                        for t in data["topics"]]
        self.barriers += [{"visit_id": visit.id, "commune_id": visit.commune_id, "barrier": b}
                          for b in data["barriers"]]
        self.new_rows.append(visit)
        self.visit_ids.add(visit.id)
        if household.last_visit_at is None or visited_at >= household.last_visit_at:
            household.last_visit_at, household.last_outcome = visited_at, visit.outcome
            household.next_visit_on = visit.next_visit_on
        self.touched[household.id] = change
        return None

    def _change(self, op):
        return Change(self.user.id, op["at"], op["base_version"])

    # --- after the operations ---------------------------------------------------------------
    def finish(self):
        """Recompute what the coverage rule derives, for every household an operation touched."""
        for household_id, change in self.touched.items():
            household = self.households[household_id]
            status = derive(household, [m for m in self.members_of[household_id] if not m.deleted])
            if status == "covered" and household.covered_at is None:
                household.covered_at, household.covered_by_id = change.at, change.user_id
        db.session.add_all(self.conflicts)
        new_rows.insert_all(db.session, self.user.commune_id, self.new_rows)  # the visits first:
        for model, rows, keys in ((VisitTopic, self.topics, TOPIC_KEYS),
                                  (VisitBarrier, self.barriers, BARRIER_KEYS)):
            insert_rows(db.session.connection(), model.__table__, keys, rows)


def _kept(row, attribute, change):
    """Whether `change` is the one whose stamp the field now carries: a change that lost the
    merge (an older one arriving late, even from the same user) must not move its time back."""
    stamp = (row.field_stamps or {}).get(attribute)
    return stamp is not None and stamp["by"] == change.user_id and stamp["at"] == micros(change.at)
