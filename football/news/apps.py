from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "football.news"
    verbose_name = "News"
