"""The app's routes, and a record of each kind their URLs name, for the tests that call them all."""
import secrets
import uuid
from datetime import date

from fieldapp.accounts.models import Device
from fieldapp.dashboard.campaigns import create_campaign
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.models import ImportUpload
from fieldapp.plans.issued import issue_report
from fieldapp.plans.models import HelpPoint, Organisation
from fieldapp.sync.models import Conflict

UNDECLARED_BY_DESIGN = {"static", "api-docs.openapi_json"}  # files and the API document
PHONE = "matrix-phone"
EMPTY_REPORT = {"accepted": 0, "rejected": 0, "warnings": 0, "repaired": 0, "unchanged": 0, "rows": []}


def declared_routes(app):
    """(rule, method) of every route that declares a permission, in URL order."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNDECLARED_BY_DESIGN:
            continue
        routes += [(rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(routes, key=lambda route: (route[0].rule, route[1]))


class Records:
    """A fresh record of each kind a URL names, in the village of the scope asked for."""

    def __init__(self, world, make_user):
        self.world, self.make_user = world, make_user

    def office(self, scope):
        return self.world["users"]["far_officer" if scope == "far" else "officer"]

    def household(self, village):
        household = Household(id=uuid.uuid4(), commune_id=village.commune_id, village_id=village.id,
                              head_name="Hộ thử", field_stamps={})
        db.session.add(household)
        db.session.commit()
        return household

    def argument(self, name, scope):
        village = self.world["villages"][scope]
        if name == "village_id":
            return village.id
        if name == "household_id":
            return self.household(village).id
        if name == "conflict_id":
            household = self.household(village)
            conflict = Conflict(commune_id=village.commune_id, village_id=village.id, entity_type="household",
                                entity_id=household.id, field="note", kept_value={"value": "a"},
                                lost_value={"value": "b"})
            db.session.add(conflict)
            db.session.commit()
            return conflict.id
        if name == "campaign_id":
            campaign = create_campaign(self.office(scope), "Đợt", "2026-03-01", "2026-03-05", [village.id])
            db.session.commit()
            return campaign.id
        if name == "user_id":  # with a phone, for the routes that name one (device_id)
            user = self.make_user(village.commune, "volunteer", [village])
            db.session.add(Device(commune_id=user.commune_id, user_id=user.id, device_id=PHONE))
            db.session.commit()
            return user.id
        if name == "device_id":
            return PHONE
        if name == "token":
            upload = ImportUpload(id=secrets.token_urlsafe(32), commune_id=village.commune_id,
                                  user_id=self.office(scope).id,
                                  filename="ds.csv", rows=[], report=EMPTY_REPORT)
            db.session.add(upload)
            db.session.commit()
            return upload.id
        if name == "help_point_id":
            point = HelpPoint(commune_id=village.commune_id, kind="post_office", name="Bưu điện xã",
                              address="Thôn Đông")
            db.session.add(point)
            db.session.commit()
            return point.id
        if name == "organisation_id":
            organisation = Organisation(commune_id=village.commune_id, village_id=village.id, name="HTX",
                                        kind="cooperative", contact_name="Người liên hệ")
            db.session.add(organisation)
            db.session.commit()
            return organisation.id
        if name == "report_id":
            report = issue_report(self.office(scope), {"period": "2026-03"}, date(2026, 4, 1))
            db.session.commit()
            return report.id
        if name == "barrier":
            return "level2_pending"
        if name == "slug":
            return "kich-hoat-muc-2"
        raise AssertionError(f"no record for the URL argument {name!r}: add one")
