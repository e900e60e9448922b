"""The password policy: a strength estimate (zxcvbn) that knows the user's own name."""
import pytest

from fieldapp.accounts.passwords import password_problem
from tests.conftest import PASSWORD


@pytest.mark.parametrize("password, username, full_name", [
    ("lan2026", "lan", ""),                         # short, and the username
    ("lan20262026", "lan", ""),                     # the username and a year
    ("tranthilan1990", "lanvn", "Trần Thị Lan"),    # the full name, accents dropped, and a year
    ("matkhau2026", "minh", ""),                    # "password" in Vietnamese and a year
    ("qwertyuiop", "minh", ""),                     # a keyboard row
    ("12345678", "minh", ""),
    ("password1", "minh", ""),
    ("aaaaaaaaaaaa", "minh", ""),
])
def test_common_and_guessable_passwords_are_refused(app, password, username, full_name):
    assert password_problem(password, username, full_name) is not None


@pytest.mark.parametrize("password", [PASSWORD, "tre-xanh-2026", "demo-password-1", "Cây-đa-đầu-làng-7"])
def test_passwords_hard_to_guess_pass(app, password):
    assert password_problem(password, "lan", "Trần Thị Lan") is None


def test_a_very_long_password_is_judged_quickly(app):
    import time

    start = time.perf_counter()
    assert password_problem(PASSWORD + "x" * 8000, "lan") is None
    assert time.perf_counter() - start < 1
