from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "football.careers"
    verbose_name = "Careers"
