import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from football.careers.models import Club, Competition, Honour, Manager, Source, Tenure
from football.core.dates import Precision
from football.news.models import Quote, Story
from football.ops import synthetic
from football.ops.analyze import refresh_statistics
from football.pagecache.store import bump_content_version

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic managers, clubs, spells, honours and stories for "
        "scale tests. The seed data is never changed; slugs start with synthetic-<seed>-."
    )

    def add_arguments(self, parser):
        parser.add_argument("--managers", type=int, default=1000)
        parser.add_argument("--clubs", type=int, default=100)
        parser.add_argument("--stories", type=int, default=2000)
        parser.add_argument(
            "--tenures-per-manager", type=int, default=10, help="Average spells per manager."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        managers, clubs = options["managers"], options["clubs"]
        stories, seed = options["stories"], options["seed"]
        if managers < 1 or clubs < 1 or stories < 0:
            raise CommandError("Give at least one manager and one club.")
        prefix = synthetic.prefix(seed)
        if Manager.objects.filter(slug__startswith=prefix).exists():
            raise CommandError(
                f"Synthetic data for seed {seed} is already there; use another --seed."
            )
        self.started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            self.populate(rng, seed, managers, clubs, stories, options["tenures_per_manager"])
        command = refresh_statistics(connection)
        self.say(f"statistics updated ({command})")
        bump_content_version()
        self.say("done")

    def say(self, message):
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")
        self.stdout.flush()

    def populate(self, rng, seed, n_managers, n_clubs, n_stories, per_manager):
        prefix = synthetic.prefix(seed)
        competitions = Competition.objects.bulk_create(
            Competition(
                name=f"{name} ({seed})",
                slug=f"{prefix}competition-{i + 1}",
                kind=kind,
                country="" if kind == "continental" else "Synthetica",
            )
            for i, (kind, name) in enumerate(synthetic.COMPETITIONS)
        )
        comp_choices = [(c.pk, c.kind) for c in competitions]

        clubs = Club.objects.bulk_create(
            (Club(**row).set_search_text() for row in synthetic.club_rows(rng, n_clubs, seed)),
            batch_size=BATCH,
        )
        club_ids = [c.pk for c in clubs]
        self.say(f"{len(club_ids)} clubs")

        spells = synthetic.club_chains(rng, n_clubs, n_managers * per_manager)
        began, dropped = synthetic.assign_managers(rng, spells, n_managers)
        honour_count = synthetic.add_honours(rng, spells, comp_choices)

        rows = synthetic.manager_rows(rng, n_managers, seed)
        for m, row in enumerate(rows):
            first = began[m] or synthetic.HORIZON
            row["birth_date"] = first - datetime.timedelta(days=rng.randint(33 * 365, 50 * 365))
        manager_ids = []
        for start in range(0, len(rows), BATCH):
            created = Manager.objects.bulk_create(
                Manager(**r).set_search_text() for r in rows[start : start + BATCH]
            )
            manager_ids.extend(m.pk for m in created)
        self.say(f"{len(manager_ids)} managers")

        spells = [s for s in spells if s.manager >= 0]
        tenure_ids = []
        for start in range(0, len(spells), BATCH):
            batch = spells[start : start + BATCH]
            created = Tenure.objects.bulk_create(
                Tenure(
                    manager_id=manager_ids[s.manager],
                    club_id=club_ids[s.club],
                    role=s.role,
                    started_on=s.started_on,
                    started_precision=Precision.DAY,
                    ended_on=s.ended_on,
                    ended_precision=Precision.DAY,
                    departure=s.departure,
                )
                for s in batch
            )
            tenure_ids.extend(t.pk for t in created)
            self.say(f"{len(tenure_ids)} / {len(spells)} spells")
        if dropped:
            self.say(f"{dropped} spells left vacant: no manager was free")

        Honour.objects.bulk_create(
            (
                Honour(
                    competition_id=comp,
                    season=season,
                    season_start=year,
                    result=result,
                    won_on=won_on,
                    tenure_id=tenure_ids[i],
                )
                for i, s in enumerate(spells)
                for comp, season, year, result, won_on in s.honours
            ),
            batch_size=BATCH,
        )
        # Their spells changed with them (Tenure.changed, the sitemaps' lastmod), as
        # Honour.save would have said.
        won = [tenure_ids[i] for i, s in enumerate(spells) if s.honours]
        now = timezone.now()
        for start in range(0, len(won), BATCH):
            Tenure.objects.filter(pk__in=won[start : start + BATCH]).update(changed=now)
        self.say(f"{honour_count} honours")

        self.create_stories(rng, seed, n_stories, spells, tenure_ids, manager_ids, club_ids)

    def create_stories(self, rng, seed, count, spells, tenure_ids, manager_ids, club_ids):
        prefix = synthetic.prefix(seed)
        source = Source.objects.create(
            url=f"https://example.com/{prefix}source",
            publisher="Synthetic Wire",
            title=f"Synthetic source ({seed})",
        )
        Through = {f: getattr(Story, f).through for f in ("managers", "clubs", "tenures")}
        links = {f: [] for f in Through}
        story_sources = []
        quotes = []
        made = 0
        while made < count:
            batch = []
            for i in range(made, min(made + BATCH, count)):
                k = rng.randrange(len(spells))
                spell = spells[k]
                leaving = spell.ended_on is not None and rng.random() < 0.4
                day = spell.ended_on if leaving else spell.started_on
                roll = rng.random()
                if roll < 0.05:
                    status, when = Story.Status.DRAFT, self.at(day, rng)
                elif roll < 0.08:
                    status = Story.Status.PUBLISHED
                    when = synthetic.SCHEDULED_FROM + datetime.timedelta(
                        days=rng.randint(0, 365), minutes=rng.randint(0, 600)
                    )
                else:
                    status, when = Story.Status.PUBLISHED, self.at(day, rng)
                verb = "leaves" if leaving else "appointed at"
                headline = f"Synthetic {i + 1}: manager {verb} club"
                batch.append(
                    (
                        Story(
                            headline=headline,
                            slug=f"{prefix}story-{i + 1}",
                            standfirst=f"A synthetic story about a spell that began on {spell.started_on:%d %B %Y}.",
                            body="A generated story.\n\nIt has **two** paragraphs and a [link](https://example.com/).",
                            byline="Synthetic Desk",
                            status=status,
                            published_at=when,
                            reliability=rng.choice(("official", "reported", "rumour")),
                        ),
                        k,
                    )
                )
            created = Story.objects.bulk_create([story for story, _ in batch])
            for story, (_, k) in zip(created, batch, strict=True):
                spell = spells[k]
                links["managers"].append(
                    Through["managers"](story_id=story.pk, manager_id=manager_ids[spell.manager])
                )
                links["clubs"].append(
                    Through["clubs"](story_id=story.pk, club_id=club_ids[spell.club])
                )
                links["tenures"].append(
                    Through["tenures"](story_id=story.pk, tenure_id=tenure_ids[k])
                )
                story_sources.append(Story.sources.through(story_id=story.pk, source_id=source.pk))
                if rng.random() < 0.3:
                    quotes.append(
                        Quote(
                            story_id=story.pk,
                            speaker="A synthetic spokesperson",
                            platform="statement",
                            said_on=story.published_at.date(),
                            text="We thank him for his work.",
                        )
                    )
            made += len(created)
            self.say(f"{made} / {count} stories")
        for field, rows in links.items():
            Through[field].objects.bulk_create(rows, batch_size=BATCH)
        Story.sources.through.objects.bulk_create(story_sources, batch_size=BATCH)
        Quote.objects.bulk_create(quotes, batch_size=BATCH)
        self.say(f"story links and {len(quotes)} quotes")

    @staticmethod
    def at(day, rng):
        return datetime.datetime.combine(
            day, datetime.time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))), datetime.UTC
        )
