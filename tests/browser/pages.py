"""Every page of the three apps, in one list: the accessibility test opens each of them, and
tests/test_routes.py fails when a page route of the app is missing here.

A page is (who opens it, path). `who` is a demo user's name, or None for a visitor. Paths are
filled from the seeded data: {village_id}, {household_id}, {member_id}, {user_id},
{campaign_id}, {barrier}, {slug}, {commune_code}, {report_id}, {token}. The volunteer app's
screens are hash routes of /app.
"""
from datetime import date, timedelta

from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core.model import utcnow
from fieldapp.dashboard import campaigns
from fieldapp.demo import seed_demo
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member
from fieldapp.households.services import derive
from fieldapp.plans import issued
from fieldapp.plans import organisations as plan_organisations
from fieldapp.plans import services as plan_services
from fieldapp.plans import targets as plans
from tests.conftest import PASSWORD

PAGES = [
    # The public face: login and the guide pages anyone may open.
    (None, "/login"),
    (None, "/guides"),
    (None, "/guides/{slug}"),
    (None, "/guides?commune={commune_code}"),  # a commune's hotline and help points
    (None, "/guides/{slug}?commune={commune_code}"),
    # The volunteer app (its screens, drawn on the phone).
    ("volunteer", "/app#/"),
    ("volunteer", "/app#/v/{village_id}"),
    ("volunteer", "/app#/v/{village_id}/new"),
    ("volunteer", "/app#/h/{household_id}"),
    ("volunteer", "/app#/h/{household_id}/edit"),
    ("volunteer", "/app#/h/{household_id}/member"),
    ("volunteer", "/app#/m/{member_id}"),
    ("volunteer", "/app#/h/{household_id}/visit"),
    ("volunteer", "/app#/due"),
    ("volunteer", "/app#/guides"),
    ("volunteer", "/app#/g/{slug}"),
    ("volunteer", "/app#/g/{slug}/show"),
    ("volunteer", "/app#/h/{household_id}/g/{slug}/taught"),
    ("volunteer", "/app#/rejected"),
    ("volunteer", "/app#/login"),
    # The leader's dashboard.
    ("leader", "/leader"),
    ("leader", "/leader/volunteers"),
    ("leader", "/leader/barriers"),
    ("leader", "/leader/barriers/{barrier}"),
    ("leader", "/leader/assignments"),
    ("leader", "/leader/conflicts"),
    ("leader", "/leader/map"),
    ("leader", "/leader/campaigns"),
    ("leader", "/leader/campaigns/{campaign_id}"),
    ("leader", "/leader/duplicates"),
    ("leader", "/leader/duplicates/{duplicate_id}/merge?into={household_id}"),
    ("leader", "/leader/organisations"),
    # The office.
    ("officer", "/office"),
    ("officer", "/office/households"),
    ("officer", "/office/households/{household_id}"),
    ("officer", "/office/import"),
    ("officer", "/office/import/{token}"),
    ("officer", "/office/rescue"),
    ("officer", "/office/report"),
    ("officer", "/office/desk"),
    ("officer", "/office/targets"),
    ("officer", "/office/help-points"),
    ("officer", "/office/organisations"),
    ("officer", "/office/organisations/{organisation_id}"),
    ("officer", "/office/users"),
    ("officer", "/office/users/new"),
    ("officer", "/office/users/{user_id}"),
    ("officer", "/office/villages"),
    ("officer", "/office/villages/new"),
    ("officer", "/office/villages/{village_id}"),
    ("officer", "/office/reports"),
    ("officer", "/office/reports/{report_id}"),
    ("officer", "/office/consent"),
    ("officer", "/office/audit"),
    ("officer", "/guides/{slug}/leaflet"),
    # Above the communes: the province's supervisor.
    ("supervisor", "/province"),
    ("supervisor", "/province/reports"),
    ("supervisor", "/province/reports/{report_id}"),
]

# Routes that answer with something other than a page a person reads: files, data, redirects.
NOT_PAGES = {
    "static", "pwa.service_worker", "accounts.index", "guides.bundle", "guides.qr",
    "exports.households_csv", "exports.households_xlsx", "dashboard.campaign_xlsx",
    "office.report_xlsx", "office_audit.entries_csv", "office_households.data",
    "office_import.report_xlsx", "office_reports.docx", "province.communes_xlsx", "province.report_docx",
}


def seed_pages():
    """The demo commune (users' password: tests.conftest.PASSWORD), and the ids that fill
    the pages' paths (all but {token})."""
    seed_demo(PASSWORD, households=30)
    db.session.flush()
    users = {user.username: user for user in db.session.scalars(select(User))}
    volunteer = users["volunteer"]
    village_id = min(volunteer.village_ids)
    member = db.session.scalars(select(Member).where(Member.village_id == village_id)
                                .order_by(Member.full_name)).first()
    today = date.today()
    campaign = campaigns.create_campaign(users["leader"], "Tháng cao điểm", today.isoformat(),
                                         (today + timedelta(days=30)).isoformat(), [village_id])
    # The plans' pages show a target, a figure entered and a person helped at the desk.
    plans.set_target(users["officer"], {"village_id": None, "indicator": "covered_pct", "value": 90.5,
                                        "due_on": today + timedelta(days=90)}, today)
    plan_services.enter_indicator(users["officer"], {
        "month": today.strftime("%Y-%m"), "indicator": "satisfaction_rate", "value": 91.5,
        "source": "Cổng DVC"})
    plan_services.record_desk_contact(users["officer"], {
        "helped_at": utcnow(), "party": "person", "services": ["dvc_submit"], "self_done": True,
        "paid_online": True, "rated": True, "member_id": None})
    plan_services.add_help_point(users["officer"], {"kind": "post_office", "name": "Bưu điện xã Minh Tân",
                                                    "address": "Thôn Đông", "hours": "7:30–17:00"})
    # An organisation covered, with its steps, for the organisations' pages.
    organisation = plan_organisations.add_organisation(users["officer"], {
        "name": "Hợp tác xã Minh Tân", "kind": "cooperative", "village_id": village_id,
        "contact_name": "Trần Văn Nam", "contact_phone": "0912345678",
        "account_on": today - timedelta(days=9), "online_dossier_on": today - timedelta(days=2),
        "online_payment_on": None}, today)
    # The same household recorded twice (same head, address and phone), for the duplicates pages.
    original = db.session.get(Household, member.household_id)
    twin = Household(commune_id=original.commune_id, village_id=village_id, head_name=original.head_name,
                     address=original.address, phone=original.phone, consent=original.consent)
    db.session.add(twin)
    derive(twin, [])
    # An issued report of this month, with the officer's words, for its printable page.
    report = issued.issue_report(users["officer"], {
        "period": today.strftime("%Y-%m"), "difficulties": "Nhiều hộ chưa có điện thoại thông minh.",
        "causes": "Thôn xa, sóng yếu.", "proposals": "Đề nghị hỗ trợ thêm điện thoại."}, today)
    db.session.commit()
    return {"report_id": report.id, "village_id": village_id, "household_id": member.household_id,
            "member_id": member.id, "organisation_id": organisation.id,
            "duplicate_id": twin.id,
            "user_id": volunteer.id, "campaign_id": campaign.id, "barrier": "no_smartphone",
            "slug": "cai-dat-vneid", "commune_code": users["officer"].commune.code}
