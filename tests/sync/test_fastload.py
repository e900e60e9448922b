"""sync/fastload.py against marshmallow: the quick road may only accept what marshmallow accepts,
and must load it to the same values; everything else it hands back (Slow), so that the phone
gets marshmallow's messages. Each field of each operation schema is given awkward values one at
a time, then hypothesis gives whole random JSON values."""
import math
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from fieldapp import create_app
from fieldapp.households.schemas import DATA_SCHEMAS, OperationSchema
from fieldapp.sync import fastload, services

HOUSEHOLD = str(uuid.uuid4())
VALID = {
    "household.upsert": {"village_id": 3, "code": " HH-01 ", "head_name": "Nguyễn  Văn An",
                         "address": "Số 5, thôn Đông", "phone": "+84 912 345 678", "member_count": 4,
                         "lat": 21.0285123456, "lon": 105, "accuracy": 12.5, "consent": "given",
                         "consent_notice_version": 2, "note": "ghi chú", "status": "covered",
                         "version": 3, "id": HOUSEHOLD},
    "household.deactivate": {"inactive_reason": "Chuyển đi"},
    "member.upsert": {"household_id": HOUSEHOLD, "full_name": "Trần Thị Bình", "birth_year": 1980,
                      "is_head": False, "phone": "0912345678", "skills": {"dvc_login": True, "rating": False},
                      "groups": {"youth_union": True, "student": False},
                      "note": None, "capable": True},
    "member.delete": {},
    "visit.create": {"household_id": HOUSEHOLD, "visited_at": "2026-03-05T17:30:00+07:00",
                     "outcome": "met", "topics": ["vneid_login"], "people_guided": 2,
                     "barriers": ["no_smartphone"], "next_visit_on": "2026-03-12", "lat": None,
                     "lon": None, "note": "Đã hướng dẫn"},
}
ENVELOPE = {"op_id": str(uuid.uuid4()), "type": "visit.create", "entity_id": str(uuid.uuid4()),
            "at": "2026-03-05T17:30:00+07:00", "base_version": 2, "data": {}}

AWKWARD = [None, "", " ", "  \u200b ", 0, 1, -1, 51, 2**70, 1.5, 3.0, float("nan"), float("inf"), True,
           False, "1", "12", "true", "abc", "0912345678", "+84912345678", "001234567890",
           "OTP 123456", "x" * 301, "x" * 2001, "2026-03-05", "2026-03-05T17:30:00",
           "2026-03-05T17:30:00+07:00", "2026-03-05T17:30:00Z", "2099-01-01T00:00:00+00:00",
           str(uuid.uuid4()), "{" + str(uuid.uuid4()) + "}", [], ["vneid_login"],
           ["vneid_login", "vneid_login"], ["nope"], [None], {}, {"dvc_login": True}, {"dvc_login": 1},
           {"nope": True}, 1900, 1899, 2026, 2000, 90.00000001, -180, 100000, 100001]


@pytest.fixture(scope="module")
def request_context():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "fastload"})
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        yield


def _both(schema, fast, data, partial):
    try:
        expected = schema.load(data, partial=partial)
    except ValidationError:
        expected = ValidationError
    try:
        got = fast(data, partial=partial)
    except fastload.Slow:
        return expected, None
    return expected, got


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and (a == b if not isinstance(a, dict | list) else _same_all(a, b))


def _same_all(a, b):
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))


def _check(schema, fast, data, partial):
    expected, got = _both(schema, fast, data, partial)
    if got is None:
        return expected is not ValidationError  # handed back: always allowed
    assert expected is not ValidationError, f"fast path accepted what marshmallow refuses: {data!r}"
    assert _same(expected, got), f"{data!r}: marshmallow {expected!r}, fast {got!r}"
    return False


def _schemas():
    cases = [(kind, schema(), kind.endswith(".upsert")) for kind, schema in DATA_SCHEMAS.items()]
    return cases + [("operation", OperationSchema(), False)]


@pytest.mark.parametrize("kind, schema, partial", _schemas(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_schema_compiles_and_takes_its_valid_data(request_context, kind, schema, partial):
    fast = fastload.compile_schema(schema)
    assert fast is not None, f"{kind}: not compiled, every operation would take the slow road"
    data = {**ENVELOPE, "data": VALID["visit.create"]} if kind == "operation" else VALID[kind]
    expected, got = _both(schema, fast, data, partial)
    assert got is not None and _same(expected, got)


@pytest.mark.parametrize("kind, schema, partial", _schemas(), ids=lambda v: v if isinstance(v, str) else "")
def test_awkward_values_field_by_field(request_context, kind, schema, partial):
    fast = fastload.compile_schema(schema)
    base = {**ENVELOPE, "data": VALID["visit.create"]} if kind == "operation" else VALID[kind]
    handed_back = 0
    for name in [*schema.load_fields, "unknown_field"]:
        for value in AWKWARD:
            handed_back += _check(schema, fast, {**base, name: value}, partial)
        handed_back += _check(schema, fast, {k: v for k, v in base.items() if k != name}, partial)
        handed_back += _check(schema, fast, {k: v for k, v in base.items() if k != name}, not partial)
    # Handing back what marshmallow accepts costs time, never correctness; keep it rare.
    assert handed_back < 40


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(AWKWARD[:35]),
    lambda children: (st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(VALID)), values=st.dictionaries(st.text(max_size=12), JSON, max_size=4),
       named=st.dictionaries(st.sampled_from(sorted({f for d in VALID.values() for f in d})), JSON,
                             max_size=4))
def test_random_values(request_context, kind, values, named):
    schema = services.DATA[kind]
    fast = services.FAST_DATA[kind]
    for data in ({**VALID[kind], **named}, {**VALID[kind], **values}, named):
        _check(schema, fast, data, kind.endswith(".upsert"))


def test_the_push_path_gives_marshmallows_messages(request_context):
    """services.parse: a bad operation takes the slow road and gets marshmallow's messages."""
    now = services.utcnow()
    raw = {**ENVELOPE, "data": {**VALID["visit.create"], "people_guided": 99, "outcome": "nope"}}
    with pytest.raises(ValidationError) as fast_error:
        services.parse(raw, now)
    op = services.OPERATION.load(raw)
    with pytest.raises(ValidationError) as slow_error:
        services.DATA[op["type"]].load(op["data"])
    assert fast_error.value.normalized_messages() == slow_error.value.normalized_messages()
    parsed = services.parse({**ENVELOPE, "data": VALID["visit.create"]}, now)
    assert parsed["data"]["topics"] == ["vneid_login"] and parsed["base_version"] == 2
