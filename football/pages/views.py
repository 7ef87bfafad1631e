from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from football.news.models import Story


def home(request):
    stories = Story.objects.published()[:10]
    return render(request, "pages/home.html", {"stories": stories})


@never_cache
def healthz(request):
    """Liveness: the process answers. Deliberately touches no database."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", {"message": str(exception or "")}, status=400)
