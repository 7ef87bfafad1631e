"""Career and club timelines, drawn as SVG on the server."""

from dataclasses import dataclass

from football.core.dates import latest_day

WIDTH = 800
LABEL_WIDTH = 170
ROW_HEIGHT = 26
AXIS_HEIGHT = 28


@dataclass
class Bar:
    label: str
    period: str
    x: float
    y: float
    width: float
    role: str
    open: bool

    @property
    def text_y(self):
        return self.y + ROW_HEIGHT / 2 + 4

    @property
    def bar_y(self):
        return self.y + 5


@dataclass
class Tick:
    year: int
    x: float


@dataclass
class Timeline:
    bars: list
    ticks: list
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def axis_y(self):
        return self.height - AXIS_HEIGHT + 4


def build_timeline(tenures, label, today, since=None):
    """One bar per spell, on an axis of years from the first start to the last end.

    `label` names a bar (the club on a profile, the manager on a club page). `today` is
    the day the page shows: nothing is drawn past it. A spell running then (even one
    that ended later) is drawn to it, or to the day it was last confirmed if that is
    earlier: the drawing claims no more than the records know. Partial dates are drawn
    across their whole period, as they may stand for any day in it (up to `today`).
    With `since` (the start of a history shown a page at a time), the axis covers the
    whole history from then, so a page's bars show where they fall in it.
    """
    tenures = list(tenures)
    if not tenures:
        return None
    first_year = min(t.started_on.year for t in tenures)
    if since is not None:
        first_year = min(first_year, since.year)
    ends = [
        min(latest_day(t.ended_on, t.ended_precision), today)
        if t.ended_by(today)
        else (t.unconfirmed_after(today) or today)
        for t in tenures
    ]
    last_year = max(max(end.year for end in ends), first_year) + 1
    span_days = (_jan1(last_year, today) - _jan1(first_year, today)).days
    plot = WIDTH - LABEL_WIDTH - 24

    def x_of(day):
        return round(LABEL_WIDTH + plot * (day - _jan1(first_year, today)).days / span_days, 1)

    bars = []
    for row, (tenure, end) in enumerate(zip(tenures, ends, strict=True)):
        start_x = x_of(tenure.started_on)
        bars.append(
            Bar(
                label=label(tenure),
                period=tenure.period_on(today),
                x=start_x,
                y=row * ROW_HEIGHT,
                width=max(round(x_of(end) - start_x, 1), 3),
                role=tenure.role,
                open=not tenure.ended_by(today),
            )
        )
    step = max(1, round((last_year - first_year) / 8))
    ticks = [
        Tick(year=year, x=x_of(_jan1(year, today)))
        for year in range(first_year, last_year + 1, step)
    ]
    return Timeline(bars=bars, ticks=ticks, height=len(bars) * ROW_HEIGHT + AXIS_HEIGHT)


def _jan1(year, like):
    return like.replace(year=year, month=1, day=1)
