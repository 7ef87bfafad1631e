from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("managers/", views.manager_list, name="manager_list"),
    path("managers/<slug:slug>/", views.manager_detail, name="manager_detail"),
    path("clubs/", views.club_list, name="club_list"),
    path("clubs/<slug:slug>/", views.club_detail, name="club_detail"),
]
