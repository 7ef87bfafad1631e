from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer every app stands on: text folding, Markdown, structured data,
    template tags, the small middlewares and the context processor. It imports none
    of the site's apps."""

    name = "football.core"
    verbose_name = "Core"
