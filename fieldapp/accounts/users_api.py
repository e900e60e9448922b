"""The office's accounts as JSON: a user's phones, revoking one, deactivating and reactivating
(the twins of the buttons of /office/users/<id>, through the same services)."""
from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.accounts import devices, services
from fieldapp.accounts.models import User
from fieldapp.accounts.schemas import AccountSchema, DeviceListSchema, DeviceSchema, NoBodySchema
from fieldapp.core.permissions import requires, sees_commune
from fieldapp.extensions import db

blp = Blueprint("users", __name__, url_prefix="/api/v1/users",
                description="Accounts for the commune office: phones, revoking one, deactivating.")


def _account(user_id):
    """The account: 404 for an unknown id or another commune's (for the caller it does not
    exist), 403 when the caller may not manage it (an officer's own, or another officer's)."""
    account = db.session.get(User, user_id)
    if account is None or not sees_commune(current_user, account.commune_id):
        abort(404)
    services.check_manages(current_user, account)
    return account


@blp.route("/<id:user_id>/devices")
@requires("officer")
@blp.response(200, DeviceListSchema)
def list_devices(user_id):
    """The phones the user synced from: first and last sync, app version, changes applied."""
    return {"items": devices.devices_of(_account(user_id))}


@blp.route("/<id:user_id>/devices/<path:device_id>/revoke", methods=["POST"])
@requires("officer")
@blp.response(200, DeviceSchema)
@blp.arguments(NoBodySchema)
def revoke_device(_body, user_id, device_id):
    """Revoke one phone (lost, stolen): its next pull or push gets 403 `device_revoked` and it
    wipes itself; the account and its other phones go on. Audited."""
    device = devices.revoke(current_user, _account(user_id), device_id)
    if device is None:
        abort(404)
    db.session.commit()
    return device


def _set_active(user_id, active):
    account = _account(user_id)
    services.set_active(current_user, account, active)
    db.session.commit()
    return account


@blp.route("/<id:user_id>/deactivate", methods=["POST"])
@requires("officer")
@blp.response(200, AccountSchema)
@blp.arguments(NoBodySchema)
def deactivate(_body, user_id):
    """Disable the account: its phones' next pull or push gets 403 `account_deactivated`."""
    return _set_active(user_id, False)


@blp.route("/<id:user_id>/reactivate", methods=["POST"])
@requires("officer")
@blp.response(200, AccountSchema)
@blp.arguments(NoBodySchema)
def reactivate(_body, user_id):
    """Let the account log in again; the sessions it had before stay ended."""
    return _set_active(user_id, True)
