"""The likely duplicates of the user's villages, and merging one pair, for the API and the
leader's page alike (the rule: households/matching.py; the merge: households/merging.py)."""
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import scoped_village
from fieldapp.extensions import db
from fieldapp.households import matching, queries
from fieldapp.households.merging import MergeRefused, merge_households
from fieldapp.households.models import Household, Member
from fieldapp.places.models import Village
from fieldapp.places.queries import villages_for
from fieldapp.sync.seq import lock_commune


def duplicates_of(user, village_id=None):
    """The likely-duplicate pairs of one village (checked by the caller) or of all the user's,
    by village then head name: the pairs are found in SQL, then given their reasons by the rule.
    Each item also holds the two households (`records`), for pages."""
    if village_id is not None:
        village_ids = [village_id]
    else:
        village_ids = list(db.session.scalars(villages_for(user).with_only_columns(Village.id)
                                              .where(Village.commune_id == user.commune_id)))
    pairs = db.session.execute(*queries.duplicate_pairs(village_ids)).all() if village_ids else []
    ids = {household_id for pair in pairs for household_id in pair}
    households = {h.id: h for h in db.session.scalars(queries.households_by_id(ids))} if ids else {}
    items = []
    for first, second in pairs:
        a, b = households[first], households[second]
        items.append({"households": [a.id, b.id], "reasons": matching.reasons(a, b),
                      "village_id": a.village_id, "records": (a, b)})
    items.sort(key=lambda item: (village_ids.index(item["village_id"]), item["records"][0].match_name,
                                 str(item["records"][0].id)))
    return items


def household_to_merge(user, household_id, field="id"):
    """A household of the user's commune and villages, tombstones included (to say why not):
    404 outside the commune (for `into`, a 422 on the field), 403 for another team's village."""
    household = db.session.get(Household, household_id)
    if household is None or household.commune_id != user.commune_id:
        if field == "into":
            raise ApiError(422, _l("No such household."), fields={"into": [str(_l("No such household."))]})
        abort(404)
    scoped_village(user, db.session.get(Village, household.village_id), households=True)
    return household


def merge(user, household_id, into_id):
    """Merge one household into another, both in the user's scope; ApiError when it cannot be.
    The commune's writers wait meanwhile (sync/seq.py), so that no push adds a member or a
    visit to the household being merged away between the reads and the writes."""
    lock_commune(db.session, user.commune_id)
    household = household_to_merge(user, household_id)
    into = household_to_merge(user, into_id, "into")
    try:
        merge_households(household, into, user)
    except MergeRefused as refused:
        raise ApiError(refused.status, refused.message, fields=refused.errors) from None
    return into


def pair_details(households):
    """{household id: (live members' names, visits)} for the households a page shows."""
    ids = [h.id for h in households]
    if not ids:
        return {}
    names = {household_id: [] for household_id in ids}
    for household_id, name in db.session.execute(
            select(Member.household_id, Member.full_name)
            .where(Member.household_id.in_(ids), Member.deleted.is_(False))
            .order_by(Member.is_head.desc(), Member.full_name)):
        names[household_id].append(name)
    visits = dict(db.session.execute(queries.visit_counts(ids)).all())
    return {household_id: (names[household_id], visits.get(household_id, 0)) for household_id in ids}
