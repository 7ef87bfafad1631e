from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The reader-facing top of the site: home, search, sitemaps, robots.txt, healthz."""

    name = "football.pages"
    verbose_name = "Pages"
