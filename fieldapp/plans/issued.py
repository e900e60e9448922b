"""The report the commune sends upward, issued and frozen (docs/plans.md, "Issued reports").

Issuing counts the period's figures once, in the plans' shape, and stores them with the
report: results against targets, the coverage indicators per village and in total (the same
numbers as GET /api/v1/stats/coverage for the period), the emulation ranking of the team
members, the desk and the sessions, and the barriers. An issued report is never counted again:
later visits, desk contacts or corrections change the next report, not this one.

Its number is "NN/BC-YYYY": the commune's NN-th report issued in year YYYY (the year of issue,
as official correspondence is numbered). Issuing the same period again is allowed (a corrected
report): it gets the next number, and the first stays as it was sent.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from fieldapp.core import audit
from fieldapp.core.errors import ApiError
from fieldapp.dashboard import queries
from fieldapp.dashboard.activity import volunteer_activity
from fieldapp.dashboard.reports import barrier_report, coverage_report
from fieldapp.extensions import db
from fieldapp.places.models import Commune
from fieldapp.plans.models import DeskContact, IssuedReport, OutreachSession, Target
from fieldapp.plans.report_periods import PeriodError, parse_period
from fieldapp.plans.services import invalid_field
from fieldapp.plans.targets import entered_figures, report_figures, with_progress

LIST_LIMIT = 500  # reports listed: a commune issues about twenty a year


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _desk(commune_id, span):
    """The period's desk contacts, by what was done."""
    row = db.session.execute(
        select(func.count(), _count(DeskContact.self_done.is_(True)),
               _count(DeskContact.paid_online.is_(True)), _count(DeskContact.rated.is_(True)),
               _count(DeskContact.party == "organisation"))
        .where(DeskContact.commune_id == commune_id, DeskContact.helped_at >= span.start,
               DeskContact.helped_at < span.end)).one()
    return dict(zip(("contacts", "self_done", "paid_online", "rated", "organisations"),
                    (int(value) for value in row), strict=True))


def _sessions(commune_id, first, last, village_names):
    """The sessions held in the period, by date."""
    held = db.session.scalars(
        select(OutreachSession)
        .where(OutreachSession.commune_id == commune_id, OutreachSession.held_on >= first,
               OutreachSession.held_on <= last)
        .order_by(OutreachSession.held_on, OutreachSession.id)).all()
    return [{"held_on": session.held_on.isoformat(), "kind": session.kind, "place": session.place,
             "village_id": session.village_id, "village": village_names.get(session.village_id),
             "topics": list(session.topics), "audience": session.audience, "attendance": session.attendance}
            for session in held]


def _ranking(commune_id, village_ids, span):
    """The team members' emulation ranking of the period (dashboard/activity.py's order)."""
    rows = volunteer_activity(commune_id, village_ids, span) if village_ids else []
    return [{"rank": rank, "user_id": row["user"].id, "name": row["user"].full_name or row["user"].username,
             "covered": row["covered"], "visits": row["visits"], "knocks": row["knocks"]}
            for rank, row in enumerate(rows, start=1)]


def _targets(commune_id, counted_to, village_names):
    """Each target of the commune, its actual figure at the end of the period (the report's,
    from the start; or the latest month entered by then) and whether it was on track then."""
    targets = db.session.scalars(select(Target).where(Target.commune_id == commune_id)
                                 .order_by(Target.due_on, Target.id)).all()
    if not targets:
        return []
    items = with_progress(targets, report_figures(commune_id, counted_to),
                          entered_figures(commune_id, counted_to.strftime("%Y-%m")), counted_to)
    return [{**item, "due_on": item["due_on"].isoformat(), "starts_on": item["starts_on"].isoformat(),
             "village": village_names.get(item["village_id"])} for item in items]


def _barriers(user, village_names):
    report = barrier_report(user)
    return {"total": report["total"]["barriers"],
            "villages": [{"village_id": v["village_id"], "name": village_names.get(v["village_id"]),
                          "barriers": v["barriers"]} for v in report["villages"]]}


def report_period(text, today):
    """The ReportPeriod `text` names, refused (422 on `period`) when unreadable or not begun."""
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise invalid_field("period", str(error)) from None
    if period.first > today:
        raise invalid_field("period", _("This period has not begun yet: there is nothing to report."))
    return period


def build_figures(user, period, today):
    """The report's figures for the user's commune, counted now (see the module's rule)."""
    counted_to = period.counted_to(today)
    config = current_app.config
    span = queries.period(period.first, counted_to, config["BABEL_DEFAULT_TIMEZONE"],
                          config["FIELDAPP_RETURN_AFTER_DAYS"])
    coverage = coverage_report(user, None, span)
    villages = coverage["villages"]
    names = {village["village_id"]: village["name"] for village in villages}
    commune = db.session.get(Commune, user.commune_id)
    return {
        "commune": {"id": commune.id, "code": commune.code, "name": commune.name},
        "date_from": period.first.isoformat(), "date_to": counted_to.isoformat(),
        **coverage["total"],
        "villages": villages,
        "targets": _targets(user.commune_id, counted_to, names),
        "members": _ranking(user.commune_id, list(names), span),
        "desk": _desk(user.commune_id, span),
        "sessions_held": _sessions(user.commune_id, period.first, counted_to, names),
        "barriers": _barriers(user, names),
    }


def _next_seq(commune_id, year):
    return (db.session.scalar(select(func.max(IssuedReport.seq)).where(
        IssuedReport.commune_id == commune_id, IssuedReport.year == year)) or 0) + 1


def issue_report(user, data, today):
    """Count, number and store the report of data["period"] for the user's commune; audited."""
    period = report_period(data["period"], today)
    figures = build_figures(user, period, today)
    seq = _next_seq(user.commune_id, today.year)
    report = IssuedReport(
        commune_id=user.commune_id, period=period.key, kind=period.kind, date_from=period.first,
        date_to=period.counted_to(today), year=today.year, seq=seq, number=f"{seq:02d}/BC-{today.year}",
        figures=figures, difficulties=data.get("difficulties") or "", causes=data.get("causes") or "",
        proposals=data.get("proposals") or "", issued_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError:  # another officer's report took this number a moment ago
        message = _("Another report was issued at the same moment. Issue this one again.")
        raise ApiError(409, message) from None
    audit.record("report_issued", user, target=report, number=report.number, period=report.period)
    return report


def reports_of(commune_id):
    """The commune's issued reports, newest first."""
    return (select(IssuedReport).where(IssuedReport.commune_id == commune_id)
            .order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc()).limit(LIST_LIMIT))


def issued_report(user, report_id):
    """The report, when it is of the user's commune; 404 otherwise (for them it does not exist)."""
    report = db.session.get(IssuedReport, report_id)
    if report is None or report.commune_id != user.commune_id:
        raise ApiError(404)
    return report
