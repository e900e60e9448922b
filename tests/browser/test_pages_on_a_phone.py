"""The leader's and the office's pages on a 360 × 640 phone (issue 16, item 7), on the demo
commune, measured with getBoundingClientRect: the menu folded behind a toggle, the report's
first figure on the first screen, every table's key column in view however far it is
scrolled, 44-pixel targets, phone numbers that call, chart labels of 12 px or more, the map's
zoom buttons within the thumb's reach. A desk screen still shows the menu in full.

The pages are those of tests/browser/pages.py, so a page added there is measured here too.
"""
import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core import audit
from fieldapp.core.vocabulary import BARRIERS
from fieldapp.dashboard.barriers import blocked_by
from fieldapp.extensions import db
from fieldapp.households.models import Household
from tests.browser.pages import PAGES, seed_pages
from tests.browser.test_accessibility import log_in, open_page

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 640}
TAP = 44
LEADER_PAGES = [path for who, path in PAGES if who == "leader"]
OFFICE_PAGES = [path for who, path in PAGES if who == "officer"]


@pytest.fixture
def places(app):
    ids = seed_pages()
    users = {user.username: user for user in db.session.scalars(select(User))}
    # An entry with a target, for the audit log to show what was done and to what.
    audit.record("user_changed", users["officer"], target=users["volunteer"], role="volunteer")
    db.session.commit()
    # A barrier some household with a phone is waiting on, for a number to call.
    leader = users["leader"]
    waiting = {barrier: db.session.scalars(blocked_by(leader.commune_id, leader.village_ids, barrier)).all()
               for barrier in BARRIERS}
    ids["called_barrier"] = next(barrier for barrier, households in waiting.items()
                                 if any(h.phone for h in households))
    return ids


def new_page(browser, base, who, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="vi-VN", is_mobile=viewport["width"] < 700,
                                  has_touch=viewport["width"] < 700)
    page = context.new_page()
    log_in(page, base, who)
    return page


@pytest.fixture
def leader(browser, live_server, places):
    page = new_page(browser, live_server, "leader")
    yield page
    page.context.close()


@pytest.fixture
def officer(browser, live_server, places):
    page = new_page(browser, live_server, "officer")
    yield page
    page.context.close()


def rect(locator):
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
                            " width: r.width, height: r.height}; }")


# Every target a finger taps: links, buttons, toggles, fields; a checkbox or a radio by its label.
# Left out: links inside a sentence (WCAG 2.5.8's inline exception) and the map's attribution.
TARGETS = """() => {
  const seen = [];
  for (const e of document.querySelectorAll('a[href], button, summary, select, input:not([type=hidden])')) {
    const target = (e.type === 'checkbox' || e.type === 'radio') ? (e.closest('label') || e) : e;
    if (e.closest('.leaflet-control-attribution, .leaflet-marker-pane, .leaflet-popup')) continue;
    if (e.tagName === 'A' && e.parentElement.matches('p, li, dd, span')
        && e.parentElement.textContent.trim() !== e.textContent.trim()) continue;
    const r = target.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(target).visibility === 'hidden') continue;
    seen.push({what: (e.outerHTML || '').slice(0, 90), width: r.width, height: r.height});
  }
  return seen;
}"""


def small_targets(page):
    return [t for t in page.evaluate(TARGETS) if t["height"] < TAP - 0.5 or t["width"] < TAP - 0.5]


@pytest.mark.parametrize("who", ["leader", "officer"])
def test_the_menu_is_folded_behind_a_toggle_until_tapped(request, who):
    page = request.getfixturevalue(who)
    links = page.locator("header nav.subnav a")
    # the pages of the section (leader 9, office 13), and the way to the other face
    assert links.count() == {"leader": 10, "officer": 14}[who]
    assert not any(links.nth(i).is_visible() for i in range(links.count()))
    assert not page.get_by_role("button", name="Đăng xuất").is_visible()
    header = rect(page.locator("header.topbar"))
    assert header["height"] <= 64  # one row: the name and the toggle
    toggle = page.locator("header summary", has_text="Menu")
    assert rect(toggle)["height"] >= TAP and rect(toggle)["right"] <= 360
    toggle.click()
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert all(rect(links.nth(i))["height"] >= TAP for i in range(links.count()))
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    page.keyboard.press("Escape")
    assert not links.first.is_visible()
    toggle.click()
    links.nth(2).click()
    page.wait_for_load_state()
    assert page.locator("header nav.subnav a[aria-current=page]").inner_text() == links.nth(2).inner_text()


def test_on_a_desk_the_menu_shows_in_full_without_a_toggle(browser, live_server, places):
    page = new_page(browser, live_server, "officer", {"width": 1280, "height": 800})
    try:
        page.goto(f"{live_server}/office/report")
        links = page.locator("header nav.subnav a")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert not page.locator("header summary").is_visible()
        assert page.get_by_role("button", name="Đăng xuất").is_visible()
        logout, brand = rect(page.get_by_role("button", name="Đăng xuất")), rect(page.locator(".brand"))
        assert logout["top"] < brand["bottom"] and logout["left"] > brand["right"]  # beside the name
        # The report's table fits a desk: nothing to scroll, so no hint.
        scroller = page.locator(".table-scroll").first
        assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert not page.locator(".scroll-hint").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("who, path", [("leader", "/leader"), ("officer", "/office/report")])
def test_the_reports_first_figure_is_on_the_first_screen(request, live_server, who, path):
    page = request.getfixturevalue(who)
    page.goto(live_server + path)
    figure = rect(page.locator("[data-first-figure]"))
    assert figure["top"] >= 0 and figure["bottom"] <= PHONE["height"]
    assert "%" in page.locator("[data-first-figure]").inner_text()
    # The period picker is one row, with the dates folded away.
    assert not page.locator(".period input[type=date]").first.is_visible()
    assert rect(page.locator(".period"))["height"] <= 200
    # The first village's row of the report table begins on the first screen too.
    first_row = page.locator(".table-scroll table tbody tr").first
    assert rect(first_row)["top"] < PHONE["height"]


KEY_IN_VIEW = """(scroller) => {
  const box = scroller.getBoundingClientRect();
  const rows = [...scroller.querySelectorAll('tr')].filter((tr) => !tr.querySelector('td[colspan]'));
  const keys = rows.map((tr) => tr.querySelector('.key'));
  if (keys.some((key) => !key)) return 'a row without a key cell';
  for (const key of keys) {
    const r = key.getBoundingClientRect();
    if (r.left < Math.max(box.left, 0) - 1 || r.right > Math.min(box.right, innerWidth) + 1)
      return `"${key.textContent.trim()}" out of view: ${r.left}..${r.right} in ${box.left}..${box.right}`;
  }
  return '';
}"""


def hint_goes(scroller):
    """Whether the hint above a table scrolled to its end hides. The scroll event comes with a
    later frame, which a loaded machine can delay past any fixed pause: wait for it (2 s)."""
    try:
        scroller.evaluate("""(e) => new Promise((done, fail) => {
          const hint = e.previousElementSibling, given = Date.now();
          const look = () => !hint.checkVisibility() ? done()
            : Date.now() - given > 2000 ? fail(new Error('still shown')) : requestAnimationFrame(look);
          look();
        })""")
        return True
    except PlaywrightError:
        return False


@pytest.mark.parametrize("who", ["leader", "officer"])
def test_every_tables_key_column_stays_in_view_and_more_columns_are_announced(request, live_server,
                                                                              places, who, tmp_path):
    page = request.getfixturevalue(who)
    paths = LEADER_PAGES if who == "leader" else OFFICE_PAGES
    wrong, tables = [], 0
    for path in paths:
        open_page(page, live_server, path, places, tmp_path)
        scrollers = page.locator(".table-scroll")
        for i in range(scrollers.count()):
            tables += 1
            scroller = scrollers.nth(i)
            named = scroller.evaluate("e => e.tabIndex === 0 && e.getAttribute('role') === 'region' && !!("
                                      "e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))")
            if not named:
                wrong.append(f"{path} table {i}: not a named, focusable region")
            overflows = scroller.evaluate("e => e.scrollWidth > e.clientWidth + 1")
            hint = scroller.evaluate("e => { const h = e.previousElementSibling;"
                                     " return !!h && h.matches('.scroll-hint') && h.checkVisibility(); }")
            if overflows != hint:
                wrong.append(f"{path} table {i}: overflows={overflows} but hint shown={hint}")
            for where in ("start", "end"):
                if where == "end":
                    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
                    page.wait_for_timeout(50)
                problem = scroller.evaluate(KEY_IN_VIEW)
                if problem:
                    wrong.append(f"{path} table {i} scrolled to its {where}: {problem}")
            if overflows and not hint_goes(scroller):
                wrong.append(f"{path} table {i}: the hint stays once the table is scrolled to its end")
    assert tables >= (7 if who == "leader" else 4)
    assert wrong == []


@pytest.mark.parametrize("who", ["leader", "officer"])
def test_every_target_is_44_pixels_on_every_page(request, live_server, places, who, tmp_path):
    page = request.getfixturevalue(who)
    paths = LEADER_PAGES if who == "leader" else OFFICE_PAGES
    found = {}
    for path in paths:
        open_page(page, live_server, path, places, tmp_path)
        if path == "/leader/map":
            page.locator(".leaflet-control-zoom-in").wait_for()
        small = small_targets(page)
        page.locator("header summary").click()  # and the menu's, once opened
        small += small_targets(page)
        if small:
            found[path] = small
    assert found == {}


def test_phone_numbers_are_links_that_call(leader, officer, live_server, places):
    leader.goto(f"{live_server}/leader/barriers/{places['called_barrier']}")
    calls = leader.locator("table a[href^='tel:']")
    assert calls.count() >= 1
    number = calls.first.inner_text()
    assert calls.first.get_attribute("href") == f"tel:{number}" and number.isdigit()
    assert rect(calls.first)["height"] >= TAP
    leader.goto(f"{live_server}/leader/duplicates")
    assert leader.locator(".duplicate a[href^='tel:']").count() >= 2  # the twins share a phone
    household = db.session.scalars(select(Household).where(Household.phone.is_not(None))).first()
    officer.goto(f"{live_server}/office/households/{household.id}")
    assert officer.locator(f"a[href='tel:{household.phone}']").inner_text() == household.phone


def test_the_chart_labels_are_12_pixels_or_more(leader, live_server):
    leader.goto(f"{live_server}/leader")
    sizes = leader.locator("svg.trend text").evaluate_all(
        "texts => texts.map((t) => t.getBoundingClientRect().height"
        " && parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)")
    assert len(sizes) >= 4 and min(sizes) >= 12


def test_the_maps_zoom_buttons_are_at_the_bottom_within_the_thumbs_reach(leader, live_server):
    leader.goto(f"{live_server}/leader/map")
    zoom = leader.locator(".leaflet-control-zoom")
    zoom.wait_for()
    box, screen = rect(zoom), PHONE["height"]
    assert screen / 2 <= box["top"] and box["bottom"] <= screen  # lower half, without scrolling
    assert box["right"] >= 360 / 2  # on the right, for the right thumb
    for button in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out"):
        assert rect(leader.locator(button))["height"] >= TAP


def test_the_audit_log_shows_what_was_done_and_to_what(officer, live_server):
    officer.goto(f"{live_server}/office/audit")
    entry = officer.locator("tr[data-action=user_changed]")
    for cell, text in ((".key", "Sửa thông tin người dùng"), (".audit-text >> nth=0", "(volunteer)")):
        shown = entry.locator(cell)
        assert text.casefold() in shown.inner_text().casefold()
        box = rect(shown)
        assert box["left"] >= 0 and box["right"] <= 360 and box["width"] > 0


def test_the_import_preview_shows_refusals_in_full_then_the_import_button(officer, live_server, tmp_path):
    officer.goto(f"{live_server}/office/import")
    upload = tmp_path / "households.csv"
    upload.write_text("Thôn,Mã hộ,Họ tên chủ hộ,Điện thoại\n"
                      "Thôn Đông,HGD900001,Nguyễn Văn Bình,0912345678\n"
                      "Thôn Không Có,HGD900002,Trần Thị Cúc,0912345679\n", encoding="utf-8")
    officer.set_input_files("#import-file", str(upload))
    officer.get_by_role("button", name="Kiểm tra tệp").click()
    officer.wait_for_url(f"{live_server}/office/import/*")
    refusal = officer.locator("[data-import-rows] tr.import-rejected .messages").first
    text = refusal.inner_text()
    assert len(text) > 20
    box = rect(refusal)
    assert box["left"] >= 0 and box["right"] <= 360  # in view without scrolling sideways
    assert refusal.evaluate("e => e.scrollWidth <= e.clientWidth")  # and not cut off
    button = officer.get_by_role("button", name="Nhập")
    follows = officer.locator("[data-import-rows]").evaluate(
        "(table, button) => !!(table.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING)",
        button.element_handle())
    assert follows
    chips = officer.locator(".chips a.chip")
    assert chips.count() >= 3 and min(rect(chips.nth(i))["height"] for i in range(chips.count())) >= TAP


def test_the_period_picker_takes_a_named_period_or_two_dates(leader, live_server):
    leader.goto(f"{live_server}/leader")
    leader.select_option("#period-choice", "all")
    leader.locator(".period-named").get_by_role("button", name="Xem").click()
    leader.wait_for_url("**/leader?period=all")
    assert leader.locator(".period summary").inner_text().startswith("Từ đầu đến hôm nay")
    leader.locator(".period summary").click()  # the dates, folded until asked for
    dates = leader.locator(".period form.dates")
    dates.locator("input[name=date_from]").fill("2026-03-01")
    dates.locator("input[name=date_to]").fill("2026-03-31")
    dates.get_by_role("button", name="Xem").click()
    leader.wait_for_url("**/leader?period=custom&date_from=2026-03-01&date_to=2026-03-31")
    assert "Từ 01/03/2026 đến 31/03/2026" in leader.locator(".period summary").inner_text()
    assert leader.locator("#period-choice").input_value() == "custom"  # and kept by the select
    assert leader.locator(".period-named input[name=date_from]").input_value() == "2026-03-01"
