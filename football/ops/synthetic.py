"""
Deterministic synthetic records and stories for scale tests (`manage.py populate`).

Everything is drawn from one `random.Random(seed)`, so the same sizes and seed give
the same rows. The shape follows real careers:

- every club has one chain of first-team spells, each starting the day the previous
  one ended (short ones are caretaker spells), the last one still running;
- managers take those spells one after another, never two at once, with gaps out of
  work between them, about ten spells each;
- some spells won something; stories report appointments and departures.

Slugs start with ``synthetic-<seed>-`` so they never collide with the seed data,
which is never read or changed here.
"""

import datetime
import heapq
from dataclasses import dataclass, field

from django.utils.text import slugify

from football.careers.models import Honour, Role

from .synthetic_names import CLUB_FORMS, COUNTRIES, FIRST_NAMES, LAST_NAMES, TOWNS

PUBLISHERS = ("Dugout", "Press Association", "Agenzia Sportiva", "Reuters")
DEPARTURES = ("sacked", "resigned", "mutual_consent", "contract_expired", "new_job")
COMPETITIONS = (
    ("league", "Synthetic Premier League"),
    ("league", "Synthetic Second Division"),
    ("cup", "Synthetic National Cup"),
    ("super_cup", "Synthetic Super Cup"),
    ("continental", "Synthetic Champions Trophy"),
    ("continental", "Synthetic Continental Shield"),
)

# A fixed "now" for the generated history, so that the same seed gives the same rows
# on any day. Spells starting after it are never generated.
HORIZON = datetime.date(2025, 7, 1)
# Scheduled stories are published at fixed times after this, so they stay in the future.
SCHEDULED_FROM = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)
FIRST_SEASON = datetime.date(1950, 7, 1)


@dataclass
class Spell:
    club: int
    started_on: datetime.date
    ended_on: datetime.date | None
    role: str = Role.HEAD_COACH
    manager: int = -1
    departure: str = ""
    honours: list = field(default_factory=list)


def prefix(seed):
    return f"synthetic-{seed}-"


def club_rows(rng, count, seed):
    rows = []
    for i in range(count):
        town = rng.choice(TOWNS)
        name = rng.choice(CLUB_FORMS).format(town=town)
        name = f"{name} {i + 1}" if i >= len(TOWNS) else name
        rows.append(
            {
                "name": name,
                "short_name": name,
                "slug": f"{prefix(seed)}{slugify(name)}-{i + 1}",
                "country": rng.choice(COUNTRIES),
                "city": town,
                "founded": rng.randint(1880, 1960),
            }
        )
    return rows


def manager_rows(rng, count, seed):
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        full = f"{first} {last}"
        rows.append(
            {
                "full_name": full,
                "short_name": last,
                "slug": f"{prefix(seed)}{slugify(full)}-{i + 1}",
                "nationality": rng.choice(COUNTRIES),
                "birth_place": rng.choice(TOWNS),
                "biography": f"{full} is a synthetic manager made for scale tests.",
            }
        )
    return rows


def club_chains(rng, clubs, spells_total):
    """Per club, first-team spells chained end to start, the last one still running."""
    per_club = [spells_total // clubs] * clubs
    for i in range(spells_total % clubs):
        per_club[i] += 1
    spells = []
    for club, count in enumerate(per_club):
        if count == 0:
            continue
        start = FIRST_SEASON + datetime.timedelta(days=rng.randint(0, 20 * 365))
        span = (HORIZON - start).days
        # count - 1 distinct change-over days make count chained spells.
        cuts = sorted(rng.sample(range(1, span), count - 1)) if count > 1 else []
        days = [start + datetime.timedelta(days=d) for d in cuts]
        bounds = [start, *days, None]
        for a, b in zip(bounds, bounds[1:], strict=False):
            spell = Spell(club=club, started_on=a, ended_on=b)
            if b is not None and (b - a).days < 60:
                spell.role = Role.CARETAKER
                spell.departure = "end_of_interim"
            elif b is not None:
                spell.departure = rng.choice(DEPARTURES)
            spells.append(spell)
    return spells


def assign_managers(rng, spells, managers):
    """Give every spell a manager who is free then; careers run one spell at a time.

    Managers start their careers in a spread over the years and take spells in
    order of time; each aims for 6 to 14 spells and retires after it, unless no one
    else is free. Returns each manager's first start, for a plausible birth date.
    """
    spells.sort(key=lambda s: (s.started_on, s.club))
    total = len(spells)
    targets = [rng.randint(6, 14) for _ in range(managers)]
    scale = total / max(sum(targets), 1)
    targets = [max(1, round(t * scale)) for t in targets]
    # Careers begin spread over the whole period, earliest first.
    first_start = spells[0].started_on if spells else HORIZON
    span = max((HORIZON - first_start).days - 8 * 365, 1)
    entry = sorted(
        (first_start + datetime.timedelta(days=rng.randint(0, span)), m) for m in range(managers)
    )
    waiting = 0  # index into `entry`
    active = []  # heap of (free_from, manager)
    retired = []  # heap of (free_from, manager): used only when no one else is free
    taken = [0] * managers
    began = [None] * managers
    dropped = 0
    for spell in spells:
        while waiting < managers and entry[waiting][0] <= spell.started_on:
            heapq.heappush(active, (entry[waiting][0], entry[waiting][1]))
            waiting += 1
        if (not active or active[0][0] > spell.started_on) and waiting < managers:
            # No one free yet: bring the next career forward.
            heapq.heappush(active, (spell.started_on, entry[waiting][1]))
            waiting += 1
        if active and active[0][0] <= spell.started_on:
            pool = active
        elif retired and retired[0][0] <= spell.started_on:
            pool = retired
        else:
            spell.manager = -1
            dropped += 1
            continue
        _, manager = heapq.heappop(pool)
        spell.manager = manager
        taken[manager] += 1
        began[manager] = began[manager] or spell.started_on
        if spell.ended_on is None:
            continue  # still in post: never free again
        free_from = spell.ended_on + datetime.timedelta(days=rng.choice((0, 0, 30, 120, 400)))
        pool = active if taken[manager] < targets[manager] else retired
        heapq.heappush(pool, (free_from, manager))
    return began, dropped


def season_label(kind, year):
    return f"{year}–{(year + 1) % 100:02d}" if kind == "league" else str(year)


def add_honours(rng, spells, competitions):
    """About one spell in six won or lost a final; returns how many honours."""
    count = 0
    for spell in spells:
        if spell.manager < 0 or rng.random() > 0.16:
            continue
        end = spell.ended_on or HORIZON
        years = list(range(spell.started_on.year, end.year + 1))
        seen = set()
        for _ in range(rng.randint(1, 3)):
            comp, kind = rng.choice(competitions)
            year = rng.choice(years)
            season = season_label(kind, year)
            won_on = decided_on(rng, kind, year, spell.started_on, end)
            if (comp, season) in seen or won_on is None:
                continue
            seen.add((comp, season))
            result = Honour.Result.WINNERS if rng.random() < 0.7 else Honour.Result.RUNNERS_UP
            spell.honours.append((comp, season, year, result, won_on))
            count += 1
    return count


def decided_on(rng, kind, year, started_on, ended_on):
    """A day the honour was decided within the spell: the spring a league season ends,
    any day of a cup's year; None when the spell does not reach that far."""
    if kind == "league":
        window = (datetime.date(year + 1, 4, 15), datetime.date(year + 1, 6, 15))
    else:
        window = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    low, high = max(window[0], started_on), min(window[1], ended_on)
    if low > high:
        return None
    return low + datetime.timedelta(days=rng.randint(0, (high - low).days))
