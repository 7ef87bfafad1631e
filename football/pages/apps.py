from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "football.pages"
    verbose_name = "Pages"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import on_content_change

        # Any change to a record or story makes every cached page stale.
        post_save.connect(on_content_change, dispatch_uid="page-cache-save")
        post_delete.connect(on_content_change, dispatch_uid="page-cache-delete")
        m2m_changed.connect(on_content_change, dispatch_uid="page-cache-m2m")
