"""The benchmark's verdicts and tables: each target is reported met or missed from the figures."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench_run", Path(__file__).resolve().parents[1] / "bench" / "run.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

PROFILE = "/managers/massimiliano-allegri/"
SYNTHETIC = "/managers/synthetic-1-ada-{}/"
LONG_CLUB = "/clubs/bench-admin-club/"
SEARCH = "/search/?q=alegri"
STATIC = "/static/css/site.0123456789ab.css: Content-Encoding br, Cache-Control max-age=315360000, public, immutable"


SERVED = 1.5  # ms a page takes longer served by gunicorn than in process


def page(db, scale, kind, path, p50, size=5000, status=200):
    """A page measured in process (`p50`, the issue's measure) and served (slower)."""
    row = {"db": db, "scale": scale, "mode": "page", "kind": kind, "page": path}
    row["status"] = status
    if status == 200:
        row.update(p50_in=p50, p50_1=p50 + SERVED, size=size)
    return row


def search(db, scale, path, p50, mode="search"):
    row = {"db": db, "scale": scale, "mode": mode, "kind": path, "page": path}
    return row | {"status": 200, "p50_1": p50}


def figures(
    db="sqlite",
    cached_ratio=1.0,
    seed_p50=5.0,
    grown_p50=6.0,
    synthetic_p50=(7.0, 9.5, 6.5),
    long_p50=7.5,
    long_size=20 * 1024,
    search_p50=(9.0, 14.0),
    sitemap_p50=(40.0, 95.0),
):
    rows = [
        {"db": db, "scale": "populate", "mode": "cached", "page": "/healthz", "ratio": 1.0},
        {"db": db, "scale": "populate", "mode": "cached", "page": PROFILE, "ratio": cached_ratio},
        page(db, "seed", "floor", "/healthz", 0.5),
        page(db, "seed", "profile (Allegri)", PROFILE, seed_p50),
        page(db, "populate", "floor", "/healthz", 0.6),
        page(db, "populate", "profile (Allegri)", PROFILE, grown_p50),
    ]
    rows += [
        page(db, "populate", "synthetic profile", SYNTHETIC.format(i), p50)
        for i, p50 in enumerate(synthetic_p50)
    ]
    rows.append(page(db, "populate", "club, 1,000 spells", LONG_CLUB, long_p50, long_size))
    rows += [search(db, "populate", f"{SEARCH}{i}", p50) for i, p50 in enumerate(search_p50)]
    rows.append(search(db, "seed", SEARCH, 99.0))
    rows += [
        search(db, "populate", f"/sitemap-{i}.xml", p50, "sitemap")
        for i, p50 in enumerate(sitemap_p50)
    ]
    return rows


def verdicts(rows=None, static=STATIC, **changes):
    return bench.targets(figures(**changes) if rows is None else rows, static).splitlines()


def test_all_targets_met():
    lines = verdicts()
    # cached, profile, synthetic profiles, the long club, searches, sitemaps, weight;
    # static files
    assert len(lines) == 8
    assert all(line.startswith("- [met]") for line in lines), lines
    assert (
        "- [met] SQLite synthetic profile: 7.0 ms at populate scale (<= 8 ms); "
        "served by gunicorn 8.5 ms" in lines
    )


def test_pages_are_judged_in_process_as_the_issue_measures_them():
    # 7.5 ms in process meets the target, though served it takes 9.0 ms; a page measured
    # only served (no in-process figure) misses it.
    lines = verdicts(grown_p50=7.5)
    assert (
        "- [met] SQLite profile (Allegri): 7.5 ms at populate scale (<= 8 ms), "
        "1.50x its seed-scale 5.0 ms (<= 1.5x); served by gunicorn 9.0 ms" in lines
    )
    rows = figures(grown_p50=7.5)
    del rows[5]["p50_in"]
    flagged = [line for line in verdicts(rows) if "MISSED" in line]
    assert flagged == ["- [MISSED] SQLite profile (Allegri): not measured in process"]


@pytest.mark.parametrize(
    ("changes", "missed"),
    [
        ({"cached_ratio": 0.79}, "SQLite: cached pages at >= 80% of /healthz throughput: 79%"),
        ({"grown_p50": 8.5, "seed_p50": 8.0}, "SQLite profile (Allegri): 8.5 ms at populate"),
        ({"grown_p50": 7.6, "seed_p50": 5.0}, "1.52x its seed-scale 5.0 ms (<= 1.5x)"),
        ({"synthetic_p50": (7.0, 9.5, 8.1)}, "SQLite synthetic profile: 8.1 ms"),
        ({"long_p50": 485.0}, "SQLite club, 1,000 spells: 485.0 ms at populate scale"),
        ({"long_size": 734 * 1024}, f"at most 734.0 KB (<= 30 KB; the heaviest: {LONG_CLUB}"),
        ({"search_p50": (9.0, 20.5)}, "SQLite: searches 9.0-20.5 ms at populate scale"),
        ({"sitemap_p50": (40.0, 100.5)}, "SQLite: sitemaps 40.0-100.5 ms at populate scale"),
    ],
)
def test_a_missed_target_says_so(changes, missed):
    lines = verdicts(**changes)
    flagged = [line for line in lines if line.startswith("- [MISSED]")]
    assert len(flagged) == 1 and missed in flagged[0], lines


def test_uncompressed_static_is_missed():
    lines = verdicts(static=STATIC.replace("br", "gzip"))
    assert [line for line in lines if "MISSED" in line] == [
        "- [MISSED] static files compressed and immutable: " + STATIC.replace("br", "gzip"),
    ]


def test_a_page_that_fails_at_scale_is_missed():
    rows = figures()
    rows[5] = page("sqlite", "populate", "profile (Allegri)", PROFILE, None, status=500)
    flagged = [line for line in verdicts(rows) if "MISSED" in line]
    assert flagged == ["- [MISSED] SQLite profile (Allegri): status 500"]


def test_each_database_has_its_own_verdicts():
    rows = figures("sqlite") + figures("postgres", grown_p50=28.0, search_p50=(21.0, 27.0))
    lines = verdicts(rows)
    assert len(lines) == 15  # seven for each database, one for the static files
    assert [line for line in lines if "MISSED" in line] == [
        "- [MISSED] PostgreSQL profile (Allegri): 28.0 ms at populate scale (<= 8 ms), "
        "5.60x its seed-scale 5.0 ms (<= 1.5x); served by gunicorn 29.5 ms",
        "- [MISSED] PostgreSQL: searches 21.0-27.0 ms at populate scale (<= 20 ms each, 2 queries)",
    ]


def test_the_table_puts_both_databases_side_by_side():
    rows = figures("sqlite") + figures("postgres", seed_p50=10.0, grown_p50=12.0)
    lines = bench.table(rows).splitlines()
    assert lines[0] == (
        "| page | SQLite seed | SQLite populate | × seed "
        "| PostgreSQL seed | PostgreSQL populate | × seed | HTML+CSS br |"
    )
    assert (
        f"| profile (Allegri) `{PROFILE}` | 5.0 | 6.0 | 1.20× | 10.0 | 12.0 | 1.20× | 4.9 KB |"
        in lines
    )
    # Several pages of a kind: the median of their p50s, at populate scale only.
    assert "| synthetic profile, median of 3 | – | 7.0 | – | – | 7.0 | – | 4.9 KB |" in lines
    assert f"| club, 1,000 spells `{LONG_CLUB}` | – | 7.5 | – | – | 7.5 | – | 20.0 KB |" in lines
    # Served: the same layout, each page's time as gunicorn served it.
    served = bench.table(rows, "p50_1").splitlines()
    assert (
        f"| profile (Allegri) `{PROFILE}` | 6.5 | 7.5 | 1.15× | 11.5 | 13.5 | 1.17× | 4.9 KB |"
        in served
    )
    searches = bench.timed_table(rows, "search").splitlines()
    assert searches[0] == (
        "| search | SQLite seed | SQLite populate | PostgreSQL seed | PostgreSQL populate |"
    )
    assert f"| `{SEARCH}0` | – | 9.0 | – | 9.0 |" in searches
    sitemaps = bench.timed_table(rows, "sitemap").splitlines()
    assert sitemaps[0] == (
        "| sitemap | SQLite seed | SQLite populate | PostgreSQL seed | PostgreSQL populate |"
    )
    assert "| `/sitemap-1.xml` | – | 95.0 | – | 95.0 |" in sitemaps
    assert SEARCH not in "\n".join(sitemaps)


def test_a_page_in_error_shows_its_status_in_the_table():
    rows = figures()
    rows[5] = page("sqlite", "populate", "profile (Allegri)", PROFILE, None, status=500)
    assert f"| profile (Allegri) `{PROFILE}` | 5.0 | – (500) | – | 4.9 KB |" in (
        bench.table(rows).splitlines()
    )


@pytest.mark.parametrize(("deep_p50", "met"), [(7.0, True), (7.6, False)])
def test_a_deep_news_page_is_judged_against_page_one_at_the_same_scale(deep_p50, met):
    # The seed's only news page holds one story: page 900 (twenty) is held to page 1's
    # time at populate scale, not to that.
    rows = [
        page("sqlite", "seed", "news", "/news/", 2.0),
        page("sqlite", "populate", "news", "/news/", 5.0),
        page("sqlite", "seed", "news, deep page", "/news/?page=1", 2.0),
        page("sqlite", "populate", "news, deep page", "/news/?page=900", deep_p50),
    ]
    verdicts = bench.targets(rows, STATIC).splitlines()
    deep = next(line for line in verdicts if "news, deep page" in line)
    assert deep.startswith("- [met]" if met else "- [MISSED]"), deep
    assert f"{deep_p50 / 5.0:.2f}x news's 5.0 ms" in deep


@pytest.mark.parametrize(("grown_p50", "met"), [(4.0, True), (8.5, False)])
def test_a_lists_middle_page_is_held_to_8_ms_its_growth_shown(grown_p50, met):
    # The issue holds the lists to 8 ms however long (bounded pages), and names the
    # pages it holds to 1.5x their seed-scale time: a list is not one of them.
    rows = [
        page("sqlite", "seed", "managers, middle page", "/managers/", 1.0),
        page("sqlite", "populate", "managers, middle page", "/managers/?page=101", grown_p50),
    ]
    line = next(line for line in bench.targets(rows, STATIC).splitlines() if "managers" in line)
    assert line.startswith("- [met]" if met else "- [MISSED]"), line
    assert f"({grown_p50:.2f}x its seed-scale 1.0 ms, not a target)" in line
