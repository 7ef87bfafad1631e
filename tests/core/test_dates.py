import datetime

import pytest

from football.core.dates import (
    Precision,
    format_date,
    format_length,
    latest_day,
    parse_iso_date,
    truncate,
)

D = datetime.date


@pytest.mark.parametrize(
    ("precision", "shown"),
    [(Precision.DAY, "28 May 2021"), (Precision.MONTH, "May 2021"), (Precision.YEAR, "2021")],
)
def test_a_date_is_shown_to_its_precision(precision, shown):
    assert format_date(D(2021, 5, 28), precision) == shown


def test_a_year_is_never_shown_as_the_first_of_january():
    assert format_date(D(2004, 1, 1), Precision.YEAR) == "2004"


def test_partial_dates_are_stored_as_the_first_day_and_reach_the_last():
    assert truncate(D(2014, 6, 9), Precision.MONTH) == D(2014, 6, 1)
    assert truncate(D(2014, 6, 9), Precision.YEAR) == D(2014, 1, 1)
    assert latest_day(D(2024, 2, 1), Precision.MONTH) == D(2024, 2, 29)
    assert latest_day(D(2007, 1, 1), Precision.YEAR) == D(2007, 12, 31)


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (D(2014, 7, 16), D(2019, 6, 30), "4 years, 349 days"),
        (D(2020, 8, 8), D(2021, 5, 28), "293 days"),
        (D(2019, 6, 16), D(2020, 6, 16), "1 year"),
        (D(2020, 2, 29), D(2021, 3, 1), "1 year, 1 day"),
        (D(2021, 5, 28), D(2021, 5, 28), "0 days"),
    ],
)
def test_lengths_are_in_years_and_days(start, end, shown):
    assert format_length(start, end) == shown


@pytest.mark.parametrize(
    "text", ["2021-02-30", "2021-13-01", "21-05-27", "yesterday", "", None, "2021-5-27"]
)
def test_malformed_or_impossible_dates_are_refused(text):
    assert parse_iso_date(text) is None


def test_a_well_formed_date_is_read():
    assert parse_iso_date("2021-05-27") == D(2021, 5, 27)
