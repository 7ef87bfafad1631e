from django.apps import AppConfig, apps


class PageCacheConfig(AppConfig):
    name = "football.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .signals import connect

        # A change to a record or story makes stale the pages tagged with what changed
        # (football.pagecache.signals); records loaded while a page renders tag it.
        connect(apps.get_models())
