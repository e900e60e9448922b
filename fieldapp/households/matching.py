"""Each household once: the likely-duplicate rule, the same on the phone (static/app/matching.js)
and on the server, checked on both sides by tests/data/duplicate_vectors.json.

Two live households of one village are likely the same when they have the same phone, or the
same head name and the same address, both compared as match keys: folded (accents and case
ignored, core/text.py) with punctuation read as a space. A shared head name alone is not
enough: "Nguyễn Văn An" is common, and a village has several.
"""
import re

from fieldapp.core.text import fold, normalise_phone

# The punctuation people put in names and addresses ("Xóm 3," "Thôn 2 - Đội 5").
_PUNCTUATION = re.compile(r"[\s.,;:/\\#()\-_'\"]+")
REASONS = ("name", "address", "phone")


def match_key(value):
    """The key names and addresses are compared by: "Xóm 3," and "xom 3" give "xom 3"."""
    return _PUNCTUATION.sub(" ", fold(value)).strip()


def match_phone(value):
    return normalise_phone(value) or ""


def reasons(a, b):
    """What two households (dicts or rows with head_name, address, phone) share, in REASONS'
    order, when the rule says they are likely one; [] when not."""
    shared = []
    if match_key(_get(a, "head_name")) and match_key(_get(a, "head_name")) == match_key(_get(b, "head_name")):
        shared.append("name")
    if match_key(_get(a, "address")) and match_key(_get(a, "address")) == match_key(_get(b, "address")):
        shared.append("address")
    if match_phone(_get(a, "phone")) and match_phone(_get(a, "phone")) == match_phone(_get(b, "phone")):
        shared.append("phone")
    likely = "phone" in shared or ("name" in shared and "address" in shared)
    return shared if likely else []


def _get(record, key):
    return record.get(key) if isinstance(record, dict) else getattr(record, key)
