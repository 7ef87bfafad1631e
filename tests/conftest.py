import datetime
import io

import pytest
from django.core.management import call_command

from football.careers.models import Club, Manager, Tenure


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=io.StringIO())


@pytest.fixture
def make_manager(db):
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        defaults = {
            "full_name": f"Manager {n}",
            "short_name": f"M{n}",
            "slug": f"manager-{n}",
            "birth_date": datetime.date(1970, 1, 1),
        }
        return Manager.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_club(db):
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        defaults = {
            "name": f"Club {n}",
            "short_name": f"Club {n}",
            "slug": f"club-{n}",
            "country": "Italy",
        }
        return Club.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_tenure(make_manager, make_club):
    def make(**fields):
        fields.setdefault("manager", make_manager())
        fields.setdefault("club", make_club())
        fields.setdefault("started_on", datetime.date(2010, 7, 1))
        return Tenure.objects.create(**fields)

    return make


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page stored by another test is served."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for the commit (the page cache's
    invalidation), as the end of a real transaction would; tests run inside one."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
