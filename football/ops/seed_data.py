"""
The seed records: the world of Allegri's return to Juventus, as of 28 May 2021.

Dates known only to the month or the year carry that precision, with a note
saying what the sources disagree on. The story text is Dugout's own.
"""

import datetime

from football.careers.models import Role
from football.core.dates import Precision
from football.news.models import Story

D = datetime.date

WIKIPEDIA = "Wikipedia"

SOURCES = [
    {
        "url": "https://en.wikipedia.org/wiki/Massimiliano_Allegri",
        "publisher": WIKIPEDIA,
        "title": "Massimiliano Allegri",
        "note": "Managerial career and honours.",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Andrea_Pirlo",
        "publisher": WIKIPEDIA,
        "title": "Andrea Pirlo",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Maurizio_Sarri",
        "publisher": WIKIPEDIA,
        "title": "Maurizio Sarri",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Antonio_Conte",
        "publisher": WIKIPEDIA,
        "title": "Antonio Conte",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Zinedine_Zidane",
        "publisher": WIKIPEDIA,
        "title": "Zinedine Zidane",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Davide_Ballardini",
        "publisher": WIKIPEDIA,
        "title": "Davide Ballardini",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Leonardo_(footballer,_born_1969)",
        "publisher": WIKIPEDIA,
        "title": "Leonardo (footballer, born 1969)",
    },
    {
        "url": "https://en.wikipedia.org/wiki/Clarence_Seedorf",
        "publisher": WIKIPEDIA,
        "title": "Clarence Seedorf",
    },
    {
        "url": "https://x.com/FabrizioRomano",
        "publisher": "Fabrizio Romano on X",
        "title": "Post of 27 May 2021 relaying Sky Sport Italia",
        "published_on": D(2021, 5, 27),
        "note": "The agreement with Allegri was imminent and Pirlo would be dismissed within hours.",
    },
    {
        "url": "https://www.juventus.com/en/news",
        "publisher": "Juventus",
        "title": "Club announcement of Massimiliano Allegri's return",
        "published_on": D(2021, 5, 28),
    },
]

CLUBS = [
    {
        "slug": "juventus",
        "name": "Juventus Football Club",
        "short_name": "Juventus",
        "nicknames": "the Old Lady, Bianconeri",
        "country": "Italy",
        "city": "Turin",
        "founded": 1897,
        "wikidata_id": "Q1422",
    },
    {
        "slug": "milan",
        "name": "Associazione Calcio Milan",
        "short_name": "Milan",
        "nicknames": "Rossoneri",
        "country": "Italy",
        "city": "Milan",
        "founded": 1899,
        "wikidata_id": "Q1543",
    },
    {
        "slug": "inter",
        "name": "Football Club Internazionale Milano",
        "short_name": "Inter",
        "nicknames": "Nerazzurri",
        "country": "Italy",
        "city": "Milan",
        "founded": 1908,
        "wikidata_id": "Q631",
    },
    {
        "slug": "real-madrid",
        "name": "Real Madrid Club de Fútbol",
        "short_name": "Real Madrid",
        "nicknames": "Los Blancos",
        "country": "Spain",
        "city": "Madrid",
        "founded": 1902,
        "wikidata_id": "Q8682",
    },
    {
        "slug": "tottenham-hotspur",
        "name": "Tottenham Hotspur Football Club",
        "short_name": "Tottenham Hotspur",
        "nicknames": "Spurs",
        "country": "England",
        "city": "London",
        "founded": 1882,
        "wikidata_id": "Q18741",
    },
    {
        "slug": "cagliari",
        "name": "Cagliari Calcio",
        "short_name": "Cagliari",
        "country": "Italy",
        "city": "Cagliari",
        "founded": 1920,
    },
    {
        "slug": "sassuolo",
        "name": "US Sassuolo Calcio",
        "short_name": "Sassuolo",
        "country": "Italy",
        "city": "Sassuolo",
        "founded": 1920,
    },
    {
        "slug": "grosseto",
        "name": "Grosseto",
        "short_name": "Grosseto",
        "country": "Italy",
        "city": "Grosseto",
        "founded": 1912,
    },
    {
        "slug": "udinese",
        "name": "Udinese Calcio",
        "short_name": "Udinese",
        "country": "Italy",
        "city": "Udine",
        "founded": 1896,
    },
    {
        "slug": "aglianese",
        "name": "Aglianese",
        "short_name": "Aglianese",
        "country": "Italy",
        "city": "Agliana",
    },
    {
        "slug": "spal",
        "name": "SPAL",
        "short_name": "SPAL",
        "country": "Italy",
        "city": "Ferrara",
        "founded": 1907,
    },
]

MANAGERS = [
    {
        "slug": "massimiliano-allegri",
        "full_name": "Massimiliano Allegri",
        "short_name": "Allegri",
        "birth_date": D(1967, 8, 11),
        "birth_place": "Livorno, Italy",
        "nationality": "Italian",
        "biography": (
            "A former midfielder from Livorno who began coaching in the lower divisions, "
            "Allegri won promotion with Sassuolo, was named Serie A coach of the season at "
            "Cagliari, and won the league with Milan before five successive titles with Juventus."
        ),
    },
    {
        "slug": "andrea-pirlo",
        "full_name": "Andrea Pirlo",
        "short_name": "Pirlo",
        "birth_date": D(1979, 5, 19),
        "birth_place": "Flero, Italy",
        "nationality": "Italian",
        "biography": (
            "The former Milan and Juventus playmaker took charge of Juventus in his first job "
            "as a head coach in August 2020 and won two domestic cups in one season."
        ),
    },
    {
        "slug": "maurizio-sarri",
        "full_name": "Maurizio Sarri",
        "short_name": "Sarri",
        "birth_date": D(1959, 1, 10),
        "birth_place": "Naples, Italy",
        "nationality": "Italian",
        "biography": "Won Serie A in his only season at Juventus, 2019–20.",
    },
    {
        "slug": "antonio-conte",
        "full_name": "Antonio Conte",
        "short_name": "Conte",
        "birth_date": D(1969, 7, 31),
        "birth_place": "Lecce, Italy",
        "nationality": "Italian",
        "biography": (
            "Won three Serie A titles with Juventus from 2011 to 2014, then the 2020–21 title "
            "with Inter, which he left by mutual consent days later."
        ),
    },
    {
        "slug": "zinedine-zidane",
        "full_name": "Zinedine Zidane",
        "short_name": "Zidane",
        "birth_date": D(1972, 6, 23),
        "birth_place": "Marseille, France",
        "nationality": "French",
        "biography": "Coached Real Madrid twice, from 2016 to 2018 and from 2019 to 2021.",
        "wikidata_id": "Q1835",
    },
    {
        "slug": "davide-ballardini",
        "full_name": "Davide Ballardini",
        "short_name": "Ballardini",
        "birth_date": D(1964, 1, 6),
        "birth_place": "Ravenna, Italy",
        "nationality": "Italian",
        "biography": "Cagliari's head coach in the 2007–08 season, before Allegri.",
    },
    {
        "slug": "leonardo",
        "full_name": "Leonardo Nascimento de Araújo",
        "short_name": "Leonardo",
        "birth_date": D(1969, 9, 5),
        "birth_place": "Niterói, Brazil",
        "nationality": "Brazilian",
        "biography": "Milan's head coach in 2009–10, the season before Allegri arrived.",
    },
    {
        "slug": "clarence-seedorf",
        "full_name": "Clarence Seedorf",
        "short_name": "Seedorf",
        "birth_date": D(1976, 4, 1),
        "birth_place": "Paramaribo, Suriname",
        "nationality": "Dutch",
        "biography": "Succeeded Allegri at Milan in January 2014.",
    },
]

COMPETITIONS = [
    {"slug": "serie-a", "name": "Serie A", "kind": "league", "country": "Italy"},
    {"slug": "serie-c1", "name": "Serie C1", "kind": "league", "country": "Italy"},
    {"slug": "coppa-italia", "name": "Coppa Italia", "kind": "cup", "country": "Italy"},
    {
        "slug": "supercoppa-italiana",
        "name": "Supercoppa Italiana",
        "kind": "super_cup",
        "country": "Italy",
    },
    {
        "slug": "uefa-champions-league",
        "name": "UEFA Champions League",
        "kind": "continental",
        "country": "",
    },
]


def _season(start):
    return f"{start}–{(start + 1) % 100:02d}"


def _league(slug, start, **extra):
    return {"competition": slug, "season": _season(start), "season_start": start, **extra}


def _single(slug, year, **extra):
    return {"competition": slug, "season": str(year), "season_start": year, **extra}


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
        "honours": [_league("serie-c1", 2007, note="Promoted to Serie B")],
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
            _league("serie-a", 2010, note="Milan's first league title since 2003–04"),
            _single("supercoppa-italiana", 2011, note="Milan's sixth"),
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
        "honours": [_league("serie-a", year) for year in (2011, 2012, 2013)],
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
            *(_league("serie-a", year) for year in range(2014, 2019)),
            *(_league("coppa-italia", year) for year in range(2014, 2018)),
            _single("supercoppa-italiana", 2015),
            _single("supercoppa-italiana", 2018),
            _league("uefa-champions-league", 2014, result="runners_up"),
            _league("uefa-champions-league", 2016, result="runners_up"),
        ],
    },
    {
        "manager": "maurizio-sarri",
        "club": "juventus",
        "started_on": D(2019, 6, 16),
        "ended_on": D(2020, 8, 8),
        "departure": "sacked",
        "sources": ["https://en.wikipedia.org/wiki/Maurizio_Sarri"],
        "honours": [_league("serie-a", 2019)],
    },
    {
        "manager": "andrea-pirlo",
        "club": "juventus",
        "started_on": D(2020, 8, 8),
        "ended_on": D(2021, 5, 28),
        "departure": "sacked",
        "notes": "Dismissed after finishing fourth in Serie A.",
        "sources": ["https://en.wikipedia.org/wiki/Andrea_Pirlo"],
        "honours": [_league("coppa-italia", 2020), _single("supercoppa-italiana", 2020)],
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
        "honours": [_league("serie-a", 2020)],
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

STORY_BODY = """\
Massimiliano Allegri is on the verge of a second spell in charge of Juventus. On Thursday
evening the transfer journalist Fabrizio Romano, relaying Sky Sport Italia, reported that an
agreement between the club and the 53-year-old was imminent, and that Andrea Pirlo would be
dismissed within hours.

Allegri has been out of work since his first spell in Turin ended in 2019. In five seasons
from 2014 he won Serie A every year, the Coppa Italia four times in a row and the Supercoppa
Italiana twice, and he took Juventus to the Champions League final in 2015 and again in 2017,
losing both.

Pirlo was appointed in August 2020 in his first job as a head coach. His single season brought
the Coppa Italia and the Supercoppa Italiana, but a fourth-place finish in Serie A ended the
club's run of league titles.

While he was away, Allegri was linked with Tottenham Hotspur, Inter and Real Madrid. Real Madrid
came closest, though no formal offer was made. Both of those benches have just emptied: Antonio
Conte left Inter by mutual consent on 26 May, days after winning the league, and Zinedine Zidane
resigned at Real Madrid on 27 May.

## A career built from the lower divisions

Allegri's first job as a head coach was at Aglianese in Serie C2. After SPAL, Grosseto and a brief
spell on Udinese's coaching staff, he won Serie C1 with Sassuolo in 2007–08, earning promotion
to Serie B. Cagliari hired him in May 2008, and he was voted Serie A coach of the season for
2008–09. At Milan he won the 2010–11 league title, the club's first since 2003–04, and the 2011
Supercoppa Italiana, before being sacked in January 2014.

**Update, 28 May 2021:** Juventus announced Allegri's return. His contract was reported as
running for three years; other reports said it would last until June 2025.
"""

STORY = {
    "slug": "allegri-set-for-juventus-return",
    "headline": "Allegri set for Juventus return as Pirlo faces the sack",
    "standfirst": "Two years after leaving Turin, Massimiliano Allegri is poised to take "
    "charge of Juventus again, with Andrea Pirlo expected to go after one season.",
    "body": STORY_BODY,
    "byline": "Dugout staff",
    "status": Story.Status.PUBLISHED,
    # 20:30 in Turin on 27 May 2021, when the agreement was reported.
    "published_at": datetime.datetime(2021, 5, 27, 18, 30, tzinfo=datetime.UTC),
    # The club's announcement the next day.
    "updated_at": datetime.datetime(2021, 5, 28, 16, 0, tzinfo=datetime.UTC),
    "reliability": "reported",
    "managers": ["massimiliano-allegri", "andrea-pirlo", "antonio-conte", "zinedine-zidane"],
    "clubs": ["juventus", "inter", "real-madrid", "tottenham-hotspur"],
    # The spells the story reports: Allegri's return and the end of Pirlo's.
    "tenures": [
        ("massimiliano-allegri", "juventus", D(2021, 5, 28)),
        ("andrea-pirlo", "juventus", D(2020, 8, 8)),
    ],
    "sources": ["https://x.com/FabrizioRomano", "https://www.juventus.com/en/news"],
    "quotes": [
        {
            "speaker": "Fabrizio Romano",
            "handle": "FabrizioRomano",
            "platform": "x",
            "url": "https://x.com/FabrizioRomano",
            "said_on": D(2021, 5, 27),
            "text": "Juventus and Allegri close to an agreement; Pirlo to be dismissed within "
            "hours (relaying Sky Sport Italia).",
            "is_summary": True,
        }
    ],
}
