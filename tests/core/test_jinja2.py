import datetime
import json
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone

from football.core.jinja2 import FORMATS, date
from football.core.templatetags.dugout import jsonld


def django_date(value, format_string):
    """What Django's templates write for `{{ value|date:format_string }}`."""
    template = engines["django"].from_string("{{ value|date:format_string }}")
    return template.render({"value": value, "format_string": format_string})


VALUES = [
    datetime.date(2021, 5, 27),
    datetime.date(999, 1, 1),  # a year of three digits
    datetime.date(2024, 2, 29),
    datetime.datetime(2021, 5, 27, 9, 5, 0, tzinfo=datetime.UTC),  # British Summer Time
    datetime.datetime(2021, 12, 31, 23, 59, 59, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2021, 3, 28, 0, 59, tzinfo=datetime.UTC),  # the hour clocks go forward
    datetime.datetime(2021, 10, 30, 23, 30, tzinfo=datetime.UTC),  # the next day in London
    datetime.datetime(2021, 5, 27, 9, 5, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
]


@pytest.mark.parametrize("format_string", [*FORMATS, "N j, Y"])
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_the_date_filter_writes_what_djangos_writes(value, format_string, settings):
    settings.TIME_ZONE = "Europe/London"
    assert date(value, format_string) == django_date(value, format_string)


@pytest.mark.parametrize("value", [v for v in VALUES if isinstance(v, datetime.datetime)], ids=str)
def test_a_time_format_is_djangos(value, settings):
    settings.TIME_ZONE = "Europe/London"
    assert date(value, "j F Y, H:i T") == django_date(value, "j F Y, H:i T")


def test_a_time_is_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    late = datetime.datetime(2021, 10, 30, 23, 30, tzinfo=datetime.UTC)
    assert date(late, "j F Y") == "31 October 2021"
    assert date(late, "c") == "2021-10-31T00:30:00+01:00"
    assert timezone.localtime(late).tzinfo.key == "Europe/London"


@pytest.mark.parametrize("value", [None, ""])
def test_no_date_is_empty(value):
    assert date(value, "j F Y") == ""


def test_structured_data_cannot_end_its_script_element():
    data = {"headline": "Allegri </script><script>alert(1)</script> & Juventus", "by": "Gazzetta ò"}
    block = str(jsonld(data))
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == data
    assert "ò" in inner  # written as itself, not escaped
