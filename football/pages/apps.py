from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "football.pages"
    verbose_name = "Pages"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .cache import on_content_change
        from .editors import ensure_editors_after_migrate

        # post_migrate is sent for apps with models only, in INSTALLED_APPS order: news
        # comes last, so every content permission exists by then, after a migrate and
        # after a test's flush alike.
        post_migrate.connect(ensure_editors_after_migrate, sender=self.apps.get_app_config("news"))

        # Any change to a record or story makes every cached page stale.
        post_save.connect(on_content_change, dispatch_uid="page-cache-save")
        post_delete.connect(on_content_change, dispatch_uid="page-cache-delete")
        m2m_changed.connect(on_content_change, dispatch_uid="page-cache-m2m")
