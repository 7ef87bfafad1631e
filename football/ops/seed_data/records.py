"""The seed's sources, clubs, managers and competitions."""

import datetime

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
        "other_names": "Juventus FC",
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
        "other_names": "AC Milan",
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
        "other_names": "Inter Milan, Internazionale",
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
        "other_names": "Tottenham",
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
        "other_names": "Max Allegri",
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
