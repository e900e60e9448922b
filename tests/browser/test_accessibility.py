"""axe-core on every page of the three apps at 360 px: no serious or critical violation; and
what each page shows is written the Vietnamese way (no "29.6%", no ISO date).

The pages are listed in tests/browser/pages.py. One seeded demo commune per user (the visitor,
the volunteer, the leader, the officer), one browser context for that user, each of the user's
pages opened in turn; the violations of all of them are reported together.
"""
from pathlib import Path

import pytest

from tests.browser.app import log_in as log_in_app
from tests.browser.pages import PAGES, seed_pages
from tests.conftest import PASSWORD
from tests.pages.test_vietnamese_writing import ISO_DATE, POINT_PERCENT

pytestmark = pytest.mark.browser
AXE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
SEEN = ("serious", "critical")
# Run in the page by the driver (not a script tag, which the pages' CSP would refuse).
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: '
      + n.failureSummary.split('\\n').slice(1, 3).join(' '))}));
}"""


@pytest.fixture
def places(app):
    return seed_pages()


def log_in(page, base, who):
    if who == "volunteer":
        log_in_app(page, base, who)
        return
    page.goto(f"{base}/login")
    page.fill("#username", who)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def open_page(page, base, path, ids, tmp_path):
    if path == "/office/import/{token}":  # a preview exists once a file was checked
        page.goto(f"{base}/office/import")
        upload = tmp_path / "households.csv"
        upload.write_text("Thôn,Mã hộ,Họ tên chủ hộ\nThôn Đông,HGD900001,Nguyễn Văn Bình\n", encoding="utf-8")
        page.set_input_files("#import-file", str(upload))
        page.get_by_role("button", name="Kiểm tra tệp").click()
        page.wait_for_url(f"{base}/office/import/*")
        return
    url = base + path.format(**ids)
    if "#" not in url:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return
    # The app draws a screen after its hash changes: empty the view, then wait for the new one.
    page.evaluate("(hash) => { document.getElementById('view').replaceChildren(); location.hash = hash; }",
                  url.split("#", 1)[1])
    page.locator("#view > *").first.wait_for()
    page.wait_for_timeout(100)


@pytest.mark.parametrize("who", ["visitor", "volunteer", "leader", "officer", "supervisor"])
def test_every_page_has_no_serious_accessibility_violation_at_360_px(live_server, places, browser,
                                                                     who, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        if who != "visitor":
            log_in(page, live_server, who)
        found = {}
        for owner, path in PAGES:
            if (owner or "visitor") != who:
                continue
            open_page(page, live_server, path, places, tmp_path)
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.evaluate(AXE)
            bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in SEEN]
            if bad:
                found[path] = bad
            shown = page.evaluate("document.body.innerText")
            for wrong in POINT_PERCENT.findall(shown) + ISO_DATE.findall(shown):
                found.setdefault(path, []).append(
                    {"impact": "serious", "id": "vietnamese-format", "help": wrong, "nodes": ["text"]})
    finally:
        context.close()
    report = [f"{path}: {v['impact']} {v['id']} ({v['help']}) at {node}"
              for path, violations in found.items() for v in violations for node in v["nodes"]]
    if report:
        pytest.fail("\n".join(report), pytrace=False)
