"""
`make bench-mixed`: the site as it is used. Readers ask for every public page of the
populated site with Zipf popularity while, in the second half, an editor saves a
random record every second; the page cache has to keep serving them.

Steps, on this machine and over loopback only:

1. a bench database (bench/results/mixed.sqlite3, recreated, or PostgreSQL with
   BENCH_DATABASE=postgres: started as .ci/run starts it, database `dugout_mixed`,
   with Redis as the shared cache; bench/services.py): migrate, seed, populate (10,000
   managers, 1,000 clubs, 20,000 stories), collectstatic;
2. every public URL (home, lists and their pages, every profile, club and story,
   feeds and sitemaps) written to a file, the seed's pages first (the most popular),
   the synthetic ones after in a fixed random order;
3. gunicorn as `make serve` runs it; wrk with bench/zipf.lua (Zipf, s = 1): a warm-up
   and a read-only run on the cache a new release starts with (empty); every URL asked
   for once, as crawlers do, so that the cache holds the whole site as it does on a site
   that has served since the last deploy; a read-only run; the same run while an editor
   process edits a random manager, club, spell or story every second through the ORM
   (as the admin would): one field of three, two that no page but the record's own
   and lists shows (a biography, a spell's notes, a story's body; a story's standfirst,
   shown wherever the story is) and one that other pages show too (a birth date, a
   club's name, a spell's last confirmation, a headline);
4. /healthz with the same connections for 10 s just before and just after the run with
   saves: their mean is the yardstick for the ratio (the speed of a shared machine
   drifts over the minutes of the runs);
5. a table: req/s, hit rate, p50, p99, throughput as a share of /healthz, and the
   targets: with one save a second, the hit rate stays >= 90 % of the read-only one,
   and the site serves >= 0.5x the requests of /healthz.

Knobs: BENCH_QUICK=1 (short phases, smaller data), BENCH_MIXED_SECONDS (each run,
default 60), BENCH_MIXED_WARMUP (default 20), BENCH_CONNECTIONS, BENCH_WORKERS, and
the sizes of bench/run.py (BENCH_MANAGERS...).
"""

import os
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: gunicorn, wrk, populate)
import services  # noqa: E402  (bench/services.py: the databases and Redis)

ROOT, RESULTS, PYTHON, say = bench.ROOT, bench.RESULTS, bench.PYTHON, bench.say
SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "15" if bench.QUICK else "60"))
WARMUP = int(os.environ.get("BENCH_MIXED_WARMUP", "5" if bench.QUICK else "20"))
POSTGRES = os.environ.get("BENCH_DATABASE", "sqlite") == "postgres"
TARGET = 0.9  # hit rate with saves / read-only hit rate
SHARE = 0.5  # req/s with saves / req/s of /healthz
HEALTHZ_SECONDS = min(SECONDS, 10)  # /healthz before and after the run with saves

URLS = """
import random
from football.careers.models import Club, Manager
from football.news.models import Story
first = ["/", "/news/", "/managers/", "/clubs/", "/news/feed/", "/sitemap.xml"]
seed = lambda qs: [o.get_absolute_url() for o in qs.exclude(slug__startswith="synthetic-")]
rest = lambda qs: [o.get_absolute_url() for o in qs.filter(slug__startswith="synthetic-")]
stories = Story.objects.published()
first += seed(Manager.objects.all()) + seed(Club.objects.all()) + seed(stories)
tail = rest(Manager.objects.all()) + rest(Club.objects.all()) + rest(stories)
tail += [f"/news/?page={n}" for n in range(2, stories.count() // 20 + 1)]
tail += [f"/managers/?page={n}" for n in range(2, Manager.objects.count() // 50 + 1)]
tail += [f"/clubs/?page={n}" for n in range(2, Club.objects.count() // 50 + 1)]
random.Random(1).shuffle(tail)
print("\\n".join(first + tail))
"""

EDITOR = """
import datetime, random, sys, time
from django.db import transaction
from football.careers.models import Club, Manager, Tenure
from football.news.models import Story
rng = random.Random(7)
today = datetime.date.today()
mark = lambda text: text[:-7] if text.endswith(" (ed.)") else text + " (ed.)"
day = lambda value: today - datetime.timedelta(days=1) if value == today else today
year = lambda value: 1901 if value == 1900 else 1900
earlier = lambda value: (value or datetime.date(1970, 1, 1)) - datetime.timedelta(days=1)
# What editors change, one field at a time: for each kind, two of three edits to a
# field only the record's own page shows, besides lists (OWN_PAGE: a biography, a
# spell's notes, a story's body; a story's standfirst shows wherever the story does),
# and one to a field other pages show too (a birth date, a club's name, a spell's last
# confirmation, a headline).
EDITS = {
    Manager: [("biography", mark), ("birth_place", mark), ("birth_date", earlier)],
    Club: [("founded", year), ("wikidata_id", lambda v: "" if v else "Q1"), ("short_name", mark)],
    Tenure: [("notes", mark), ("contract_until", day), ("confirmed_on", day)],
    Story: [("body", mark), ("standfirst", mark), ("headline", mark)],
}
ids = {m: list(m.objects.values_list("pk", flat=True)) for m in EDITS}
saves, listed, own, deadline = 0, 0, 0, time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    started = time.monotonic()
    model = rng.choice(list(EDITS))
    name, edit = rng.choice(EDITS[model])
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=rng.choice(ids[model]))
        setattr(record, name, edit(getattr(record, name)))
        record.save()
    saves += 1
    listed += any(name in f for tag, f in model.LISTED.items() if tag != "list:search")
    own += name in model.OWN_PAGE
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(f"EDITOR saves={saves} listed={listed} own={own}")
"""


def django(env, code, *args, **kwargs):
    """Run `code` with Django set up, in a process of its own."""
    setup = "import django; django.setup()\n"
    return subprocess.Popen(
        [PYTHON, "-c", setup + code, *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "football.settings", "PYTHONPATH": str(ROOT)},
        text=True,
        stdout=subprocess.PIPE,
        **kwargs,
    )


def environment():
    env = bench.base_env()
    if POSTGRES:
        env["DATABASE_URL"] = services.postgres("dugout_mixed")
        env["CACHE_URL"] = services.redis(5)
    else:
        env["DATABASE_URL"] = services.sqlite(RESULTS / "mixed.sqlite3")
        env.pop("CACHE_URL", None)  # the default: a disk cache every worker shares
    env["PAGE_CACHE"] = "true"
    return env


def wrk(url, seconds, script_args=None):
    command = ["wrk", "--latency", "-t2", f"-c{bench.CONNECTIONS}", f"-d{seconds}s", "--timeout=5s"]
    if script_args:
        command += ["-s", str(ROOT / "bench" / "zipf.lua"), url, "--", *script_args]
    else:
        command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    if script_args:
        figures = dict(re.findall(r"(\w+)=([\d.]+)", out.split("MIXED", 1)[-1]))
        figures = {key: float(value) for key, value in figures.items()}
        answered = figures["hits"] + figures["misses"]
        return {
            "rps": figures["requests"] / figures["seconds"],
            "hit_rate": figures["hits"] / answered if answered else 0.0,
            "p50": figures["p50_us"] / 1000,
            "p99": figures["p99_us"] / 1000,
            "errors": int(figures["errors"]),
            "others": int(figures["others"]),
        }
    plain = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    plain["p50"] = bench.to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    plain["p99"] = bench.to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    return plain


def crawl(base, urls_file, connections=bench.CONNECTIONS):
    """Ask for every URL once, `connections` at a time, as a crawler following the
    sitemaps would: the page cache then holds the whole site, as it does on a site
    that has been serving since the last deploy (or midnight). Returns its seconds."""
    paths = urls_file.read_text().split()
    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        statuses = Counter(pool.map(lambda path: bench.fetch(base + path)[0], paths))
    bad = {status: n for status, n in statuses.items() if status != 200}
    if bad:
        sys.exit(f"the crawl got answers other than 200: {bad}")
    return time.monotonic() - started


def report(database, rows, healthz, saves, urls, crawled):
    lines = [
        f"Mixed run on {database}: {urls} URLs, Zipf s = 1, wrk -t2 -c{bench.CONNECTIONS}, "
        f"gunicorn --workers={bench.WORKERS}, {SECONDS} s a run. The first run follows a "
        f"{WARMUP} s warm-up on a cache emptied by the new release; then every URL was "
        f"asked for once ({crawled:.0f} s), and the two runs after find the cache full, as "
        f"on a site serving since the last deploy; {saves[0]} saves in the last run, "
        f"{saves[1]} of them to a field a list shows, {saves[2]} to one no page but the "
        "record's own and lists shows.",
        "",
        "| run | req/s | hit rate | p50 ms | p99 ms | vs /healthz | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in [*rows, ("/healthz", healthz)]:
        hit_rate = f"{row['hit_rate']:.1%}" if "hit_rate" in row else "–"
        lines.append(
            f"| {name} | {row['rps']:.0f} | {hit_rate} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {row['rps'] / healthz['rps']:.2f}x | {row.get('errors', 0)} |"
        )
    reading, saving = rows[-2][1], rows[-1][1]
    kept = saving["hit_rate"] / reading["hit_rate"] if reading["hit_rate"] else 0.0
    share = saving["rps"] / healthz["rps"]
    lines += [
        "",
        f"- [{'met' if kept >= TARGET else 'MISSED'}] with one save a second the hit rate is "
        f"{kept:.0%} of the read-only hit rate ({saving['hit_rate']:.1%} / "
        f"{reading['hit_rate']:.1%}; target >= 90 %)",
        f"- [{'met' if share >= SHARE else 'MISSED'}] with one save a second the site serves "
        f"{share:.2f}x /healthz ({saving['rps']:.0f} / {healthz['rps']:.0f} req/s; "
        f"target >= {SHARE}x)",
    ]
    return "\n".join(lines)


def main():
    bench.ensure_wrk()
    env = environment()
    database = "PostgreSQL + Redis" if POSTGRES else "SQLite + disk cache"
    bench.prepare(env)
    bench.populate(env)
    urls_file = RESULTS / "mixed-urls.txt"
    listing = django(env, URLS)
    urls_file.write_text(listing.communicate()[0])
    count = len(urls_file.read_text().split())
    say(f"{count} URLs in {urls_file}")
    server = bench.Server(env, bench.free_port())
    try:
        base = server.url("")
        args = [str(urls_file), "1"]
        say(f"warm-up {WARMUP} s")
        wrk(base, WARMUP, args)
        say(f"read-only, just after a deploy, {SECONDS} s")
        cold = wrk(base, SECONDS, args)
        say(f"every URL once, {bench.CONNECTIONS} at a time")
        crawled = crawl(base, urls_file)
        say(f"read-only, {SECONDS} s")
        reading = wrk(base, SECONDS, args)
        # /healthz just before and just after the run with saves, their mean the
        # yardstick: on a shared machine the speed of the moment drifts.
        before = wrk(server.url("/healthz"), HEALTHZ_SECONDS)
        say(f"with an editor saving once a second, {SECONDS} s")
        editor = django(env, EDITOR, str(SECONDS))
        saving = wrk(base, SECONDS, args)
        done = re.search(r"saves=(\d+) listed=(\d+) own=(\d+)", editor.communicate()[0])
        if done is None:
            sys.exit("the editor process failed (its error is above)")
        saves = tuple(map(int, done.groups()))
        after = wrk(server.url("/healthz"), HEALTHZ_SECONDS)
        healthz = {key: (before[key] + after[key]) / 2 for key in before}
        say(f"/healthz {before['rps']:.0f} req/s before, {after['rps']:.0f} after")
    finally:
        server.stop()
    rows = [
        ("read-only, just after a deploy", cold),
        ("read-only, every page asked for once", reading),
        ("the same, one save a second", saving),
    ]
    text = report(database, rows, healthz, saves, count, crawled)
    print()
    print(text)
    name = "mixed-postgres.md" if POSTGRES else "mixed-sqlite.md"
    (RESULTS / name).write_text(text + "\n")


if __name__ == "__main__":
    main()
