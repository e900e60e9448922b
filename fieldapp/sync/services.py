"""Push: apply a phone's operations in order, once each, in one transaction (SYNC.md)."""
import uuid
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from fieldapp.core.bulk import insert_rows
from fieldapp.core.model import utcnow
from fieldapp.core.validation import field_messages
from fieldapp.extensions import db
from fieldapp.households.schemas import DATA_SCHEMAS, OperationSchema
from fieldapp.sync import fastload
from fieldapp.sync.apply import CLOCK_SKEW, Batch, Rejected
from fieldapp.sync.models import AppliedOp
from fieldapp.sync.queries import scope_village_ids
from fieldapp.sync.seq import lock_commune

MAX_OPS = 500
MAX_BYTES = 1024 * 1024
HANDLERS = {
    "household.upsert": Batch.household_upsert,
    "household.deactivate": Batch.household_deactivate,
    "member.upsert": Batch.member_upsert,
    "member.delete": Batch.member_delete,
    "visit.create": Batch.visit_create,
}


# Made once: building a schema costs more than loading one operation with it.
OPERATION = OperationSchema()
DATA = {kind: schema() for kind, schema in DATA_SCHEMAS.items()}
# The same schemas compiled for valid operations (sync/fastload.py); marshmallow for the rest.
FAST_OPERATION = fastload.compile_schema(OPERATION)
FAST_DATA = {kind: fastload.compile_schema(schema) for kind, schema in DATA.items()}


def result(op_id, status, errors=None, version=None, **extra):
    return {"op_id": str(op_id) if op_id is not None else None, "status": status,
            "errors": errors or {}, "version": version, **extra}


def _op_id_of(raw):
    return raw.get("op_id") if isinstance(raw, dict) and isinstance(raw.get("op_id"), str) else None


def parse(raw, now):
    """Validate one operation's envelope and data; raise ValidationError with field messages."""
    if not isinstance(raw, dict):
        raise ValidationError({"_schema": [str(_l("An operation must be a JSON object."))]})
    try:
        op, data = _load_fast(raw)
    except fastload.Slow:  # something is not plainly right: marshmallow says what
        op = OPERATION.load(raw)
        data = DATA[op["type"]].load(op["data"], partial=op["type"].endswith(".upsert"))
    schema = DATA[op["type"]]
    for ignored in getattr(schema, "IGNORED", ()):
        data.pop(ignored, None)
    op["data"] = data
    op["received_at"] = now
    op["client_at"] = None
    op["clock_adjusted"] = op["at"] > now + CLOCK_SKEW
    if op["clock_adjusted"]:
        op["client_at"], op["at"] = op["at"], now
    return op


def _load_fast(raw):
    if FAST_OPERATION is None:
        raise fastload.Slow
    op = FAST_OPERATION(raw)
    load = FAST_DATA[op["type"]]
    if load is None:
        raise fastload.Slow
    return op, load(op["data"], partial=op["type"].endswith(".upsert"))  # upserts send changes only


def writable_village_ids(user):
    """A push writes where its user pulls from (SYNC.md): the villages of their scope."""
    return set(scope_village_ids(user))


def push(user, device_id, raw_ops):
    """Apply the operations; return one result per operation, in order. The caller commits."""
    now = utcnow()
    results, ops = [None] * len(raw_ops), []
    for index, raw in enumerate(raw_ops):
        try:
            ops.append((index, parse(raw, now)))
        except ValidationError as exc:
            results[index] = result(_op_id_of(raw), "rejected", field_messages(exc.normalized_messages()))
    apply_operations(user, device_id, ops, results, now)
    return results


def server_operation(kind, entity_id, data, base_version, now=None):
    """An operation made on the server (a leader resolving a conflict) for the same write path."""
    now = now or utcnow()
    return {"op_id": uuid.uuid4(), "type": kind, "entity_id": entity_id, "at": now,
            "base_version": base_version, "data": data, "received_at": now, "client_at": None,
            "clock_adjusted": False}


def apply_operations(user, device_id, ops, results, now):
    """Apply parsed operations [(index, op)], filling `results` at each index."""
    lock_commune(db.session, user.commune_id)
    try:
        _apply(user, device_id, ops, results, now)
        db.session.flush()
    except IntegrityError:
        # A constraint the checks did not foresee: apply one by one, so only that op fails.
        db.session.rollback()
        lock_commune(db.session, user.commune_id)
        for index, op in ops:
            savepoint = db.session.begin_nested()
            try:
                _apply(user, device_id, [(index, op)], results, now)
                db.session.flush()
                savepoint.commit()
            except IntegrityError:
                savepoint.rollback()
                results[index] = result(op["op_id"], "rejected",
                                        {"_schema": [str(_l("This change could not be saved."))]})


def note_sync(user, now):
    """Keep when the user's phone last pushed or pulled, for the leader; True when written.
    To the minute: no write of the user on every push or pulled page. The caller commits."""
    if user.last_sync_at is None or now - user.last_sync_at > timedelta(minutes=1):
        user.last_sync_at = now
        return True
    return False


APPLIED_KEYS = ("op_id", "commune_id", "user_id", "device_id", "type", "entity_id", "at", "client_at",
                "received_at", "result")
_ANSWERED = select(AppliedOp.op_id, AppliedOp.result).where(
    AppliedOp.op_id.in_(bindparam("op_ids", expanding=True)), AppliedOp.commune_id == bindparam("commune_id"))


def _apply(user, device_id, ops, results, now):
    op_ids = [op["op_id"] for _, op in ops]
    answered = {  # op_id -> the result it got when first applied
        op_id: result for op_id, result in db.session.execute(
            _ANSWERED, {"op_ids": op_ids, "commune_id": user.commune_id})
    } if ops else {}
    fresh, repeats, seen = [], [], set()
    for index, op in ops:
        if op["op_id"] in answered:
            results[index] = {**answered[op["op_id"]], "status": "duplicate"}
        elif op["op_id"] in seen:
            repeats.append((index, op))
        else:
            seen.add(op["op_id"])
            fresh.append((index, op))
    batch = Batch(user, writable_village_ids(user))
    batch.load([op for _, op in fresh])
    applied = []
    for index, op in fresh:
        try:
            version = HANDLERS[op["type"]](batch, op, op["data"])
        except Rejected as exc:
            rejected = result(op["op_id"], "rejected", field_messages(exc.errors))
            answered[op["op_id"]] = results[index] = rejected
            continue
        extra = {"clock_adjusted": True} if op["clock_adjusted"] else {}
        answered[op["op_id"]] = results[index] = result(op["op_id"], "applied", version=version, **extra)
        applied.append(op)
    for index, op in repeats:  # the same op twice in one push: the second is a duplicate
        first = answered[op["op_id"]]
        results[index] = {**first, "status": "duplicate"} if first["status"] == "applied" else first
    batch.finish()
    if applied:  # one executemany, not 500 objects through the unit of work
        insert_rows(db.session.connection(), AppliedOp.__table__, APPLIED_KEYS, [
            {"op_id": op["op_id"], "commune_id": user.commune_id, "user_id": user.id,
             "device_id": device_id, "type": op["type"], "entity_id": op["entity_id"], "at": op["at"],
             "client_at": op["client_at"], "received_at": now, "result": answered[op["op_id"]]}
            for op in applied
        ])
