from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from football.core import pagetags

from . import views
from .sitemaps import SITEMAPS, section

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

# Outside the app namespace: django.contrib.sitemaps reverses these names itself.
# Sitemaps list every collection and, of each record, only its address and lastmod:
# tagged with the collections (not thousands of records), so a record added, removed
# or given a new address is in them at once. Its lastmod moves with every save: rather
# than rebuild every sitemap on each (a herd of readers waiting on the index while it
# rebuilds), they are stored SITEMAP_SECONDS at most, and a lastmod is that late.
SITEMAP_SECONDS = 300
in_sitemaps = pagetags.declared(*pagetags.COLLECTIONS, records=False, seconds=SITEMAP_SECONDS)
sitemap_patterns = [
    path(
        "sitemap.xml",
        in_sitemaps(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        in_sitemaps(section),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
