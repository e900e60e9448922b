"""The sync endpoints: push and pull."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.accounts import devices
from fieldapp.accounts.schemas import PhoneHeadersSchema
from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.core.permissions import requires
from fieldapp.extensions import db
from fieldapp.sync import queries, services
from fieldapp.sync.schemas import PullArgsSchema, PullSchema, PushResultSchema, PushSchema

PULL = PullSchema()
blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync",
                description="Offline phones send their operations and fetch what changed.")


def _too_large():
    return ApiError(413, _("A push may carry at most %(ops)d operations and 1 MiB. "
                           "Send the rest in another push.", ops=services.MAX_OPS), code="too_large")


@blp.before_request
def _limit_push_size():
    if request.endpoint == "sync.push":
        if (request.content_length or 0) > services.MAX_BYTES:
            raise _too_large()
        request.max_content_length = services.MAX_BYTES


@blp.route("/push", methods=["POST"])
@requires("volunteer")
@blp.arguments(PushSchema)
@blp.arguments(PhoneHeadersSchema, location="headers")
# Documented, not dumped: the results are built in this shape, and dumping 500 of them again
# would cost a tenth of a push.
@blp.alt_response(200, schema=PushResultSchema, success=True)
@blp.alt_response(413, description="More than 500 operations or 1 MiB")
@blp.alt_response(403, description="`device_revoked`: the office revoked this phone (X-Device-Id); "
                                   "`account_deactivated`: the account is disabled")
def push(body, headers):
    """Apply operations in order, once each; one result per operation. The phone names itself
    in the header X-Device-Id (and `device_id`) and its app version in X-App-Version."""
    if len(body["ops"]) > services.MAX_OPS:
        raise _too_large()
    user = current_user._get_current_object()  # not the proxy: the push reads it per operation
    phone = devices.check_in(user, headers, body["device_id"])
    scope = queries.Scope.of(user) if "cursor" in body else None
    results = services.push(user, body["device_id"], body["ops"])
    services.note_sync(user, utcnow())
    devices.record(phone, ops_pushed=sum(r["status"] == "applied" for r in results))
    db.session.commit()
    answer = {"results": results, "server_time": utcnow().isoformat()}
    if scope is not None:  # the pull the phone would send next, saved a round trip
        answer["pull"] = PULL.dump(queries.pull(scope, body["cursor"], body["limit"]))
    return jsonify(answer)


@blp.route("/pull", methods=["GET"])
@requires("volunteer")
@blp.arguments(PullArgsSchema, location="query")
@blp.arguments(PhoneHeadersSchema, location="headers")
@blp.response(200, PullSchema)
@blp.alt_response(403, description="`device_revoked` or `account_deactivated`, as for a push")
def pull(args, headers):
    """Rows of the user's scope changed since the cursor, oldest first, with tombstones. The
    phone names itself in the header X-Device-Id and its app version in X-App-Version."""
    phone = devices.check_in(current_user, headers)
    body = queries.pull(queries.Scope.of(current_user), args["cursor"], args["limit"])
    _stamp_sync(current_user, phone)
    return body


def _stamp_sync(user, phone):
    """The time the user and the phone last synced, for the leader; committed only if written."""
    noted = services.note_sync(user, utcnow())
    if devices.record(phone) or noted:
        db.session.commit()
