"""The seed's spells with their dates, precisions, notes and honours."""

import datetime

from football.careers.models import Role
from football.core.dates import Precision

D = datetime.date


def _season(start):
    return f"{start}–{(start + 1) % 100:02d}"


def _league(slug, start, won_on, **extra):
    """A season's honour, decided on `won_on`: a final, or the day a title was secured."""
    return {
        "competition": slug,
        "season": _season(start),
        "season_start": start,
        "won_on": won_on,
        **extra,
    }


def _single(slug, year, won_on, **extra):
    """A one-match competition named by its year (a Supercoppa), decided on `won_on`,
    which may fall in the next calendar year (the 2018 edition was played in January 2019)."""
    return {
        "competition": slug,
        "season": str(year),
        "season_start": year,
        "won_on": won_on,
        **extra,
    }


# The day each Serie A title was secured (mathematically certain), from the sources.
SERIE_A_SECURED = {
    2010: D(2011, 5, 7),
    2011: D(2012, 5, 6),
    2012: D(2013, 5, 5),
    2013: D(2014, 5, 4),
    2014: D(2015, 5, 2),
    2015: D(2016, 4, 25),
    2016: D(2017, 5, 21),
    2017: D(2018, 5, 13),
    2018: D(2019, 4, 20),
    2019: D(2020, 7, 26),
    2020: D(2021, 5, 2),
}
# Coppa Italia finals.
COPPA_ITALIA_FINAL = {
    2014: D(2015, 5, 20),
    2015: D(2016, 5, 21),
    2016: D(2017, 5, 17),
    2017: D(2018, 5, 9),
    2020: D(2021, 5, 19),
}


ALLEGRI_WIKI = "https://en.wikipedia.org/wiki/Massimiliano_Allegri"

# Each spell: manager and club slugs, dates with precision, and its honours.
TENURES = [
    {
        "manager": "massimiliano-allegri",
        "club": "aglianese",
        "started_on": D(2004, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2005, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "His first job as a head coach, in Serie C2. Reports date it from 2004; "
        "some sources place it in the 2003–04 season.",
        "sources": [ALLEGRI_WIKI],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "spal",
        "started_on": D(2004, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2005, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "Uncertain: only some sources record a spell at SPAL, in the 2004–05 season.",
        "sources": [ALLEGRI_WIKI],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "grosseto",
        "started_on": D(2005, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2007, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "In Serie C1. Sources differ: this may have been two separate spells.",
        "sources": [ALLEGRI_WIKI],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "udinese",
        "role": Role.ASSISTANT,
        "started_on": D(2007, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2007, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "A brief spell on the coaching staff.",
        "sources": [ALLEGRI_WIKI],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "sassuolo",
        "started_on": D(2007, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2008, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "One season, 2007–08, in Serie C1: won the division and promotion to Serie B.",
        "sources": [ALLEGRI_WIKI],
        # The season ended in May 2008; the exact day the division was won is not recorded here.
        "honours": [
            _league(
                "serie-c1",
                2007,
                D(2008, 5, 1),
                won_precision=Precision.MONTH,
                note="Promoted to Serie B",
            )
        ],
    },
    {
        "manager": "davide-ballardini",
        "club": "cagliari",
        "started_on": D(2007, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2008, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "Head coach in the 2007–08 season; exact dates not recorded here.",
        "sources": ["https://en.wikipedia.org/wiki/Davide_Ballardini"],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "cagliari",
        "started_on": D(2008, 5, 29),
        "ended_on": D(2010, 4, 13),
        "departure": "sacked",
        "notes": "Named Serie A coach of the season for 2008–09.",
        "sources": [ALLEGRI_WIKI],
    },
    {
        "manager": "leonardo",
        "club": "milan",
        "started_on": D(2009, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2010, 1, 1),
        "ended_precision": Precision.YEAR,
        "notes": "Head coach for the 2009–10 season.",
        "sources": ["https://en.wikipedia.org/wiki/Leonardo_(footballer,_born_1969)"],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "milan",
        "started_on": D(2010, 6, 25),
        "ended_on": D(2014, 1, 13),
        "departure": "sacked",
        "sources": [ALLEGRI_WIKI],
        "honours": [
            _league(
                "serie-a",
                2010,
                SERIE_A_SECURED[2010],
                note="Milan's first league title since 2003–04",
            ),
            _single("supercoppa-italiana", 2011, D(2011, 8, 6), note="Milan's sixth"),
        ],
    },
    {
        "manager": "clarence-seedorf",
        "club": "milan",
        "started_on": D(2014, 1, 1),
        "started_precision": Precision.MONTH,
        "ended_on": D(2014, 6, 1),
        "ended_precision": Precision.MONTH,
        "departure": "sacked",
        "sources": ["https://en.wikipedia.org/wiki/Clarence_Seedorf"],
    },
    {
        "manager": "antonio-conte",
        "club": "juventus",
        "started_on": D(2011, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2014, 7, 15),
        "departure": "mutual_consent",
        "sources": ["https://en.wikipedia.org/wiki/Antonio_Conte"],
        "honours": [_league("serie-a", year, SERIE_A_SECURED[year]) for year in (2011, 2012, 2013)],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "juventus",
        "started_on": D(2014, 7, 16),
        "ended_on": D(2019, 6, 30),
        "departure": "mutual_consent",
        "departure_announced_on": D(2019, 5, 17),
        "notes": "The club announced on 17 May 2019 that he would leave at the end of the "
        "season; his spell ran to 30 June 2019.",
        "sources": [ALLEGRI_WIKI],
        "honours": [
            *(_league("serie-a", year, SERIE_A_SECURED[year]) for year in range(2014, 2019)),
            *(
                _league("coppa-italia", year, COPPA_ITALIA_FINAL[year])
                for year in range(2014, 2018)
            ),
            _single("supercoppa-italiana", 2015, D(2015, 8, 8)),
            _single("supercoppa-italiana", 2018, D(2019, 1, 16)),
            # Finals lost: Berlin, 6 June 2015; Cardiff, 3 June 2017.
            _league("uefa-champions-league", 2014, D(2015, 6, 6), result="runners_up"),
            _league("uefa-champions-league", 2016, D(2017, 6, 3), result="runners_up"),
        ],
    },
    {
        "manager": "maurizio-sarri",
        "club": "juventus",
        "started_on": D(2019, 6, 16),
        "ended_on": D(2020, 8, 8),
        "departure": "sacked",
        "sources": ["https://en.wikipedia.org/wiki/Maurizio_Sarri"],
        "honours": [_league("serie-a", 2019, SERIE_A_SECURED[2019])],
    },
    {
        "manager": "andrea-pirlo",
        "club": "juventus",
        "started_on": D(2020, 8, 8),
        "ended_on": D(2021, 5, 28),
        "departure": "sacked",
        "notes": "Dismissed after finishing fourth in Serie A.",
        "sources": ["https://en.wikipedia.org/wiki/Andrea_Pirlo"],
        "honours": [
            _league("coppa-italia", 2020, COPPA_ITALIA_FINAL[2020]),
            # The 2020 edition was played on 20 January 2021.
            _single("supercoppa-italiana", 2020, D(2021, 1, 20)),
        ],
    },
    {
        "manager": "massimiliano-allegri",
        "club": "juventus",
        "started_on": D(2021, 5, 28),
        # The seed describes the world as of 28 May 2021; nothing later is recorded.
        "confirmed_on": D(2021, 5, 28),
        "notes": "Appointment announced on 28 May 2021. The contract was reported as running "
        "for three years; other reports said until June 2025.",
        "sources": [ALLEGRI_WIKI, "https://www.juventus.com/en/news"],
    },
    {
        "manager": "antonio-conte",
        "club": "inter",
        "started_on": D(2019, 1, 1),
        "started_precision": Precision.YEAR,
        "ended_on": D(2021, 5, 26),
        "departure": "mutual_consent",
        "sources": ["https://en.wikipedia.org/wiki/Antonio_Conte"],
        "honours": [_league("serie-a", 2020, SERIE_A_SECURED[2020])],
    },
    {
        "manager": "zinedine-zidane",
        "club": "real-madrid",
        "started_on": D(2016, 1, 4),
        "ended_on": D(2018, 5, 31),
        "departure": "resigned",
        "sources": ["https://en.wikipedia.org/wiki/Zinedine_Zidane"],
    },
    {
        "manager": "zinedine-zidane",
        "club": "real-madrid",
        "started_on": D(2019, 3, 11),
        "ended_on": D(2021, 5, 27),
        "departure": "resigned",
        "sources": ["https://en.wikipedia.org/wiki/Zinedine_Zidane"],
    },
]
