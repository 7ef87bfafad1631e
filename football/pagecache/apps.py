from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "football.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .middleware import on_content_change

        # Any change to a record or story makes every cached page stale.
        post_save.connect(on_content_change, dispatch_uid="page-cache-save")
        post_delete.connect(on_content_change, dispatch_uid="page-cache-delete")
        m2m_changed.connect(on_content_change, dispatch_uid="page-cache-m2m")
