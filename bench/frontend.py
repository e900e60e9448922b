"""The volunteer app in Debian's chromium: first-load weight, offline reopen, Lighthouse.

    .venv/bin/python bench/frontend.py                  # weight and offline reopen: ~30 s
    .venv/bin/python bench/frontend.py --lighthouse     # also Lighthouse (npx, needs the npm registry)

- First load: every byte the server sends (status line, headers, body as compressed on the
  wire) from the request for /app to the end of the first sync, the service worker's precache
  included, counted by a WSGI wrapper around the app; shell and data (/api/) apart.
  The village holds 600 households (3,000 operations pushed first, as phones would).
- Offline reopen: the app reloaded with no network and the CPU slowed 4x (CDP), from the start
  of navigation to the home screen drawn from IndexedDB (the `fieldapp:ready` mark), and the
  time to open the 600-household village list from a tap.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402

CHROMIUM = os.environ.get("FIELDAPP_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True, "has_touch": True}


class WireCounter:
    """WSGI middleware adding up what each response puts on the wire, by path."""

    def __init__(self, app):
        self.app, self.counting, self.sent = app, False, []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        record = {"path": path, "bytes": 0}

        def start(status, headers, exc_info=None):
            record["status"] = status
            head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
            record["bytes"] += len(head.encode("latin-1"))
            return start_response(status, headers, exc_info)

        for chunk in self.app(environ, start):
            record["bytes"] += len(chunk)
            yield chunk
        if self.counting:
            self.sent.append(record)


def serve(app):
    from werkzeug.serving import make_server

    counter = WireCounter(app)
    server = make_server("127.0.0.1", 0, counter, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, counter, f"http://127.0.0.1:{server.server_port}"


def make_village(url, households=600):
    ids = harness.prepare_database(url, villages=("T01",), users=(("lan", "volunteer", ("T01",)),
                                                                  ("office", "officer", ())))
    from fieldapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY})
    client = app.test_client()
    login = {"username": "office", "password": harness.PASSWORD}
    token = client.post("/api/v1/session", json=login).get_json()
    rng, minute = harness.rng(), 0
    for _ in range(households // 100):
        ops, minute = harness.mixed_batch(ids["villages"]["T01"], rng, 100, minute)
        response = client.post("/api/v1/sync/push", json={"device_id": "bench", "ops": ops},
                               headers={"X-CSRFToken": token["csrf_token"]})
        assert response.status_code == 200, response.get_json()
    return app


def log_in(page, base):
    page.goto(f"{base}/login")
    page.fill("#username", "lan")
    page.fill("#password", harness.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def settled(page):
    page.locator(".sync-bar .last").filter(has_text="Đồng bộ lần cuối").wait_for(timeout=60_000)
    page.locator(".sync-bar .syncing").wait_for(state="detached", timeout=60_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_timeout(1500)  # the worker's precache ends after `ready` resolves for its page


def first_load(browser, base, counter):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base)
    page.wait_for_url(f"{base}/app")
    context.close()  # the login itself is not the app's weight: start again from a new browser
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base)
    counter.sent.clear()
    counter.counting = True
    page.wait_for_url(f"{base}/app")
    settled(page)
    counter.counting = False
    sent = list(counter.sent)
    # The login POST's redirect brought the first /app: count it with the app.
    shell = [r for r in sent if not r["path"].startswith("/api/") and r["path"] not in ("/login",)]
    data = [r for r in sent if r["path"].startswith("/api/")]
    return context, page, shell, data


def offline_reopen(context, page, runs=5):
    cdp = context.new_cdp_session(page)
    page.reload()
    settled(page)
    context.set_offline(True)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    reopen, village = [], []
    for _ in range(runs):
        page.goto(page.url.split("#")[0] + "#/")
        page.reload()
        page.locator("#villages a").first.wait_for()
        reopen.append(page.evaluate("performance.getEntriesByName('fieldapp:ready')[0].startTime"))
        started = time.perf_counter()
        page.locator("#villages a").first.click()
        page.locator("a.household").nth(599).wait_for(state="attached")
        village.append((time.perf_counter() - started) * 1000)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return reopen, village, search_in_browser(page, cdp)


SEARCH = """async () => {
  const { buildIndex, search } = await import('/static/app/search.js');
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
  const middle = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Ngọc'];
  const given = ['An', 'Bình', 'Cường', 'Dung', 'Em', 'Giang', 'Hạnh', 'Khoa', 'Lan', 'Mai'];
  const name = (i) => `${family[i % 10]} ${middle[(i >> 2) % 6]} ${given[(i * 7) % 10]}`;
  const households = [], members = new Map();
  for (let i = 0; i < 5000; i++) {
    const id = `h${i}`;
    households.push({ id, head_name: name(i), address: `Số ${i % 300}, xóm ${i % 17}`,
                      code: `HGD${String(i).padStart(6, '0')}`,
                      phone: `09${String(10000000 + i * 37).slice(-8)}` });
    members.set(id, [1, 2, 3].map((k) => ({ full_name: name(i * 3 + k), phone: null })));
  }
  const index = buildIndex(households, members);
  const queries = ['nguyen van an', 'tran thi', 'xom 5', 'hgd0012', '0912', 'dang minh lan', 'hanh',
                   'bui thu'];
  const times = [];
  for (let round = 0; round < 13; round++) {
    for (const query of queries) {
      const started = performance.now();
      search(index, query);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)] };
}"""


def search_in_browser(page, cdp):
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    try:
        return page.evaluate(SEARCH)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})


def lighthouse(base, context):
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        subprocess.run(
            ["npx", "--yes", "lighthouse@12", f"{base}/app", "--quiet", "--output=json",
             f"--output-path={report}", "--only-categories=performance,accessibility",
             "--form-factor=mobile", "--chrome-flags=--headless=new --no-sandbox",
             f"--extra-headers={json.dumps({'Cookie': cookies})}"],
            check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
        categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] for name in ("performance", "accessibility")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", action="store_true", help="run Lighthouse too (npx lighthouse@12)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with harness.workdir() as work, harness.fresh_database("sqlite", "frontend", work) as url:
        app = make_village(url)
        server, counter, base = serve(app)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context, page, shell, data = first_load(browser, base, counter)
            total = sum(r["bytes"] for r in shell)
            print(f"machine: {harness.machine()}, chromium {browser.version}")
            print(f"first load of /app: {total / 1000:.1f} kB in {len(shell)} responses (target <= 60 KB)")
            for record in sorted(shell, key=lambda r: -r["bytes"])[:8]:
                print(f"  {record['bytes']:>7,} B  {record['status'][:3]}  {record['path']}")
            print(f"first sync (data, not app weight): {sum(r['bytes'] for r in data) / 1000:.1f} kB "
                  f"in {len(data)} responses, 600 households")
            reopen, village, searched = offline_reopen(context, page)
            print(f"offline reopen, CPU 4x slower: median {statistics.median(reopen):.0f} ms "
                  f"(runs: {', '.join(f'{t:.0f}' for t in reopen)}; target <= 1000 ms)")
            print("open the 600-household village list, CPU 4x slower: "
                  f"median {statistics.median(village):.0f} ms")
            print("search over 5,000 households x 3 members, CPU 4x slower: "
                  f"median {searched['median']:.1f} ms, p95 {searched['p95']:.1f} ms (target <= 50 ms)")
            if args.lighthouse:
                context.set_offline(False)
                print("lighthouse (mobile):", lighthouse(base, context))
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
