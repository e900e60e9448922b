"""The phones each user syncs from: seen on every pull and push, revoked by the office (a lost
or stolen phone) without disabling the account.

Sync is hot, so a request costs one SELECT (is this phone revoked?) and at most one write, an
upsert, made only when there is something new to keep: pushed changes, another app version, or
a last sync older than a minute.

A phone is also remembered in its session: wiping a revoked phone's data makes it forget its
device id, and the session cookie it keeps must not make it a new, unrevoked phone.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import session
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from fieldapp.accounts.models import Device
from fieldapp.accounts.services import check_manages
from fieldapp.core import audit
from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.extensions import db

SESSION_KEY = "device_id"
STAMP_EVERY = timedelta(minutes=1)


class DeviceRevoked(ApiError):
    def __init__(self):
        super().__init__(403, _("The commune office has withdrawn this phone's access. Save the changes "
                                "not yet sent to a file and hand it to the office."),
                         code="device_revoked")


@dataclass
class PhoneRequest:
    """A phone's request as sync sees it: who, which phone, and what the server knew of it."""

    user_id: int
    commune_id: int
    device_id: str
    app_version: str | None
    known: bool = False
    last_seen_at: datetime | None = None
    known_version: str | None = None


_KNOWN = select(Device.device_id, Device.revoked_at, Device.last_seen_at, Device.app_version).where(
    Device.user_id == bindparam("user_id"), Device.device_id.in_(bindparam("ids", expanding=True)))


def check_in(user, headers, body_device_id=None):
    """The phone making this sync request, from its headers (PhoneHeadersSchema), or None when
    it names none (an older app); raise DeviceRevoked when the phone, or the phone this session
    was used from, is revoked."""
    device_id = headers.get("device_id") or body_device_id or session.get(SESSION_KEY)
    if device_id is None:
        return None
    ids = {device_id, body_device_id, session.get(SESSION_KEY)} - {None}
    phone = PhoneRequest(user.id, user.commune_id, device_id, headers.get("app_version"))
    for known_id, revoked_at, last_seen_at, app_version in db.session.execute(
            _KNOWN, {"user_id": user.id, "ids": list(ids)}):
        if revoked_at is not None:
            raise DeviceRevoked()
        if known_id == device_id:
            phone.known, phone.last_seen_at, phone.known_version = True, last_seen_at, app_version
    if session.get(SESSION_KEY) != device_id:
        session[SESSION_KEY] = device_id
    return phone


def record(phone, ops_pushed=0):
    """Keep the phone's last sync, app version and count of applied changes: one upsert, and
    none when nothing new is to be kept (then False). The caller commits."""
    if phone is None:
        return False
    now = utcnow()
    version = phone.app_version or phone.known_version
    if (phone.known and not ops_pushed and version == phone.known_version
            and now - phone.last_seen_at < STAMP_EVERY):
        return False
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Device).values(
        commune_id=phone.commune_id, user_id=phone.user_id, device_id=phone.device_id,
        first_seen_at=now, last_seen_at=now, app_version=version, ops_pushed=ops_pushed)
    # A race with the phone's other request (a pull beside a push) lands on the same row.
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["user_id", "device_id"],
        set_={"last_seen_at": now, "app_version": version,
              "ops_pushed": Device.ops_pushed + statement.excluded.ops_pushed}))
    return True


def devices_of(user):
    """The user's phones, the most recently seen first."""
    return db.session.scalars(select(Device).where(Device.user_id == user.id)
                              .order_by(Device.last_seen_at.desc(), Device.id)).all()


def revoke(by, user, device_id):
    """Withdraw one phone's access; the account and its other phones go on. None when the user
    has no such phone. Revoking twice keeps the first time."""
    check_manages(by, user)
    device = db.session.scalar(select(Device).where(Device.user_id == user.id,
                                                    Device.device_id == device_id))
    if device is None:
        return None
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        device.revoked_by_id = by.id
        audit.record("device_revoked", by, target=user, commune_id=user.commune_id,
                     device_id=device.device_id)
        db.session.flush()
    return device
