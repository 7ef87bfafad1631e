from django.urls import path, register_converter

from . import views
from .feeds import LatestStories, LatestStoriesAtom


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class FourDigits(TwoDigits):
    """A year as the address writes it: exactly four digits, so a huge or padded
    number never reaches the view (datetime.date would overflow on it)."""

    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(TwoDigits, "2d")
register_converter(FourDigits, "4d")

app_name = "news"

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("feed/", LatestStories(), name="feed_rss"),
    path("feed/atom/", LatestStoriesAtom(), name="feed_atom"),
    path("<4d:year>/<2d:month>/<2d:day>/<slug:slug>/", views.story_detail, name="story_detail"),
]
