"""Every write stamps the commune's next seq; seq order is commit order under concurrent writers."""
import threading
import time
import uuid

import pytest
from sqlalchemy import select

from fieldapp.extensions import db
from fieldapp.households.models import Household, Member
from fieldapp.places.models import Commune
from fieldapp.sync.seq import lock_commune
from tests.conftest import ENGINE


def new_household(village, name="Nguyễn Văn An"):
    return new_household_in(village.commune_id, village.id, name)


def new_household_in(commune_id, village_id, name="Nguyễn Văn An"):
    return Household(id=uuid.uuid4(), commune_id=commune_id, village_id=village_id, head_name=name)


def test_each_write_takes_the_next_seq(commune, make_village):
    village = make_village(commune, "T01")
    household = new_household(village)
    db.session.add(household)
    db.session.commit()
    first_seq = household.seq
    assert first_seq > village.seq

    household.head_name = "Nguyễn Văn Bình"
    db.session.commit()
    assert household.seq > first_seq

    member = Member(commune_id=commune.id, household=household, village_id=village.id, full_name="An")
    db.session.add(member)
    db.session.commit()
    assert member.seq > household.seq
    assert db.session.get(Commune, commune.id).last_seq == member.seq


def test_seq_counts_per_commune(commune, other_commune, make_village):
    here, there = make_village(commune, "T01"), make_village(other_commune, "T01")
    db.session.add_all([new_household(here), new_household(there), new_household(here)])
    db.session.commit()
    seqs = {c: sorted(db.session.scalars(select(Household.seq).where(Household.commune_id == c)))
            for c in (commune.id, other_commune.id)}
    assert seqs[commune.id] == [here.seq + 1, here.seq + 2]
    assert seqs[other_commune.id] == [there.seq + 1]


def test_a_flush_without_changes_takes_no_seq(commune, make_village):
    village = make_village(commune, "T01")
    household = new_household(village)
    db.session.add(household)
    db.session.commit()
    household.head_name = household.head_name  # same value: not a change
    db.session.commit()
    assert db.session.get(Commune, commune.id).last_seq == household.seq


def test_taking_the_commune_lock_commits_nothing(commune, make_village, commits):
    village = make_village(commune, "T01")
    household = new_household(village)
    household_id = household.id
    db.session.add(household)
    db.session.flush()
    commits.clear()
    lock_commune(db.session, commune.id)
    db.session.rollback()
    assert commits == []
    assert db.session.get(Household, household_id) is None


@pytest.mark.skipif(ENGINE != "postgresql", reason="row locks are PostgreSQL's; SQLite has one writer")
def test_concurrent_writers_commit_in_seq_order(app, commune, make_village):
    """A pull reading seq > cursor must never miss a row committed later with a lower seq."""
    village = make_village(commune, "T01")
    commune_id, village_id = village.commune_id, village.id  # the threads must not touch our session
    writes = []  # (seq, when its flush returned, when its commit began) per writer
    errors = []

    def writer(delay):
        with app.app_context():
            try:
                household = new_household_in(commune_id, village_id)
                db.session.add(household)
                db.session.flush()  # takes its seq, and with it the commune's row lock
                flushed_at = time.monotonic()
                time.sleep(delay)
                commit_began_at = time.monotonic()
                db.session.commit()
                writes.append((household.seq, flushed_at, commit_began_at))
            except Exception as exc:  # reported below, the thread must not die silently
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(0.05 * (i % 3),)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(writes) == 8
    # A writer cannot even hold a seq until every writer with a lower seq has committed: its
    # flush returns only after their commits began (and ended), so commit order is seq order.
    for seq_a, _, commit_a in writes:
        for seq_b, flushed_b, _ in writes:
            if seq_a < seq_b:
                assert flushed_b > commit_a, (seq_a, seq_b)
