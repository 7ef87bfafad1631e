import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_debug_or_secret_key_the_site_refuses_in_one_line():
    result = run_check(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Dugout refuses to start: DEBUG is off and SECRET_KEY is not set "
        "(set SECRET_KEY, or DEBUG=true for development; see .env.example)."
    ]


def test_with_a_secret_key_it_starts():
    result = run_check(DEBUG="false", SECRET_KEY="a-real-secret-for-this-test")
    assert result.returncode == 0, result.stderr


def setting(expression, unset, **env):
    """`expression` (of `settings`) as a new process prints it, with the variables in
    `unset` removed from this one's environment and `env` set."""
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env, SECRET_KEY="a-real-secret-for-this-test")
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "football.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def page_cache_setting(**env):
    return setting("settings.PAGE_CACHE", {"DEBUG", "PAGE_CACHE"}, **env)


def test_the_page_cache_is_on_in_production_and_off_in_development_unless_asked():
    assert page_cache_setting(DEBUG="false") == "True"
    assert page_cache_setting(DEBUG="true") == "False"
    assert page_cache_setting(DEBUG="true", PAGE_CACHE="true") == "True"
    assert page_cache_setting(DEBUG="false", PAGE_CACHE="false") == "False"


POSTGRES = "postgres://dugout:secret@127.0.0.1:5432/dugout"


def database_options(*names, **env):
    options = "settings.DATABASES['default'].get('OPTIONS', {})"
    shown = f"sorted((k, v) for k, v in {options}.items() if k in {names!r})"
    return setting(shown, {"DB_PREPARE_THRESHOLD", "DB_RANDOM_PAGE_COST"}, **env)


def test_postgresql_queries_are_bound_by_the_server_and_prepared():
    prepared = ("prepare_threshold", "server_side_binding")
    assert database_options(*prepared, DATABASE_URL=POSTGRES) == (
        "[('prepare_threshold', 2), ('server_side_binding', True)]"
    )
    assert database_options(*prepared, DATABASE_URL=POSTGRES, DB_PREPARE_THRESHOLD="0") == (
        "[('prepare_threshold', 0), ('server_side_binding', True)]"
    )
    assert database_options(*prepared, DATABASE_URL=POSTGRES, DB_PREPARE_THRESHOLD="") == (
        "[('prepare_threshold', None), ('server_side_binding', True)]"
    )
    assert (
        setting(
            "settings.DATABASES['default'].get('OPTIONS', {})", set(), DATABASE_URL="sqlite:///x"
        )
        == "{}"
    )


def test_postgresql_plans_for_a_database_in_memory_unless_told_otherwise():
    assert database_options("options", DATABASE_URL=POSTGRES) == (
        "[('options', '-c random_page_cost=1.1')]"
    )
    assert database_options("options", DATABASE_URL=POSTGRES, DB_RANDOM_PAGE_COST="2") == (
        "[('options', '-c random_page_cost=2.0')]"
    )
    assert database_options("options", DATABASE_URL=POSTGRES, DB_RANDOM_PAGE_COST="") == "[]"
    given = f"{POSTGRES}?options=-c%20search_path%3Ddugout"
    assert database_options("options", DATABASE_URL=given) == (
        "[('options', '-c search_path=dugout -c random_page_cost=1.1')]"
    )


def test_a_redis_cache_url_gets_the_backend_that_keeps_its_clients():
    backend = setting(
        "settings.CACHES['default']['BACKEND']", {"CACHE_URL"}, CACHE_URL="redis://127.0.0.1:6379/0"
    )
    assert backend == "football.pagecache.rediscache.RedisCache"


def test_the_disk_cache_evicts_the_page_caches_tokens_and_version_last():
    from football.pagecache.store import NEXT_PUBLISH_KEY, VERSION_KEY, tag_key

    shown = "repr((settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('KEEP')))"
    backend, keep = ast.literal_eval(setting(shown, {"CACHE_URL"}, DEBUG="false"))
    assert backend == "football.pagecache.diskcache.DiskCache"
    assert all(key.startswith(keep) for key in (VERSION_KEY, NEXT_PUBLISH_KEY, tag_key("list:x")))
