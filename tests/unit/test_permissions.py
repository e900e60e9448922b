"""The permissions module for every role x own/other village x own/other commune."""
import pytest
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from fieldapp.core.permissions import (
    can_see_village,
    has_role,
    scope_clause,
    scoped_village,
)
from fieldapp.extensions import db
from fieldapp.places.models import Village

ROLES = ["volunteer", "leader", "officer", "admin"]
# Who sees which village: the user's own, another of their commune, one of another commune.
SEES = {
    "volunteer": {"own": True, "other_village": False, "other_commune": False},
    "leader": {"own": True, "other_village": False, "other_commune": False},
    "officer": {"own": True, "other_village": True, "other_commune": False},
    "admin": {"own": True, "other_village": True, "other_commune": True},
}


@pytest.fixture
def world(commune, other_commune, make_village):
    return {
        "own": make_village(commune, "T01"),
        "other_village": make_village(commune, "T02"),
        "other_commune": make_village(other_commune, "T01"),
    }


@pytest.fixture
def user_of(commune, make_user, world):
    return lambda role: make_user(commune, role, villages=[world["own"]])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other_village", "other_commune"])
def test_can_see_village(role, where, world, user_of):
    assert can_see_village(user_of(role), world[where]) is SEES[role][where]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other_village", "other_commune"])
@pytest.mark.parametrize("households", [False, True])
def test_scoped_village_answers_404_outside_commune_and_403_outside_team(role, where, households, world,
                                                                         user_of):
    user = user_of(role)
    # Household data is served one commune at a time: another commune's village is a 404 for
    # everyone there, admins too, who see it for setup and reports.
    sees = SEES[role][where] and not (households and where == "other_commune")
    if sees:
        assert scoped_village(user, world[where], households=households) is world[where]
    elif where == "other_commune":
        with pytest.raises(NotFound):
            scoped_village(user, world[where], households=households)
    else:
        with pytest.raises(Forbidden):
            scoped_village(user, world[where], households=households)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("households", [False, True])
def test_a_missing_or_deleted_village_is_a_404_for_everyone(role, households, world, user_of):
    user = user_of(role)
    with pytest.raises(NotFound):
        scoped_village(user, None, households=households)
    world["own"].deleted = True
    with pytest.raises(NotFound):
        scoped_village(user, world["own"], households=households)


@pytest.mark.parametrize("role", ROLES)
def test_scope_clause_selects_exactly_the_villages_the_user_sees(role, world, user_of):
    user = user_of(role)

    class Scope:  # villages stand in for records with commune_id and village_id
        commune_id = Village.commune_id
        village_id = Village.id

    seen = set(db.session.scalars(select(Village.id).where(scope_clause(user, Scope))))
    expected = {world[where].id for where, sees in SEES[role].items() if sees}
    assert seen == expected


def test_role_ranks_are_ordered(user_of):
    leader = user_of("leader")
    assert has_role(leader, "volunteer") and has_role(leader, "leader")
    assert not has_role(leader, "officer")
