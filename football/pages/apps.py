from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "football.pages"
    verbose_name = "Pages"
