"""The phone's outbox in a real browser: work recorded offline survives a reload, and is sent
once the network is back; what the server refuses is kept aside with its messages."""
import pytest
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from tests.browser.test_offline_shell import log_in

pytestmark = pytest.mark.browser

MODULES = "const db = await import('/static/app/db.js'); const sync = await import('/static/app/sync.js');"
RECORD_FIVE = MODULES + """
const [village] = await db.all('villages');
const at = new Date().toISOString();
for (let i = 0; i < 5; i++) {
  const household = {id: crypto.randomUUID(), village_id: village.id, head_name: `Hộ số ${i}`};
  await db.record('households', household, {op_id: crypto.randomUUID(), type: 'household.upsert',
    entity_id: household.id, at, base_version: null,
    data: {village_id: village.id, head_name: household.head_name}});
  const member = {id: crypto.randomUUID(), household_id: household.id, full_name: `Người ${i}`};
  await db.record('members', member, {op_id: crypto.randomUUID(), type: 'member.upsert',
    entity_id: member.id, at, base_version: null,
    data: {household_id: household.id, full_name: member.full_name}});
  const visit = {id: crypto.randomUUID(), household_id: household.id, outcome: 'met'};
  await db.record('visits', visit, {op_id: crypto.randomUUID(), type: 'visit.create',
    entity_id: visit.id, at, base_version: null, data: {household_id: household.id, outcome: 'met'}});
}
return db.pendingCount();
"""


@pytest.fixture
def volunteer(commune, make_village, make_user):
    return make_user(commune, "volunteer", [make_village(commune, "T01")], username="lan")


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def run(page, body):
    return page.evaluate(f"async () => {{ {body} }}")


def test_work_recorded_offline_survives_a_reload_and_is_sent_when_online(live_server, volunteer, phone):
    log_in(phone, live_server)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    run(phone, MODULES + "await sync.syncNow(); return (await db.all('villages')).length;")
    phone.context.set_offline(True)
    assert run(phone, RECORD_FIVE) == 15
    phone.reload()  # offline: the worker serves the shell, IndexedDB still holds the outbox
    assert run(phone, MODULES + "return db.pendingCount();") == 15
    assert count(Household) == 0
    phone.context.set_offline(False)
    assert run(phone, MODULES + "await sync.syncNow(); return db.pendingCount();") == 0
    assert (count(Household), count(Member), count(Visit)) == (5, 5, 5)
    statuses = run(phone, MODULES + "return (await db.all('households')).map(h => h.status);")
    assert statuses == ["in_progress"] * 5


def test_a_refused_operation_is_kept_aside_with_its_messages(live_server, volunteer, phone):
    log_in(phone, live_server)
    refused = MODULES + """
    await sync.syncNow();
    const [village] = await db.all('villages');
    const id = crypto.randomUUID();
    await db.record('households', {id, village_id: village.id, head_name: 'Hộ'}, {op_id: crypto.randomUUID(),
      type: 'household.upsert', entity_id: id, at: new Date().toISOString(), base_version: null,
      data: {village_id: village.id, head_name: 'Hộ', member_count: 99}});
    await sync.syncNow();
    return {pending: await db.pendingCount(), rejected: await db.rejectedOps()};
    """
    result = run(phone, refused)
    assert result["pending"] == 0
    [op] = result["rejected"]
    assert list(op["errors"]) == ["member_count"]
    assert count(Household) == 0


def test_an_expired_session_keeps_every_operation(live_server, volunteer, phone):
    log_in(phone, live_server)
    run(phone, MODULES + "await sync.syncNow();")
    phone.context.clear_cookies()  # the session is gone, as after weeks offline
    pending = run(phone, RECORD_FIVE.replace("return db.pendingCount();", "") +
                  "await sync.syncNow(); return db.pendingCount();")
    assert pending == 15 and count(Household) == 0
