"""The storage floor of bench/sync_ingest.py: NOT part of fieldapp, never deployed.

A bare Flask endpoint, served by the same gunicorn as the app, that takes the same push bodies
and does the least any server must do with them: parse the JSON, turn each operation into rows
and insert the rows with `executemany`, in one transaction, into the same schema (fieldapp's
tables, made by the migrations). No login, no validation, no scope check, no merge, no
idempotency check, no `seq`, no derived columns, no compression.

What an operation becomes here:
- a new household, member or visit (`base_version` null): one row, plus a row per visit topic
  and barrier; later operations on a row made in the same push are folded into that row
  before it is inserted (a dict update, not a merge: the last one simply wins);
- an operation on a row of an earlier push: an UPDATE of the fields it names, executemany by
  set of fields (the benchmark's batches make none, but the floor stays honest if they do);
- every operation: its `applied_ops` row (the op log), with a result like the app's.

Settings (environment): FLOOR_DATABASE_URL, FLOOR_COMMUNE_ID, FLOOR_USER_ID.
"""
import os
import uuid
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import bindparam, create_engine, select

import fieldapp.models  # noqa: F401  (the table definitions only; no app is made)
from fieldapp.config import database_url
from fieldapp.extensions import db

TABLES = db.metadata.tables
HOUSEHOLDS, MEMBERS, VISITS = TABLES["households"], TABLES["members"], TABLES["visits"]
TOPICS, BARRIERS, APPLIED = TABLES["visit_topics"], TABLES["visit_barriers"], TABLES["applied_ops"]
HOUSEHOLD_FIELDS = ("village_id", "code", "head_name", "address", "phone", "member_count", "lat", "lon",
                    "accuracy", "consent", "consent_notice_version", "note", "inactive",
                    "inactive_reason")
MEMBER_FIELDS = ("full_name", "birth_year", "is_head", "phone", "note", "deleted")
SKILL_COLUMNS = tuple(c.name for c in MEMBERS.columns if c.name.startswith("skill_"))

engine = create_engine(database_url(os.environ["FLOOR_DATABASE_URL"]), pool_pre_ping=True,
                       hide_parameters=True)
COMMUNE_ID = int(os.environ["FLOOR_COMMUNE_ID"])
USER_ID = int(os.environ["FLOOR_USER_ID"])

app = Flask(__name__)


@app.get("/health")
def health():
    return "ok"


def _fields(data, names):
    return {name: data[name] for name in names if name in data}


def _member_fields(data):
    values = _fields(data, MEMBER_FIELDS)
    values.update({f"skill_{key}": held for key, held in (data.get("skills") or {}).items()})
    return values


@app.post("/push")
def push():
    body = request.get_json()
    now = datetime.now(UTC)
    households, members, visits, topics, barriers, applied, results = {}, {}, [], [], [], [], []
    updates = {HOUSEHOLDS: {}, MEMBERS: {}}  # rows of earlier pushes: id -> fields to set
    for raw in body["ops"]:
        kind, data = raw["type"], raw["data"]
        entity_id = uuid.UUID(raw["entity_id"])
        op_at = datetime.fromisoformat(raw["at"])
        if kind in ("household.upsert", "household.deactivate"):
            values = _fields(data, HOUSEHOLD_FIELDS)
            if kind == "household.deactivate":
                values["inactive"] = True
            if entity_id in households:
                households[entity_id].update(values)
            elif raw["base_version"] is None and kind == "household.upsert":
                households[entity_id] = {"id": entity_id, "commune_id": COMMUNE_ID, "consent": "not_asked",
                                         "created_by_id": USER_ID, "updated_by_id": USER_ID, **values}
            else:
                updates[HOUSEHOLDS].setdefault(entity_id, {}).update(values)
        elif kind in ("member.upsert", "member.delete"):
            values = _member_fields(data) if kind == "member.upsert" else {"deleted": True}
            if entity_id in members:
                members[entity_id].update(values)
            elif raw["base_version"] is None and kind == "member.upsert":
                members[entity_id] = {"id": entity_id, "commune_id": COMMUNE_ID,
                                      "household_id": uuid.UUID(data["household_id"]),
                                      "created_by_id": USER_ID, "updated_by_id": USER_ID, **values}
            else:
                updates[MEMBERS].setdefault(entity_id, {}).update(values)
        else:  # visit.create
            visited_at = data.get("visited_at")
            visits.append({
                "id": entity_id, "commune_id": COMMUNE_ID, "household_id": uuid.UUID(data["household_id"]),
                "volunteer_id": USER_ID, "received_at": now, "outcome": data["outcome"],
                "visited_at": datetime.fromisoformat(visited_at) if visited_at else op_at,
                "people_guided": data.get("people_guided", 0), "next_visit_on": data.get("next_visit_on"),
                "lat": data.get("lat"), "lon": data.get("lon"), "note": data.get("note"),
            })
            topics += [{"visit_id": entity_id, "topic": t, "commune_id": COMMUNE_ID}
                       for t in data.get("topics", ())]
            barriers += [{"visit_id": entity_id, "barrier": b, "commune_id": COMMUNE_ID}
                         for b in data.get("barriers", ())]
        result = {"op_id": raw["op_id"], "status": "applied", "errors": {}, "version": None}
        applied.append({"op_id": uuid.UUID(raw["op_id"]), "commune_id": COMMUNE_ID, "user_id": USER_ID,
                        "device_id": body["device_id"], "type": kind, "entity_id": entity_id,
                        "at": op_at, "client_at": None, "received_at": now, "result": result})
        results.append(result)

    with engine.begin() as conn:
        village_of = {row["id"]: row["village_id"] for row in households.values()}
        unknown = {row["household_id"] for row in (*members.values(), *visits)} - village_of.keys()
        if unknown:
            village_of.update(conn.execute(
                select(HOUSEHOLDS.c.id, HOUSEHOLDS.c.village_id).where(HOUSEHOLDS.c.id.in_(unknown))
            ).all())
        for row in (*members.values(), *visits):
            row["village_id"] = village_of[row["household_id"]]
        # executemany needs the same keys in every row
        _insert(conn, HOUSEHOLDS, households.values(), ("id", "commune_id", "created_by_id",
                                                        "updated_by_id", *HOUSEHOLD_FIELDS))
        _insert(conn, MEMBERS, members.values(), ("id", "commune_id", "household_id", "village_id",
                                                  "created_by_id", "updated_by_id", *MEMBER_FIELDS,
                                                  *SKILL_COLUMNS))
        _insert(conn, VISITS, visits)
        _insert(conn, TOPICS, topics)
        _insert(conn, BARRIERS, barriers)
        _insert(conn, APPLIED, applied)
        for table, rows in updates.items():
            by_fields = {}
            for row_id, values in rows.items():
                by_fields.setdefault(tuple(sorted(values)), []).append({"_id": row_id, **values})
            for names, params in by_fields.items():
                if names:
                    conn.execute(table.update().where(table.c.id == bindparam("_id"))
                                 .values({n: bindparam(n) for n in names}), params)
    return jsonify({"results": results, "server_time": now.isoformat()})


_DEFAULTS = {"consent": "not_asked", "inactive": False, "is_head": False, "deleted": False}


def _insert(conn, table, rows, keys=None):
    rows = list(rows)
    if not rows:
        return
    if keys:
        defaults = {k: _DEFAULTS.get(k, False if k.startswith("skill_") else None) for k in keys}
        rows = [{**defaults, **row} for row in rows]
    conn.execute(table.insert(), rows)
