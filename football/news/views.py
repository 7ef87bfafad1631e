import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Story


def story_list(request):
    return render(request, "news/story_list.html", {"stories": Story.objects.published()[:20]})


def story_detail(request, year, month, day, slug):
    stories = Story.objects.all() if request.user.is_staff else Story.objects.published()
    story = get_object_or_404(stories, slug=slug)
    try:
        requested = datetime.date(year, month, day)
    except ValueError:
        raise Http404("No such date") from None
    if timezone.localdate(story.published_at) != requested:
        raise Http404("No story with that address")
    return render(request, "news/story_detail.html", {"story": story})
