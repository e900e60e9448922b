"""The password policy: long enough, and hard to guess by zxcvbn's estimate (dictionaries of
common passwords, names, keyboard patterns, dates, repeats), told the user's own name too."""
import re

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from fieldapp.core.text import fold

MIN_LENGTH = 8
MIN_SCORE = 3  # zxcvbn's 0-4 scale; 3 is "safely unguessable" (about 10^8 guesses)
ESTIMATED = 72  # characters judged (zxcvbn refuses more: its time grows with the length)
# Words anyone here would try first, in Vietnamese and about this app.
LOCAL_WORDS = ["matkhau", "mat khau", "vneid", "dichvucong", "dvc", "congan", "xa", "thon",
               "fieldapp", "phocap", "kynangso", "admin", "quantri", "canbo"]


def _user_words(username, full_name):
    """The username and the name as typed, without accents, joined and in parts."""
    words = [username, full_name]
    folded = fold(full_name)
    words += [folded, folded.replace(" ", ""), *folded.split()]
    words += re.split(r"[._-]+", username)
    return [word for word in words if word]


def password_problem(password, username="", full_name=""):
    """Return a message saying what is wrong with the password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("The password must have at least %(n)d characters.", n=MIN_LENGTH)
    if username and username.lower() in password.lower():
        return _l("The password must not contain the username.")
    estimate = zxcvbn(password[:ESTIMATED], user_inputs=[*_user_words(username, full_name), *LOCAL_WORDS])
    if estimate["score"] < MIN_SCORE:
        return _l("This password is too easy to guess. Choose a longer or less common one.")
    return None
