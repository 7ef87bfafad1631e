"""gunicorn settings for `make serve` and any production machine.

Read from the environment, so one file serves every app server:

    BIND              address to listen on (default 127.0.0.1:$PORT)
    PORT              port when BIND is not set (default 8000)
    WEB_CONCURRENCY   worker processes (default 2 x CPU cores + 1)
    GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted (default 30)
    FORWARDED_ALLOW_IPS  addresses of the proxies whose X-Forwarded-* headers are trusted
                      (default 127.0.0.1,::1: a proxy on the same machine)
"""

import multiprocessing
import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)

# A stuck request frees its worker after `timeout`; a restart or deploy (SIGHUP/SIGTERM)
# lets requests in flight finish for up to `graceful_timeout`.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Load Django once in the master and fork the workers from it: a worker starts (or
# is replaced) in milliseconds instead of re-importing everything.
preload_app = True

# Recycle workers now and then, so a slow leak can never grow without bound; rarely
# enough that it costs nothing (every 1,000 requests halved cached throughput in
# `make bench` and put 0.6 s into its p99).
max_requests = 20000
max_requests_jitter = 2000

# Access log to stdout, errors (and Django's, via LOGGING) to stderr: the process
# supervisor or container runtime collects both, nothing is written to local disk.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

# Heartbeat files in memory, not on a disk that may stall; no control socket in $HOME,
# so several instances can run side by side.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
control_socket_disable = True

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips


def when_ready(server):
    """Refuse, in one line, a cache that only one process sees when several serve:
    each worker would keep its own pages and miss the others' changes."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if server.num_workers > 1 and backend.endswith("LocMemCache") and settings.PAGE_CACHE:
        server.log.error(
            "Dugout refuses to start: %s workers would each keep their own page cache "
            "(local memory); set CACHE_URL to a shared cache (redis://..., or leave it "
            "unset with DEBUG off for files on this machine), or WEB_CONCURRENCY=1.",
            server.num_workers,
        )
        raise SystemExit(1)
