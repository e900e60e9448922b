"""A big village on the phone (issue 16, item 4): a page of rows at a time, a search over that
village's records only, and a replica kept through the upgrade that made this possible."""
import pytest

from tests.browser.app import log_in, open_village
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
PAGE_SIZE = 50  # static/app/screens/village.js


@pytest.fixture
def villages(app, commune, make_village, make_user):
    """Thôn Đông with 120 households of two people, Thôn Tây with 3: both are Lan's."""
    east, west = make_village(commune, "T01", "Thôn Đông"), make_village(commune, "T02", "Thôn Tây")
    make_user(commune, "volunteer", [east, west], username="lan")
    office = make_user(commune, "officer", [], username="office")
    ops = []
    for village, count, prefix in ((east, 120, "Đông"), (west, 3, "Tây")):
        for n in range(count):
            household = new_id()
            ops += [op("household.upsert", household,
                       {"village_id": village.id, "head_name": f"Hộ {prefix} {n:03d}"}),
                    op("member.upsert", new_id(),
                       {"household_id": household, "full_name": f"Người {prefix} {n:03d}"})]
    Phone(app, office).push(*ops)
    return {"east": east, "west": west}


def rows(phone):
    return phone.locator("ul.rows a.household")


def test_a_big_village_draws_a_page_of_rows_and_more_on_request(live_server, villages, phone):
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    assert rows(phone).count() == PAGE_SIZE
    more = phone.get_by_role("button", name="Xem thêm")
    more.click()
    assert rows(phone).count() == 2 * PAGE_SIZE
    focused = phone.evaluate("document.activeElement.querySelector('.name').textContent")
    assert focused == "Hộ Đông 050"  # the first new row
    more.click()
    assert rows(phone).count() == 120
    assert more.count() == 0
    assert rows(phone).locator(".name").all_inner_texts() == [f"Hộ Đông {n:03d}" for n in range(120)]
    rows(phone).nth(110).click()  # and back: the list is drawn as far as it was
    phone.get_by_role("heading", name="Hộ Đông 110").wait_for()
    phone.go_back()
    phone.get_by_role("heading", name="Thôn Đông").wait_for()
    assert rows(phone).count() == 120
    # A search starts again from its first page; a member's name finds the household.
    phone.get_by_role("searchbox").fill("hộ")
    rows(phone).nth(PAGE_SIZE).wait_for(state="detached")  # the search's list, once drawn
    assert rows(phone).count() == PAGE_SIZE and more.count() == 1
    phone.get_by_role("searchbox").fill("nguoi dong 117")
    rows(phone).nth(1).wait_for(state="detached")
    assert rows(phone).locator(".name").all_inner_texts() == ["Hộ Đông 117"]
    assert more.count() == 0


# Every read of IndexedDB's members store, as (index or null, query): logged from the page's start.
SPY = """
window.memberReads = [];
for (const [proto, name] of [[IDBObjectStore.prototype, null], [IDBIndex.prototype, 'index']]) {
  for (const method of ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count']) {
    const original = proto[method];
    proto[method] = function (...args) {
      const store = name ? this.objectStore.name : this.name;
      if (store === 'members') window.memberReads.push([name ? this.name : null, args[0] ?? null]);
      return original.apply(this, args);
    };
  }
}
"""


def test_opening_a_village_reads_only_that_villages_members(live_server, villages, phone):
    phone.add_init_script(SPY)
    log_in(phone, live_server)
    phone.evaluate("window.memberReads = []")
    open_village(phone, "Thôn Tây")
    phone.get_by_role("searchbox").fill("nguoi")  # the search needs the members
    assert rows(phone).locator(".name").all_inner_texts() == ["Hộ Tây 000", "Hộ Tây 001", "Hộ Tây 002"]
    reads = phone.evaluate("window.memberReads")
    assert reads == [["village_id", villages["west"].id]]
    phone.get_by_role("searchbox").fill("dong")  # another village's member: not there
    phone.get_by_text("Đang hiện 0 / 3 hộ").wait_for()
    assert phone.evaluate("window.memberReads") == reads  # the index is made once


# IndexedDB as version 1 of static/app/db.js left it, with a replica and an operation waiting.
VERSION_1 = """async ([east, west]) => {
  const database = await new Promise((resolve, reject) => {
    const request = indexedDB.open('fieldapp', 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('villages', { keyPath: 'id' });
      db.createObjectStore('households', { keyPath: 'id' }).createIndex('village_id', 'village_id');
      db.createObjectStore('members', { keyPath: 'id' }).createIndex('household_id', 'household_id');
      db.createObjectStore('visits', { keyPath: 'id' }).createIndex('household_id', 'household_id');
      db.createObjectStore('conflicts', { keyPath: 'id' });
      db.createObjectStore('outbox', { keyPath: 'position', autoIncrement: true })
        .createIndex('op_id', 'op_id', { unique: true });
      db.createObjectStore('rejected', { keyPath: 'op_id' });
      db.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = database.transaction(['villages', 'households', 'members', 'outbox', 'meta'], 'readwrite');
  tx.objectStore('villages').put({ id: east, name: 'Thôn Đông' });
  tx.objectStore('villages').put({ id: west, name: 'Thôn Tây' });
  const households = tx.objectStore('households');
  households.put({ id: 'h-east', village_id: east, head_name: 'Hộ Đông', status: 'covered' });
  households.put({ id: 'h-east2', village_id: east, head_name: 'Đào Văn Ba' });
  households.put({ id: 'h-moved', village_id: east, head_name: 'Hộ đã đi', inactive: true });
  tx.objectStore('households').put({ id: 'h-west', village_id: west, head_name: 'Hộ Tây' });
  tx.objectStore('members').put({ id: 'm-east', household_id: 'h-east', full_name: 'Người Đông' });
  tx.objectStore('members').put({ id: 'm-west', household_id: 'h-west', full_name: 'Người Tây' });
  tx.objectStore('members').put({ id: 'm-lost', household_id: 'h-gone', full_name: 'Không hộ' });
  tx.objectStore('outbox').add({ op_id: 'op-1', type: 'member.upsert', entity_id: 'm-east', data: {} });
  tx.objectStore('meta').put('1.42', 'cursor');
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  database.close();
}"""

AFTER_UPGRADE = """async ([east, west]) => {
  const db = await import('/static/app/db.js');
  const names = (rows) => rows.map((row) => row.full_name ?? row.head_name);
  return {
    version: (await db.db()).version,
    east: names(await db.byIndex('members', 'village_id', east)),
    west: names(await db.byIndex('members', 'village_id', west)),
    members: (await db.all('members')).length,
    listed: names(await db.listedHouseholds(east)),
    counts: await db.listedCounts(east, ['unvisited', 'covered']),
    households: (await db.all('households')).length,
    outbox: (await db.pendingOps()).map((op) => op.op_id),
    cursor: await db.getMeta('cursor'),
  };
}"""


def test_the_upgrade_from_version_1_keeps_the_replica_and_the_outbox_and_indexes_villages(
        live_server, villages, phone):
    phone.goto(f"{live_server}/login")  # the origin, without the app (which would sync)
    ids = [villages["east"].id, villages["west"].id]
    phone.evaluate(VERSION_1, ids)
    assert phone.evaluate(AFTER_UPGRADE, ids) == {
        "version": 3, "east": ["Người Đông"], "west": ["Người Tây"], "members": 3, "households": 4,
        "listed": ["Đào Văn Ba", "Hộ Đông"], "counts": {"total": 2, "unvisited": 1, "covered": 1},
        "outbox": ["op-1"], "cursor": "1.42",
    }
