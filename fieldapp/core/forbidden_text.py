"""What free text must never hold (DOMAIN.md: no ID-card numbers, no OTPs, no passwords).

A mirror of static/app/forbidden.js; both pass tests/data/forbidden_text_vectors.json.

- A citizen ID (CCCD) is 12 digits, written straight or in groups joined by one space, dot or
  dash ("001 234 567 890", "0012.3456.7890"). A run of such groups is refused when it holds
  12 digits in all, or when one of its groups is 12 digits ("0912345678 001234567890"), unless
  it starts or ends with a whole phone number (10 or 11 digits) and the rest is not an ID
  ("0912345678 12" is a phone and a count). A 12-digit stretch glued to more digits
  ("0012345678901") is another kind of number and passes: an ID is never written that way.
- A secret is "OTP", "mật khẩu" (or "mat khau"), "password" or "passcode" followed by a code:
  either the next word (after "là", "mới", "cũ", "is", "new", "old" if any) holds a digit and
  4 characters or more, or, after a ":" or "=" at most two words on, a word of 4 characters
  or more with a digit, or of 6 or more. A phone number is never a code. So "quên mật khẩu
  VNeID" and "mã OTP gửi về số 0912345678" pass; "OTP 123456" and "mật khẩu VNeID: Lan@2024"
  do not.
"""
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from fieldapp.core.text import fold, is_valid_phone

_DIGIT_RUN = re.compile(r"[0-9]+(?:[ .\-][0-9]+)*")
_KEYWORD = r"(?<![a-z0-9])(?:otp|mat khau|password|passcode)(?![a-z0-9])"
# The code right after the keyword ("OTP 123456", "mật khẩu mới là Lan@2024")...
_SECRET_NEXT = re.compile(_KEYWORD + r"[ \t]*(?:(?:la|is|moi|cu|new|old)(?![a-z0-9])[ \t]*)*([^\s:=]*)")
# ...or after ":" or "=", up to two words later ("mật khẩu VNeID: Lan@2024").
_SECRET_MARKED = re.compile(_KEYWORD + r"(?:[ \t]+[^\s:=]+){0,2}?[ \t]*[:=][ \t]*([^\s]*)")
_DIGIT = re.compile(r"[0-9]")
# Text without any of these holds neither kind (folding adds none of them).
_MAY_HOLD = re.compile(r"[0-9:=]")
_TRAILING = re.compile(r"[.,;:!?)\]\"'…]+$")
ID_DIGITS = 12

MESSAGES = {
    "citizen_id": _l("Do not write a citizen ID (CCCD) number here."),
    "secret": _l("Do not write an OTP code or a password here."),
}


def _is_phone(groups):
    return is_valid_phone("".join(groups))


def _has_citizen_id(groups):
    if any(len(group) == ID_DIGITS for group in groups):
        return True
    if sum(map(len, groups)) != ID_DIGITS:
        return False
    # 12 digits in all: a whole phone number at either end makes it a phone and something else.
    return not any(_is_phone(groups[:cut]) or _is_phone(groups[cut:]) for cut in range(1, len(groups)))


def _is_code(word, marked):
    word = _TRAILING.sub("", word)
    if is_valid_phone(word):
        return False
    return (len(word) >= 4 and bool(_DIGIT.search(word))) or (marked and len(word) >= 6)


def _has_secret(folded):
    return (any(_is_code(match.group(1), False) for match in _SECRET_NEXT.finditer(folded))
            or any(_is_code(match.group(1), True) for match in _SECRET_MARKED.finditer(folded)))


def forbidden_kind(value):
    """"citizen_id", "secret" or None: what of the forbidden the text holds, if anything."""
    if not value:
        return None
    text = unicodedata.normalize("NFKC", str(value))  # fullwidth digits count as digits
    if not _MAY_HOLD.search(text):
        return None  # both kinds need a digit, or a ":" or "=" before a code: most text has none
    for run in _DIGIT_RUN.finditer(text):
        if _has_citizen_id(re.split(r"[ .\-]", run.group())):
            return "citizen_id"
    return "secret" if _has_secret(fold(text)) else None


def forbidden_message(value):
    """The message in the user's language for text that must not be stored, or None."""
    kind = forbidden_kind(value)
    return MESSAGES[kind] if kind else None
