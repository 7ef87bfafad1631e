"""The first story: Allegri's return to Juventus, in Dugout's own words."""

import datetime

from football.news.models import Story

D = datetime.date

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
