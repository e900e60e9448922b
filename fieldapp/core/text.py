"""Input normalisation of DOMAIN.md, shared by forms, the API, sync and the importer."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters (NUL...), zero-width and other invisible format characters, the
# bidirectional embeddings, overrides and isolates (which can show a name reversed), and lone
# surrogates (which JSON can carry but no database can store).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        r"\u2066-\u2069\ufeff\ud800-\udfff]")
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")


def clean_text(value):
    """NFC, invisible characters removed, trimmed, inner runs of whitespace collapsed to one
    space; None stays None."""
    if value is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return _SPACES.sub(" ", text).strip()


def fold(value):
    """Accent- and case-insensitive key for matching and search.

    "Nguyễn Văn An", "NGUYEN VAN AN" and an NFD "Nguyễn" all fold to "nguyen van an".
    đ/Đ have no decomposition in Unicode, so they are mapped to d by hand.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFD", clean_text(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def name_order(name, row_id):
    """The key people and households are listed by: the name folded (accents and case aside,
    as search reads it), then as written, then the id as text; no name last. The phone lists
    by the same rule (static/app/text.js `compareByName`; tests/data/ordering_vectors.json)."""
    written = clean_text(name) or ""
    return (not written, fold(written), written, str(row_id))


def member_order(member):
    """The key a household's members are listed by: the head first, then name_order."""
    return (not member.is_head, *name_order(member.full_name, member.id))


def normalise_phone(value):
    """Return the phone in the form 0xxxxxxxxx, or None when empty.

    Strips spaces, dots, dashes and brackets; turns +84/84 into 0; puts back the leading 0
    that Excel drops from nine-digit mobile numbers. The result may still be invalid: check
    it with is_valid_phone.
    """
    text = clean_text(value)
    if not text:
        return None
    digits = _PHONE_JUNK.sub("", unicodedata.normalize("NFKC", text))  # fullwidth digits too
    if digits.startswith("+84"):
        digits = "0" + digits[3:].removeprefix("0")  # "+84 0912..." keeps one zero
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits
    return digits


def is_valid_phone(phone):
    """Mobile 0[35789] + 8 digits, or landline 02 + 9 digits."""
    return bool(phone) and bool(_MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone))
