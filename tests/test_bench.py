"""The benchmark's verdicts: each target is reported met or missed from the figures."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench_run", Path(__file__).resolve().parents[1] / "bench" / "run.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

PROFILE = "/managers/massimiliano-allegri/"
SEARCH = "/search/?q=allegri"
STATIC = "/static/css/site.0123456789ab.css: Content-Encoding br, Cache-Control max-age=315360000, public, immutable"


def rows(cached_ratio=1.0, seed_p50=10.0, grown_p50=12.0):
    return [
        {"page": "/healthz", "scale": "populate", "mode": "cached", "ratio": 1.0},
        {"page": PROFILE, "scale": "populate", "mode": "cached", "ratio": cached_ratio},
        {"page": PROFILE, "scale": "seed", "mode": "uncached", "p50_1": seed_p50},
        {"page": PROFILE, "scale": "populate", "mode": "uncached", "p50_1": grown_p50},
    ]


def searches(search_p50=(9.0, 14.0)):
    return [
        {"page": f"{SEARCH}{i}", "scale": "populate", "mode": "uncached", "p50_1": p50}
        for i, p50 in enumerate(search_p50)
    ] + [{"page": SEARCH, "scale": "seed", "mode": "uncached", "p50_1": 99.0}]


def verdicts(sizes=None, search_p50=(9.0, 14.0), **figures):
    sizes = {("populate", PROFILE): 5000, "static": STATIC} if sizes is None else sizes
    return bench.targets(rows(**figures), sizes, searches(search_p50)).splitlines()


def test_all_targets_met():
    lines = verdicts()
    assert len(lines) == 5
    assert all(line.startswith("- [met]") for line in lines), lines


@pytest.mark.parametrize(
    ("figures", "missed"),
    [
        ({"cached_ratio": 0.79}, "cached pages at >= 80% of /healthz throughput: 79%"),
        ({"grown_p50": 25.5, "seed_p50": 20.0}, f"{PROFILE} uncached p50 25.5 ms"),
        ({"grown_p50": 16.0, "seed_p50": 10.0}, "1.60x its seed-scale 10.0 ms"),
        ({"search_p50": (9.0, 20.5)}, "searches uncached p50 9.0-20.5 ms"),
    ],
)
def test_a_missed_target_says_so(figures, missed):
    lines = verdicts(**figures)
    flagged = [line for line in lines if line.startswith("- [MISSED]")]
    assert len(flagged) == 1 and missed in flagged[0], lines


def test_oversized_page_and_uncompressed_static_are_missed():
    lines = verdicts(sizes={("seed", PROFILE): 31 * 1024, "static": STATIC.replace("br", "gzip")})
    assert [line for line in lines if "MISSED" in line] == [
        "- [MISSED] HTML + CSS compressed: at most 31.0 KB (< 30 KB)",
        "- [MISSED] static files compressed and immutable: " + STATIC.replace("br", "gzip"),
    ]
