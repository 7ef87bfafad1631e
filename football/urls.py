from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from football.pages.urls import sitemap_patterns

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("football.pages.urls")),
    path("", include("football.careers.urls")),
    path("news/", include("football.news.urls")),
    *sitemap_patterns,
]

handler400 = "football.pages.views.bad_request"
handler500 = "football.pages.views.server_error"
