from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: seed and populate data, backups and restores, the Editors group."""

    name = "football.ops"
    verbose_name = "Operations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .analyze import analyze_after_migrate
        from .editors import ensure_editors_after_migrate

        # post_migrate is sent for apps with models only, in INSTALLED_APPS order: news
        # comes last, so every content permission exists by then, after a migrate and
        # after a test's flush alike; and it is sent once per migrate for news alone.
        news = self.apps.get_app_config("news")
        post_migrate.connect(ensure_editors_after_migrate, sender=news)
        post_migrate.connect(analyze_after_migrate, sender=news, dispatch_uid="ops.analyze")
