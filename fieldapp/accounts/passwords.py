"""The password policy: long enough, and not one of the first passwords anyone would try."""
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
COMMON = {
    "12345678", "123456789", "1234567890", "87654321", "11111111", "00000000", "password",
    "password1", "matkhau", "matkhau1", "matkhau123", "abc12345", "abcd1234", "qwerty123",
    "iloveyou", "admin123", "12345678a", "a12345678", "88888888", "66666666", "vneid123",
}


def password_problem(password, username=""):
    """Return a message saying what is wrong with the password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("The password must have at least %(n)d characters.", n=MIN_LENGTH)
    folded = password.lower()
    if folded in COMMON or len(set(folded)) < 4:
        return _l("This password is too easy to guess. Choose a longer or less common one.")
    if username and username.lower() in folded:
        return _l("The password must not contain the username.")
    return None
