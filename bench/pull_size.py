"""Pull size: one village of 600 households pulled by a phone with an empty replica.

    .venv/bin/python bench/pull_size.py [--engine sqlite|postgresql|both] [--households 600]
                                        [--members 2000] [--repeat 3] [--time-limit 300]

For each engine: a fresh database (SQLite file in a temp dir, or PostgreSQL `fieldapp_bench`)
migrated by the migrations, with a commune, the village T01 and a volunteer assigned to it;
the app under `gunicorn -w 2 wsgi:app`. The volunteer's phone pushes, through the real API,
600 households (names, phones and addresses drawn like scripts/make_commune.py does),
2,000 members (every household's head and the others, some with skills) and a visit to two
households in three. Then, from an empty replica (no cursor), it pulls until `more` is false:

- with `limit=5000` (what the phone sends) and with the default limit (1000);
- once per Accept-Encoding: gzip, br, zstd (when the server answers with it), identity, and
  Chrome's own header (`gzip, deflate, br, zstd`, the server picks).

It reports the number of requests, the bytes on the wire (the compressed body, as sent; the
Content-Length header is checked against it), the bytes once decompressed, and the time from
the first request to the last byte of the last answer (median of --repeat runs). Last, one
small incremental pull after a push of 50 more operations.
Target (SYNC.md, issue 3): at most 2 requests and 150 KB on the wire with limit=5000.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time
import zlib
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

MAX_REQUESTS, MAX_BYTES = 2, 150_000  # "150 KB", read strictly (decimal kB); 1 kB = 1000 bytes below
# (label, Accept-Encoding sent); "chrome" is what Chrome on Android sends over HTTPS, and the
# server picks among them (Flask-Compress's order: zstd, br, gzip, deflate).
ENCODINGS = (("gzip", "gzip"), ("br", "br"), ("zstd", "zstd"), ("identity", "identity"),
             ("chrome", "gzip, deflate, br, zstd"))


def _decompress(body, encoding):
    if encoding in ("identity", None):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "zstd":
        try:
            from compression import zstd
        except ImportError:
            from backports import zstd
        return zstd.decompress(body)
    raise ValueError(encoding)


def village_ops(village_id, rng, households, members):
    """The operations a volunteer's phone sends while recording one village."""
    counts = [1] * households
    for _ in range(members - households):  # the other members, spread over the households
        counts[rng.randrange(households)] += 1
    ops, minute = [], 0
    for n in range(households):
        household_id, minute = harness.new_id(), minute + 2
        head = harness.person_name(rng)
        data = {"village_id": village_id, "code": f"HGD{n + 1:06d}", "head_name": head,
                "address": f"Số {rng.randint(1, 250)}, ngõ {rng.randint(1, 30)}, Thôn T01",
                "member_count": max(counts[n], rng.randint(1, 8)), "consent": "given"}
        if rng.random() < 0.8:
            data["phone"] = harness.phone(rng)
        if rng.random() < 0.7:
            data["lat"] = round(20.95 + rng.gauss(0, 0.002), 6)
            data["lon"] = round(106.21 + rng.gauss(0, 0.002), 6)
        ops.append(harness.op("household.upsert", household_id, data, minute))
        family = head.split()[0]
        for m in range(counts[n]):
            name = head if m == 0 else " ".join([family, *harness.person_name(rng).split()[1:]])
            member = {"household_id": household_id, "is_head": m == 0, "full_name": name,
                      "birth_year": rng.randint(1940, 2010)}
            if rng.random() < 0.3:
                member["phone"] = harness.phone(rng)
            if rng.random() < 0.4:
                member["skills"] = {k: True for k in rng.sample(harness.SKILL_KEYS, rng.randint(1, 4))}
            ops.append(harness.op("member.upsert", harness.new_id(), member, minute))
        if rng.random() < 2 / 3:
            visit = {"household_id": household_id, "outcome": rng.choice(["met", "met", "met", "not_home"]),
                     "topics": rng.sample(harness.TOPICS, rng.randint(0, 3)),
                     "barriers": rng.sample(harness.BARRIERS, rng.randint(0, 2)),
                     "people_guided": rng.randint(0, 3)}
            if rng.random() < 0.2:
                visit["note"] = "Hẹn quay lại vào cuối tuần"
            ops.append(harness.op("visit.create", harness.new_id(), visit, minute + 1))
    return ops


def push_all(session, base, ops):
    for start in range(0, len(ops), 500):
        body = harness.push_body("bench-phone", ops[start:start + 500])
        response = session.post(f"{base}/api/v1/sync/push", data=body,
                                headers={"Content-Type": "application/json"}, timeout=120)
        response.raise_for_status()
        statuses = [r["status"] for r in response.json()["results"]]
        if set(statuses) != {"applied"}:
            raise RuntimeError(f"push: not every operation was applied: {response.text[:500]}")


def pull_to_end(session, base, encoding, limit=None, cursor=""):
    """Pull from `cursor` until `more` is false; return the figures and the last cursor."""
    requests_made, wire, plain, rows, offered = 0, 0, 0, 0, True
    started = time.perf_counter()
    while True:
        params = {"cursor": cursor}
        if limit:
            params["limit"] = limit
        response = session.get(f"{base}/api/v1/sync/pull", params=params, stream=True, timeout=120,
                               headers={"Accept-Encoding": encoding})
        body = response.raw.read(decode_content=False)
        response.raise_for_status()
        requests_made += 1
        sent = response.headers.get("Content-Encoding", "identity")
        offered = offered and (sent == encoding or "," in encoding)
        chosen = sent
        length = int(response.headers.get("Content-Length", len(body)))
        if length != len(body):
            raise RuntimeError(f"Content-Length {length} but {len(body)} bytes came")
        wire += len(body)
        text = _decompress(body, sent)
        plain += len(text)
        page = json.loads(text)
        rows += sum(len(page[k]) for k in ("villages", "households", "members", "visits", "conflicts"))
        cursor = page["cursor"]
        if not page["more"]:
            break
    seconds = time.perf_counter() - started
    return {"requests": requests_made, "wire_bytes": wire, "plain_bytes": plain, "rows": rows,
            "seconds": seconds, "offered": offered, "encoding": chosen}, cursor


def run_engine(engine, args, tmp):
    harness.log(f"== {engine} (load average {os.getloadavg()[0]:.2f})")
    figures = {}
    with harness.fresh_database(engine, "fieldapp_bench", tmp) as url:
        ids = harness.prepare_database(url, users=(("lan", "volunteer", ("T01",)),))
        village_id = ids["villages"]["T01"]
        rng = harness.rng(7)
        with harness.gunicorn("wsgi:app", {"DATABASE_URL": url}, tmp) as base:
            phone = harness.log_in(base, "lan")
            ops = village_ops(village_id, rng, args.households, args.members)
            t0 = time.perf_counter()
            push_all(phone, base, ops)
            harness.log(f"  recorded {args.households} households and {args.members} members "
                        f"({len(ops)} ops) in {time.perf_counter() - t0:.1f} s")
            for limit in (5000, None):
                for label, encoding in ENCODINGS:
                    runs = [pull_to_end(phone, base, encoding, limit)[0] for _ in range(args.repeat)]
                    result = {**runs[0], "seconds": round(statistics.median(r["seconds"] for r in runs), 3)}
                    key = f"limit={limit or 'default'} | {label}"
                    if label == "chrome":
                        key += f" (server chose {result['encoding']})"
                    figures[key] = result
                    if not result["offered"]:
                        harness.log(f"  {key}: the server answered with {result['encoding']}, not {encoding}")
                        continue
                    harness.log(f"  {key}: {result['requests']} requests, {result['rows']} rows, "
                                f"{result['wire_bytes'] / 1000:.1f} kB on the wire "
                                f"({result['plain_bytes'] / 1000:.0f} kB decompressed), "
                                f"{result['seconds'] * 1000:.0f} ms")
            _, cursor = pull_to_end(phone, base, "gzip", 5000)
            households = [o for o in ops if o["type"] == "household.upsert"][:25]
            more = []
            for household in households:
                more.append(harness.op("household.upsert", household["entity_id"],
                                       {"note": "Đã hẹn lại"}, 10_000, base_version=1))
                more.append(harness.op("visit.create", harness.new_id(),
                                       {"household_id": household["entity_id"], "outcome": "met"}, 10_000))
            push_all(phone, base, more)
            incremental = [pull_to_end(phone, base, "gzip", 5000, cursor)[0] for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in incremental)
            result = {**incremental[0], "seconds": round(seconds, 3)}
            figures["incremental, 50 ops later, limit=5000 | gzip"] = result
            harness.log(f"  incremental (50 ops later), gzip: {result['requests']} request, "
                        f"{result['rows']} rows, {result['wire_bytes'] / 1000:.1f} kB, "
                        f"{seconds * 1000:.0f} ms")
    chrome = next(f for k, f in figures.items() if k.startswith("limit=5000 | chrome"))
    figures["target_met"] = chrome["requests"] <= MAX_REQUESTS and chrome["wire_bytes"] <= MAX_BYTES
    gz = figures["limit=5000 | gzip"]
    figures["target_met_with_gzip"] = gz["requests"] <= MAX_REQUESTS and gz["wire_bytes"] <= MAX_BYTES
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--households", type=int, default=600)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="pulls per figure (the median time is kept)")
    parser.add_argument("--time-limit", type=int, default=300, help="seconds for the whole run")
    args = parser.parse_args()
    harness.bound_run_time(args.time_limit)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    report = {"date": date.today().isoformat(), "machine": harness.machine(),
              "households": args.households, "members": args.members, "engines": {}}
    harness.log(f"pull size: {args.households} households, {args.members} members; {report['machine']}")
    with harness.workdir() as tmp:
        for engine in engines:
            report["engines"][engine] = run_engine(engine, args, tmp)
    harness.log("\n| engine | limit | encoding | requests | on the wire | decompressed | time |")
    harness.log("|---|---|---|---|---|---|---|")
    for engine, figures in report["engines"].items():
        for key, f in figures.items():
            if isinstance(f, dict) and f["offered"]:
                limit, encoding = key.split(" | ")
                harness.log(f"| {engine} | {limit} | {encoding} | {f['requests']} | "
                            f"{f['wire_bytes'] / 1000:.1f} kB | {f['plain_bytes'] / 1000:.0f} kB | "
                            f"{f['seconds'] * 1000:.0f} ms |")
    harness.RESULTS.mkdir(exist_ok=True)
    out = harness.RESULTS / f"pull_size-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    harness.log(f"raw figures: {out}")
    return 0 if all(f["target_met"] for f in report["engines"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
