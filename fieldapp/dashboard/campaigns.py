"""Campaigns (đợt cao điểm): a dated push in some villages, and the households still to cover."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from fieldapp.core import audit
from fieldapp.core.permissions import can_see_village
from fieldapp.core.text import clean_text
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.places.models import Campaign, Village, campaign_villages
from fieldapp.places.services import PlaceError


def _date(text, message):
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise PlaceError(message) from None


def create_campaign(user, name, starts_on, ends_on, village_ids):
    """A campaign of the user's commune in villages the user may see; PlaceError says what is
    wrong in words the user can act on."""
    name = clean_text(name) or ""
    if not 1 <= len(name) <= 200:
        raise PlaceError(_l("A campaign needs a name of at most 200 characters."))
    starts = _date(starts_on, _l("Give the first day of the campaign."))
    ends = _date(ends_on, _l("Give the last day of the campaign."))
    if ends < starts:
        raise PlaceError(_l("The campaign ends before it starts."))
    villages = db.session.scalars(select(Village).where(
        Village.commune_id == user.commune_id, Village.id.in_(village_ids), Village.deleted.is_(False))).all()
    villages = [village for village in villages if can_see_village(user, village)]
    if not villages:
        raise PlaceError(_l("Choose at least one of your villages."))
    campaign = Campaign(commune_id=user.commune_id, name=name, starts_on=starts, ends_on=ends)
    db.session.add(campaign)
    db.session.flush()
    db.session.execute(insert(campaign_villages), [
        {"commune_id": user.commune_id, "campaign_id": campaign.id, "village_id": village.id}
        for village in villages])
    audit.record("campaign_created", user, target=campaign, village_ids=sorted(v.id for v in villages))
    return campaign


def campaigns_for(user):
    """The commune's campaigns with at least one village the user may see, newest first."""
    campaigns = db.session.scalars(select(Campaign).where(Campaign.commune_id == user.commune_id)
                                   .order_by(Campaign.starts_on.desc(), Campaign.id.desc())).all()
    return [c for c in campaigns if any(can_see_village(user, v) for v in c.villages)]


def uncovered(campaign, user):
    """{village: [households not covered yet]} for the campaign's villages the user may see."""
    villages = sorted((v for v in campaign.villages if can_see_village(user, v)), key=lambda v: v.code)
    rows = db.session.scalars(select(Household).where(
        Household.commune_id == campaign.commune_id, Household.village_id.in_([v.id for v in villages]),
        Household.status != "covered", Household.inactive.is_(False), Household.deleted.is_(False),
    ).order_by(Household.head_name)).all()
    by_village = {village.id: [] for village in villages}
    for household in rows:
        by_village[household.village_id].append(household)
    return [(village, by_village[village.id]) for village in villages]
