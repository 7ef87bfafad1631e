"""
`make bench`: throughput and latency of the main pages, served by gunicorn, measured by wrk.

Steps, all on this machine and over loopback only:

1. install Debian's `wrk` if it is missing (apt-get);
2. a separate bench database (bench/results/bench.sqlite3, recreated each run, or
   DATABASE_URL if set): migrate, seed, collectstatic;
3. for each scale (the seed data, then after `populate`) and each mode (page cache on,
   then PAGE_CACHE=false): start gunicorn on 127.0.0.1 with production-like settings,
   run wrk against each page for a fixed time, stop gunicorn;
4. print one table: requests per second, p50 and p99 latency, throughput as a share of
   /healthz in the same run, and the page's HTML + CSS size compressed with brotli.

Knobs: BENCH_QUICK=1 (short runs, smaller populate), BENCH_SECONDS, BENCH_CONNECTIONS,
BENCH_WORKERS, BENCH_MANAGERS / BENCH_CLUBS / BENCH_STORIES, BENCH_PORT.
A page that answers with an error (or does not exist yet) is reported with its status
code; the run goes on.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"  # loopback only, never anything else
sys.path.insert(0, str(ROOT / "bench"))
import services  # noqa: E402  (bench/services.py: the databases and Redis)

PAGES = [
    "/healthz",
    "/",
    "/managers/massimiliano-allegri/",
    "/clubs/juventus/",
    "/news/2021/05/27/allegri-set-for-juventus-return/",
    "/news/",
    "/search/?q=allegri",
]
# Searches as readers type them, timed uncached with one connection (the issue's
# target: each within 20 ms at populate scale): a typo, a manager and his club, other
# names, a story's gist, a prefix, and a word in every synthetic story.
SEARCHES = [
    "/search/?q=alegri",
    "/search/?q=allegri+juventus",
    "/search/?q=inter+milan",
    "/search/?q=pirlo+sacked",
    "/search/?q=zidane+real+madrid",
    "/search/?q=massim",
    "/search/?q=rossi",
    "/search/?q=manager",
]

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")
SECONDS = int(os.environ.get("BENCH_SECONDS", "2" if QUICK else "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
SIZES = {
    "managers": os.environ.get("BENCH_MANAGERS", "1000" if QUICK else "10000"),
    "clubs": os.environ.get("BENCH_CLUBS", "100" if QUICK else "1000"),
    "stories": os.environ.get("BENCH_STORIES", "2000" if QUICK else "20000"),
}


def say(message):
    print(f"bench: {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("installing wrk (apt-get)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)


def base_env():
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench",
        STATIC_MANIFEST="true",
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    RESULTS.mkdir(parents=True, exist_ok=True)
    say(f"database {env['DATABASE_URL'].split('@')[-1]}: migrate, seed, collectstatic")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed")
    manage(env, "collectstatic", "--noinput", "-v0")


def populate(env):
    args = [f"--{name}={value}" for name, value in SIZES.items()]
    say(f"populate {' '.join(args)}")
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "manage.py", "populate", *args, "--seed=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode and "already there" not in result.stderr:
        sys.exit(result.stdout + result.stderr)
    say(f"populate took {time.monotonic() - started:.1f}s")
    return time.monotonic() - started


def free_port():
    wanted = os.environ.get("BENCH_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on loopback, stopped (with its workers) however the run ends."""

    def __init__(self, env, port):
        self.port = port
        self.log = open(RESULTS / "gunicorn.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "--config=gunicorn.conf.py",
                "football.wsgi",
                f"--bind={HOST}:{port}",
                f"--workers={WORKERS}",
                "--access-logfile=-"
                if os.environ.get("BENCH_ACCESS_LOG")
                else "--log-level=warning",
                "--timeout=30",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped; see {RESULTS / 'gunicorn.log'}")
            try:
                if fetch(self.url("/healthz"))[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 30 s")

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


STYLESHEET = re.compile(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"')


def compressed_size(server, path, body):
    """Brotli size of the page plus its stylesheets, as a browser would fetch them."""
    total = len(brotli.compress(body))
    for href in STYLESHEET.findall(body):
        href = href.decode()
        status, css = fetch(server.url(href if href.startswith("/") else "/" + href))
        if status == 200:
            total += len(brotli.compress(css))
    return total


def static_headers(server, body):
    """How the page's stylesheet is served: its encoding and caching headers."""
    href = STYLESHEET.search(body)
    if not href:
        return None
    request = urllib.request.Request(
        server.url(href.group(1).decode()), headers={"Accept-Encoding": "br, gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return (
            f"{href.group(1).decode()}: Content-Encoding {response.headers['Content-Encoding']}, "
            f"Cache-Control {response.headers['Cache-Control']}"
        )


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, connections=CONNECTIONS, seconds=SECONDS):
    result = subprocess.run(
        [
            "wrk",
            "--latency",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout=5s",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if not (rps and p50 and p99):
        return None
    return {
        "rps": float(rps.group(1)),
        "p50": to_ms(p50.group(1)),
        "p99": to_ms(p99.group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(env, scale, cached, rows, sizes, searches):
    env = {**env, "PAGE_CACHE": "true" if cached else "false"}
    mode = "cached" if cached else "uncached"
    server = Server(env, free_port())
    try:
        # Warm up every worker on every page (imports, connections, the page cache).
        for path in PAGES:
            run_wrk(server.url(path), seconds=1)
        # /healthz is measured first and last; the mean is the reference for the ratio.
        run_rows = []
        for path in [*PAGES, "/healthz"]:
            status, body = fetch(server.url(path))
            row = {"page": path, "scale": scale, "mode": mode, "status": status}
            if status == 200 and path != "/healthz" and (scale, path) not in sizes:
                sizes[(scale, path)] = compressed_size(server, path, body)
                if "static" not in sizes:
                    sizes["static"] = static_headers(server, body)
            figures = run_wrk(server.url(path)) if status == 200 else None
            if figures:
                row.update(figures)
            if figures and not cached:
                # One connection: the time to serve a page, without queueing.
                single = run_wrk(server.url(path), connections=1)
                if single:
                    row["p50_1"] = single["p50"]
            say(
                f"{scale:8} {mode:8} {path:52} {status}"
                + (f" {row['rps']:8.0f} req/s p50 {row['p50']:.1f} ms" if "rps" in row else "")
            )
            run_rows.append(row)
        if not cached:
            for path in SEARCHES:
                status, _ = fetch(server.url(path))
                row = {"page": path, "scale": scale, "mode": mode, "status": status}
                single = run_wrk(server.url(path), connections=1) if status == 200 else None
                if single:
                    row["p50_1"] = single["p50"]
                    row["p99_1"] = single["p99"]
                    say(f"{scale:8} {mode:8} {path:52} {status} 1 conn p50 {single['p50']:.1f} ms")
                searches.append(row)
        first, *pages, last = run_rows
        if "rps" in first and "rps" in last:
            first["rps"] = (first["rps"] + last["rps"]) / 2
            for key in ("p50", "p99", "p50_1"):
                if key in first and key in last:
                    first[key] = (first[key] + last[key]) / 2
            for row in [first, *pages]:
                if "rps" in row:
                    row["ratio"] = row["rps"] / first["rps"]
        rows.extend([first, *pages])
    finally:
        server.stop()


def table(rows, sizes):
    lines = [
        "| page | scale | cache | status | req/s | p50 ms | p99 ms | p50 ms, 1 conn "
        "| vs /healthz | HTML+CSS br |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        size = sizes.get((r["scale"], r["page"]))
        cells = [
            f"`{r['page']}`",
            r["scale"],
            r["mode"],
            str(r["status"]) + (f" ({r['errors']} errors)" if r.get("errors") else ""),
            f"{r['rps']:.0f}" if "rps" in r else "–",
            f"{r['p50']:.1f}" if "p50" in r else "–",
            f"{r['p99']:.1f}" if "p99" in r else "–",
            f"{r['p50_1']:.1f}" if "p50_1" in r else "–",
            f"{r['ratio']:.0%}" if "ratio" in r else "–",
            f"{size / 1024:.1f} KB" if size else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


RENDERED = ("/managers/", "/clubs/", "/news/20")  # profile, club, story


def search_table(searches):
    lines = [
        "| search | scale | status | p50 ms, 1 conn | p99 ms, 1 conn |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for r in searches:
        p50, p99 = r.get("p50_1"), r.get("p99_1")
        cells = [
            f"`{r['page']}`",
            r["scale"],
            str(r["status"]),
            f"{p50:.1f}" if p50 else "–",
            f"{p99:.1f}" if p99 else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows, sizes, searches):
    """Each target of the issue, with the figures that meet or miss it."""
    by = {(r["scale"], r["mode"], r["page"]): r for r in rows}
    lines = []

    def check(met, text):
        lines.append(f"- [{'met' if met else 'MISSED'}] {text}")

    cached = [r for r in rows if r["mode"] == "cached" and r["page"] != "/healthz"]
    ratios = [r.get("ratio", 0) for r in cached]
    if ratios:
        check(
            min(ratios) >= 0.8,
            f"cached pages at >= 80% of /healthz throughput: {min(ratios):.0%}-{max(ratios):.0%}",
        )
    for page in PAGES:
        if not page.startswith(RENDERED):
            continue
        seed = by.get(("seed", "uncached", page), {}).get("p50_1")
        grown = by.get(("populate", "uncached", page), {}).get("p50_1")
        if seed and grown:
            check(
                grown < 25 and grown <= 1.5 * seed,
                f"{page} uncached p50 {grown:.1f} ms at populate scale (< 25 ms), "
                f"{grown / seed:.2f}x its seed-scale {seed:.1f} ms (<= 1.5x)",
            )
    timed = [r["p50_1"] for r in searches if r["scale"] == "populate" and "p50_1" in r]
    if timed:
        check(
            max(timed) <= 20,
            f"searches uncached p50 {min(timed):.1f}-{max(timed):.1f} ms at populate scale "
            f"(<= 20 ms each, {len(timed)} queries)",
        )
    page_sizes = [v for k, v in sizes.items() if isinstance(k, tuple)]
    if page_sizes:
        check(
            max(page_sizes) < 30 * 1024,
            f"HTML + CSS compressed: at most {max(page_sizes) / 1024:.1f} KB (< 30 KB)",
        )
    static = sizes.get("static") or ""
    check(
        "Content-Encoding br" in static and "immutable" in static,
        f"static files compressed and immutable: {static or 'no stylesheet found'}",
    )
    return "\n".join(lines)


def main():
    ensure_wrk()
    env = base_env()
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = services.sqlite(RESULTS / "bench.sqlite3")
    prepare(env)
    rows, sizes, searches = [], {}, []
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    for cached in (True, False):
        measure(env, "seed", cached, rows, sizes, searches)
    populate_seconds = populate(env)
    for cached in (True, False):
        measure(env, "populate", cached, rows, sizes, searches)
    report = table(rows, sizes) + "\n\n" + search_table(searches)
    summary = (
        f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s per page (uncached: also -c1 for the "
        f"one-connection p50; /healthz: mean of a run before and after the pages); gunicorn --workers={WORKERS}; "
        f"{os.cpu_count()} CPUs; database {env['DATABASE_URL'].split(':')[0]}; "
        f"populate scale = seed + {SIZES['managers']} managers, {SIZES['clubs']} clubs, "
        f"{SIZES['stories']} stories "
        f"(populate took {populate_seconds:.0f} s); bench {time.monotonic() - started:.0f} s; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
        "(other work on the machine makes the figures noisy)."
    )
    print()
    print(report)
    print()
    print(summary)
    verdicts = "Targets (uncached p50s with one connection: the time to serve a page):\n"
    verdicts += targets(rows, sizes, searches)
    print()
    print(verdicts)
    (RESULTS / "latest.md").write_text(report + "\n\n" + summary + "\n\n" + verdicts + "\n")


if __name__ == "__main__":
    main()
