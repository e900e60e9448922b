"""The issued reports of a province's communes, as a supervisor reads them: the commune's own
issued reports (plans/issued.py), listed across the communes and read as issued. Which
communes' reports a user reads is core/permissions.py's `issued_reports_clause`."""
from sqlalchemy import select

from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import issued_reports_clause
from fieldapp.extensions import db
from fieldapp.places.models import Commune
from fieldapp.plans.models import IssuedReport

LIST_LIMIT = 1000  # reports listed at once: a province's communes issue about twenty a year each


def _seen(user):
    return issued_reports_clause(user, Commune.id, Commune.province_id)


def reports_seen(user, commune_id=None, period=None):
    """(report, commune) of the reports the user reads, newest first; of one commune and one
    period (its key, "2026-Q1") when given."""
    query = (select(IssuedReport, Commune).join(Commune, Commune.id == IssuedReport.commune_id)
             .where(_seen(user)))
    if commune_id is not None:
        query = query.where(IssuedReport.commune_id == commune_id)
    if period is not None:
        query = query.where(IssuedReport.period == period)
    query = query.order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc()).limit(LIST_LIMIT)
    return [(report, commune) for report, commune in db.session.execute(query)]


def listed(user, commune_id=None, period=None):
    """The list's items: each report's summary with its commune (id, code, name)."""
    return [{**{key: getattr(report, key) for key in ("id", "number", "period", "kind", "date_from",
                                                        "date_to", "issued_at")},
             "commune": {"id": commune.id, "code": commune.code, "name": commune.name}}
            for report, commune in reports_seen(user, commune_id, period)]


def communes_with_reports(user):
    """The communes whose reports the user reads, by name (the page's filter)."""
    return db.session.scalars(select(Commune).where(_seen(user)).order_by(Commune.name, Commune.code)).all()


def province_report(user, report_id):
    """The report when the user reads it; 404 otherwise (for them it does not exist)."""
    found = db.session.scalar(select(IssuedReport).join(Commune, Commune.id == IssuedReport.commune_id)
                              .where(IssuedReport.id == report_id, _seen(user)))
    if found is None:
        raise ApiError(404)
    return found
