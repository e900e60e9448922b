"""The consent notice read to a household before its details are recorded (DOMAIN.md).

Version 0 is the built-in text, in the user's language; a commune that publishes its own
notice starts at version 1. Each version is kept, so a household's consent says what it was told.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from fieldapp.core.text import clean_text
from fieldapp.extensions import db
from fieldapp.places.models import ConsentNotice

MAX_LENGTH = 2000


def default_notice_text():
    return _("The commune's community digital team records the names, birth years and phone "
             "numbers of this household's members, and which digital skills each person has, "
             "to help everyone use VNeID and online public services. The commune office keeps "
             "these details, never shares them for other purposes, and deletes them on request. "
             "Do you agree?")


def current_notice(commune_id):
    """{"version", "text"} of the notice a volunteer of the commune shows today."""
    notice = db.session.scalar(
        select(ConsentNotice).where(ConsentNotice.commune_id == commune_id)
        .order_by(ConsentNotice.version.desc()).limit(1)
    )
    if notice is None:
        return {"version": 0, "text": default_notice_text()}
    return {"version": notice.version, "text": notice.text}


def notice_text(commune_id, version):
    """The text of a version the commune showed (None when no notice was recorded)."""
    if version is None:
        return None
    if version == 0:
        return default_notice_text()
    return db.session.scalar(select(ConsentNotice.text).where(
        ConsentNotice.commune_id == commune_id, ConsentNotice.version == version))


def publish_notice(commune_id, text, user=None):
    """A new version of the commune's notice; the old ones stay for the households shown them."""
    text = clean_text(text) or ""
    if not text or len(text) > MAX_LENGTH:
        raise ValueError(f"a notice has 1 to {MAX_LENGTH} characters")
    latest = db.session.scalar(
        select(func.max(ConsentNotice.version)).where(ConsentNotice.commune_id == commune_id)
    ) or 0
    notice = ConsentNotice(commune_id=commune_id, version=latest + 1, text=text,
                           created_by_id=user.id if user else None)
    db.session.add(notice)
    db.session.flush()
    return notice
