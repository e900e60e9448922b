"""When an organisation is covered (plans/organisations.py): once it has its organisation account
and has filed a dossier online, on the later of the two days; paying online is not needed."""
from datetime import date
from types import SimpleNamespace

import pytest

from fieldapp.plans.organisations import COVERING_STEPS, covered_on

D1, D2 = date(2026, 3, 1), date(2026, 3, 9)


def organisation(account=None, dossier=None, payment=None):
    return SimpleNamespace(account_on=account, online_dossier_on=dossier, online_payment_on=payment)


@pytest.mark.parametrize("steps, expected", [
    ((None, None, None), None),
    ((D1, None, D2), None),          # an account and online payment: not yet
    ((None, D1, D2), None),          # a dossier without the organisation's account: not yet
    ((D1, D2, None), D2),            # covered the day the second step was done
    ((D2, D1, None), D2),            # whatever their order
    ((D1, D1, D1), D1),
])
def test_covered_on_the_day_the_last_covering_step_was_done(steps, expected):
    assert covered_on(organisation(*steps)) == expected


def test_the_covering_steps_are_the_account_and_an_online_dossier():
    assert COVERING_STEPS == ("account", "online_dossier")
