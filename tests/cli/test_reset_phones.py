"""`flask reset-phones`: after a restore, every phone's next pull resets its copy and brings
everything again, whatever its cursor says; the phones' unsent work is theirs to send."""
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.phones import new_id, op


def household(team, village="t01"):
    return op("household.upsert", new_id(), {"village_id": team[village].id, "head_name": "Nguyễn Văn An"})


def test_after_reset_phones_the_next_pull_resets_and_brings_everything(runner, team, phone):
    lan, stranger = phone("lan"), phone("stranger")
    lan.push(household(team), household(team))
    stranger.push(household(team, "far"))
    cursor, far_cursor = lan.pull()["cursor"], stranger.pull()["cursor"]
    assert lan.pull(cursor)["households"] == []

    result = runner.invoke(args=["reset-phones", "--commune", team["commune"].code])
    assert result.exit_code == 0, result.output
    assert result.output == "10001 Xã Thử Nghiệm: the phones of 5 users will pull everything again.\n"

    page = lan.pull(cursor)
    assert page["reset"] is True and len(page["households"]) == 2 and page["villages"]
    assert lan.pull(page["cursor"])["reset"] is False
    assert stranger.pull(far_cursor)["reset"] is False  # another commune: untouched
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "phones_reset"))
    assert entry.commune_id == team["commune"].id and entry.details["users"] == 5


def test_reset_phones_without_a_commune_resets_every_commune(runner, team, phone):
    stranger = phone("stranger")
    stranger.push(household(team, "far"))
    cursor = stranger.pull()["cursor"]
    result = runner.invoke(args=["reset-phones"])
    assert result.exit_code == 0, result.output
    assert stranger.pull(cursor)["reset"] is True
    assert db.session.query(AuditEntry).filter_by(action="phones_reset").count() == 2


def test_reset_phones_for_an_unknown_commune_says_so(runner, team):
    result = runner.invoke(args=["reset-phones", "--commune", "99999"])
    assert result.exit_code != 0 and "Unknown commune code '99999'" in result.output
