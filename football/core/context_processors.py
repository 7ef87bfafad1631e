from django.conf import settings


def site(request):
    """The public address, for canonical URLs and OpenGraph tags."""
    return {"SITE_URL": settings.SITE_URL}
