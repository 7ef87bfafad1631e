"""
Dates known only to the day, the month or the year.

A date with month or year precision is stored as the first day of that month or
year; its precision decides how it is shown ("2004", never "1 January 2004") and
which days it may stand for.
"""

import calendar
import datetime

from django.db import models

# English month names, as the site writes dates (calendar.month_name follows the
# process locale and is slow to index).
MONTHS = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def format_date(value, precision=Precision.DAY):
    """Show a date as readers write it: "28 May 2021", "May 2021" or "2004"."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{MONTHS[value.month]} {value.year}"
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def truncate(value, precision):
    """The stored form of a date with this precision: the first day of its period."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def latest_day(value, precision):
    """The last day a date with this precision may stand for."""
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def years_and_days(start, end):
    """The length between two dates in whole years and the days left over."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    anniversary = _add_years(start, years)
    return years, (end - anniversary).days


def format_length(start, end):
    years, days = years_and_days(start, end)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if days or not years:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return ", ".join(parts)


def _add_years(value, years):
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year that has none
        return value.replace(year=value.year + years, day=28)


def parse_iso_date(text):
    """A `YYYY-MM-DD` string as a date, or None when it is malformed or impossible."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
