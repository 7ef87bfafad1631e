import datetime

import pytest
from django.utils import timezone

from football.news.models import Story


def make_story(slug, status, published_at):
    return Story.objects.create(
        headline=slug,
        slug=slug,
        standfirst="s",
        body="b",
        byline="Dugout staff",
        status=status,
        published_at=published_at,
    )


@pytest.mark.django_db
def test_published_hides_drafts_and_future_stories():
    now = timezone.now()
    live = make_story("live", Story.Status.PUBLISHED, now - datetime.timedelta(minutes=1))
    make_story("draft", Story.Status.DRAFT, now - datetime.timedelta(days=1))
    scheduled = make_story("scheduled", Story.Status.PUBLISHED, now + datetime.timedelta(hours=1))
    assert list(Story.objects.published()) == [live]
    # once its time comes, the scheduled story appears
    later = now + datetime.timedelta(hours=2)
    assert set(Story.objects.published(now=later)) == {live, scheduled}


@pytest.mark.django_db
def test_story_address_uses_its_publication_date(seeded):
    story = Story.objects.get()
    assert story.get_absolute_url() == "/news/2021/05/27/allegri-set-for-juventus-return/"
