import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from football.careers.models import Club, Manager, Role, Tenure
from tests.careers_helpers import in_charge, predecessor, standing, successor

D = datetime.date


@pytest.mark.django_db
class TestEndBeforeStart:
    def test_the_database_refuses_an_end_before_the_start(self, make_tenure):
        tenure = make_tenure(started_on=D(2020, 1, 1))
        tenure.ended_on = D(2019, 12, 31)
        with pytest.raises(IntegrityError), transaction.atomic():
            # .update() skips every Python check: only the constraint stands in the way.
            Tenure.objects.filter(pk=tenure.pk).update(ended_on=D(2019, 12, 31))

    def test_validation_explains_it(self, make_tenure):
        tenure = make_tenure(started_on=D(2020, 1, 1))
        tenure.ended_on = D(2019, 12, 31)
        with pytest.raises(ValidationError) as error:
            tenure.full_clean()
        assert "cannot end before it starts" in str(error.value)

    def test_ending_on_the_day_it_starts_is_allowed(self, make_tenure):
        tenure = make_tenure(started_on=D(2020, 1, 1), ended_on=D(2020, 1, 1))
        tenure.full_clean()


@pytest.mark.django_db
class TestOverlap:
    def spell(self, club, start, end=None, role=Role.HEAD_COACH, **extra):
        manager = Manager.objects.create(
            full_name=f"Coach {start}", short_name="Coach", slug=f"coach-{start}-{role}"
        )
        return Tenure(
            manager=manager, club=club, role=role, started_on=start, ended_on=end, **extra
        )

    def test_same_club_and_role_is_refused_with_the_clashing_spell_named(self, make_club):
        club = make_club(short_name="Juventus")
        self.spell(club, D(2014, 7, 16), D(2019, 6, 30)).save()
        clashing = self.spell(club, D(2018, 1, 1), D(2018, 6, 30))
        with pytest.raises(ValidationError) as error:
            clashing.check_clash()
        message = " ".join(error.value.messages)
        assert "Juventus already had a head coach then" in message
        assert "Coach 2014-07-16 (16 July 2014 – 30 June 2019)" in message

    def test_an_open_ended_spell_clashes_with_anything_after_its_start(self, make_club):
        club = make_club()
        self.spell(club, D(2021, 5, 28)).save()
        with pytest.raises(ValidationError):
            self.spell(club, D(2025, 1, 1)).check_clash()
        # and a new open-ended spell clashes with an earlier open one
        with pytest.raises(ValidationError):
            self.spell(club, D(2022, 1, 1), None).check_clash()
        # but a spell that ended before it began is fine
        self.spell(club, D(2020, 1, 1), D(2021, 5, 28)).check_clash()

    def test_a_different_role_or_club_is_allowed(self, make_club):
        club, other = make_club(), make_club()
        self.spell(club, D(2014, 7, 16), D(2019, 6, 30)).save()
        self.spell(club, D(2015, 1, 1), D(2016, 1, 1), role=Role.ASSISTANT).check_clash()
        self.spell(other, D(2015, 1, 1), D(2016, 1, 1)).check_clash()

    def test_a_caretaker_may_not_overlap_a_head_coach(self, make_club):
        club = make_club(short_name="Juventus")
        self.spell(club, D(2014, 7, 16), D(2019, 6, 30)).save()
        with pytest.raises(ValidationError, match="Juventus already had a head coach then"):
            self.spell(club, D(2018, 1, 1), D(2018, 2, 1), role=Role.CARETAKER).check_clash()

    def test_assistants_serve_side_by_side(self, make_club):
        club = make_club()
        self.spell(club, D(2014, 7, 16), role=Role.ASSISTANT).save()
        self.spell(club, D(2015, 1, 1), role=Role.ASSISTANT).check_clash()

    def test_a_handover_on_the_same_day_is_allowed(self, make_club):
        club = make_club()
        self.spell(club, D(2019, 6, 16), D(2020, 8, 8)).save()
        self.spell(club, D(2020, 8, 8), D(2021, 5, 28)).check_clash()

    def test_a_successor_may_start_once_a_departure_was_announced(self, make_club):
        club = make_club()
        self.spell(
            club, D(2014, 7, 16), D(2019, 6, 30), departure_announced_on=D(2019, 5, 17)
        ).save()
        self.spell(club, D(2019, 6, 16), D(2020, 8, 8)).check_clash()
        with pytest.raises(ValidationError):
            self.spell(club, D(2019, 5, 1), D(2020, 8, 8)).check_clash()

    def test_uncertain_dates_clash_only_when_certain(self, make_club):
        club = make_club()
        # "2007 – 2008" (years) and "29 May 2008 –": the first may have ended before May 2008.
        self.spell(
            club, D(2007, 1, 1), D(2008, 1, 1), started_precision="year", ended_precision="year"
        ).save()
        self.spell(club, D(2008, 5, 29), D(2010, 4, 13)).check_clash()
        # so is one that may fall in a part of 2007 the first spell did not cover,
        self.spell(club, D(2007, 3, 1), D(2007, 4, 1)).check_clash()
        # but a spell that certainly covers part of it clashes.
        with pytest.raises(ValidationError):
            self.spell(club, D(2006, 6, 1), D(2009, 1, 1)).check_clash()

    def test_editing_a_spell_does_not_clash_with_itself(self, make_club):
        club = make_club()
        spell = self.spell(club, D(2014, 7, 16), D(2019, 6, 30))
        spell.save()
        spell.ended_on = D(2019, 7, 1)
        spell.check_clash()


@pytest.mark.django_db
def test_predecessor_and_successor_are_derived_at_juventus(seeded):
    juventus = Club.objects.get(slug="juventus")
    names = [t.manager.short_name for t in juventus.tenures.in_charge().order_by("started_on")]
    assert names == ["Conte", "Allegri", "Sarri", "Pirlo", "Allegri"]
    spells = list(juventus.tenures.order_by("started_on"))
    for before, after in zip(spells, spells[1:], strict=False):
        assert successor(before) == after
        assert predecessor(after) == before
    assert predecessor(spells[0]) is None
    assert successor(spells[-1]) is None


@pytest.mark.django_db
def test_an_assistant_has_no_place_in_the_succession(seeded):
    udinese = Tenure.objects.get(club__slug="udinese")
    assert predecessor(udinese) is None and successor(udinese) is None


@pytest.mark.django_db
class TestAllegriOnADate:
    @pytest.fixture
    def allegri(self, seeded):
        return Manager.objects.get(slug="massimiliano-allegri")

    def test_he_is_53_on_27_may_2021(self, allegri):
        assert allegri.age_on(D(2021, 5, 27)) == 53
        assert allegri.age_on(D(2021, 8, 10)) == 53
        assert allegri.age_on(D(2021, 8, 11)) == 54

    def test_out_of_work_on_27_may_2021_since_leaving_juventus(self, allegri):
        assert standing(allegri, D(2021, 5, 27)).current is None
        last = standing(allegri, D(2021, 5, 27)).last
        assert (last.club.slug, last.ended_on) == ("juventus", D(2019, 6, 30))

    def test_in_charge_of_juventus_from_28_may_2021(self, allegri):
        tenure = standing(allegri, D(2021, 5, 28)).current
        assert tenure.club.slug == "juventus" and tenure.ended_on is None
        assert standing(allegri).current == tenure

    def test_head_coach_wins_over_an_assistant_role_on_the_same_day(self, allegri):
        # In 2007 he was both on Udinese's staff and Sassuolo's head coach (year precision).
        assert standing(allegri, D(2007, 1, 1)).current.club.slug == "sassuolo"

    def test_club_in_charge_on_a_date(self, seeded):
        juventus = Club.objects.get(slug="juventus")
        assert in_charge(juventus, D(2021, 5, 27)).manager.short_name == "Pirlo"
        assert in_charge(juventus, D(2016, 1, 1)).manager.short_name == "Allegri"


@pytest.mark.django_db
def test_a_manager_or_club_with_tenures_cannot_be_deleted(make_tenure):
    tenure = make_tenure()
    with pytest.raises(ProtectedError):
        tenure.manager.delete()
    with pytest.raises(ProtectedError):
        tenure.club.delete()
    assert Tenure.objects.filter(pk=tenure.pk).exists()


@pytest.mark.django_db
def test_partial_dates_display_to_their_precision(make_tenure):
    tenure = make_tenure(
        started_on=D(2004, 6, 15),
        started_precision="year",
        ended_on=D(2005, 3, 2),
        ended_precision="month",
    )
    tenure.refresh_from_db()
    assert tenure.started_on == D(2004, 1, 1)
    assert tenure.period == "2004 – March 2005"
    assert tenure.length_on(D(2021, 5, 28)) == ""  # no exact length for approximate dates


@pytest.mark.django_db
def test_wikidata_ids_are_validated(make_manager):
    manager = make_manager()
    manager.wikidata_id = "1422"
    with pytest.raises(ValidationError, match="Wikidata"):
        manager.full_clean()
    manager.wikidata_id = "Q1422"
    manager.full_clean()
