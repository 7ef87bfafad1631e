from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from football.core import pagetags
from football.core.markup import render_markdown

from .models import Story


class LatestStories(Feed):
    title = "Dugout: latest news"
    description = "Appointments, departures and the reports behind them."

    def link(self):
        return reverse("news:story_list")

    def items(self):
        pagetags.declare(pagetags.STORIES)  # and the stories it shows, as the news pages
        return Story.objects.published()[:30]

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return render_markdown(story.standfirst)

    def item_author_name(self, story):
        return story.byline

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.last_modified


class LatestStoriesAtom(LatestStories):
    feed_type = Atom1Feed
    subtitle = LatestStories.description
