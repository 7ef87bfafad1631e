from django.core.management.base import BaseCommand
from django.db import transaction

from football.careers.models import Club, Competition, Honour, Manager, Role, Source, Tenure
from football.core.dates import Precision
from football.news.models import Quote, Story
from football.ops import seed_data


class Command(BaseCommand):
    help = "Load the seed records and stories. Running it again changes nothing."

    def handle(self, *args, **options):
        self.changes = 0
        with transaction.atomic():
            self.load()
        self.stdout.write(f"Seed loaded: {self.changes} records created or updated.")

    def upsert(self, model, lookup, values):
        """Create or update one row, saving only when something differs.

        Saving an unchanged row would still bump its modified time and add a revision.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
        elif all(getattr(obj, field) == value for field, value in values.items()):
            return obj
        else:
            for field, value in values.items():
                setattr(obj, field, value)
        obj.full_clean()
        obj.save()
        self.changes += 1
        return obj

    def set_links(self, obj, field, targets):
        related = getattr(obj, field)
        if set(related.values_list("pk", flat=True)) != {t.pk for t in targets}:
            related.set(targets)
            self.changes += 1

    def load(self):
        sources = {}
        for row in seed_data.SOURCES:
            values = {"title": "", "note": "", "published_on": None, **row}
            url = values.pop("url")
            sources[url] = self.upsert(Source, {"url": url}, values)

        clubs = {}
        for row in seed_data.CLUBS:
            values = {"nicknames": "", "city": "", "founded": None, "wikidata_id": "", **row}
            slug = values.pop("slug")
            clubs[slug] = self.upsert(Club, {"slug": slug}, values)

        managers = {}
        for row in seed_data.MANAGERS:
            values = {"wikidata_id": "", **row}
            slug = values.pop("slug")
            managers[slug] = self.upsert(Manager, {"slug": slug}, values)

        competitions = {}
        for row in seed_data.COMPETITIONS:
            values = dict(row)
            slug = values.pop("slug")
            competitions[slug] = self.upsert(Competition, {"slug": slug}, values)

        tenures = {}
        for row in seed_data.TENURES:
            values = {
                "role": Role.HEAD_COACH,
                "started_precision": Precision.DAY,
                "ended_on": None,
                "ended_precision": Precision.DAY,
                "departure": "",
                "departure_announced_on": None,
                "confirmed_on": None,
                "notes": "",
                **row,
            }
            honours = values.pop("honours", [])
            source_urls = values.pop("sources", [])
            lookup = {
                "manager": managers[values.pop("manager")],
                "club": clubs[values.pop("club")],
                "started_on": values.pop("started_on"),
            }
            tenure = self.upsert(Tenure, lookup, values)
            tenures[(tenure.manager.slug, tenure.club.slug, tenure.started_on)] = tenure
            self.set_links(tenure, "sources", [sources[url] for url in source_urls])
            for honour in honours:
                honour = {
                    "result": Honour.Result.WINNERS,
                    "won_precision": Precision.DAY,
                    "note": "",
                    **honour,
                }
                competition = competitions[honour.pop("competition")]
                lookup = {
                    "competition": competition,
                    "season": honour.pop("season"),
                    "tenure": tenure,
                }
                self.upsert(Honour, lookup, honour)

        values = dict(seed_data.STORY)
        slug = values.pop("slug")
        links = {
            "managers": [managers[s] for s in values.pop("managers")],
            "clubs": [clubs[s] for s in values.pop("clubs")],
            "tenures": [tenures[key] for key in values.pop("tenures")],
            "sources": [sources[url] for url in values.pop("sources")],
        }
        quotes = values.pop("quotes")
        story = self.upsert(Story, {"slug": slug}, values)
        for field, targets in links.items():
            self.set_links(story, field, targets)
        for position, quote in enumerate(quotes):
            quote = {**quote, "position": position}
            lookup = {
                "story": story,
                "speaker": quote.pop("speaker"),
                "platform": quote.pop("platform"),
            }
            self.upsert(Quote, lookup, quote)
