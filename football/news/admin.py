from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from .models import Correction, Quote, Story


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    fields = [
        ("speaker", "handle", "platform"),
        ("url", "said_on"),
        "text",
        "is_summary",
        "position",
    ]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


class RevertsLinksHistoryAdmin(SimpleHistoryAdmin):
    """Reverting a revision also brings back the many-to-many links it recorded.

    simple-history's revert form reads many-to-many fields from the live record, so
    saving it would keep today's links. Here the form starts from the links stored
    with the revision (for the fields the model's history tracks).
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.revision_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        version_id = getattr(request, "revision_id", None)
        if version_id is None or obj is None:
            return form_class
        revision = self.model.history.filter(pk=version_id).first()
        if revision is None:
            return form_class
        links = {}
        for field in revision._history_m2m_fields:
            if field.name in form_class.base_fields:
                target = get_m2m_reverse_field_name(field)
                rows = getattr(revision, field.name).all()
                links[field.name] = [getattr(row, f"{target}_id") for row in rows]

        class RevisionForm(form_class):
            def __init__(self, *args, **form_kwargs):
                form_kwargs["initial"] = {**links, **(form_kwargs.get("initial") or {})}
                super().__init__(*args, **form_kwargs)

        return RevisionForm


@admin.register(Story)
class StoryAdmin(RevertsLinksHistoryAdmin):
    list_display = ["headline", "status", "published_at", "reliability", "byline"]
    list_filter = ["status", "reliability", ("published_at", admin.DateFieldListFilter)]
    # No date hierarchy: its list of years reads every story (slow on SQLite at 20,000).
    show_full_result_count = False
    search_fields = ["headline", "standfirst", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["managers", "clubs", "tenures", "sources"]
    inlines = [QuoteInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "byline"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at", "reliability"]}),
        ("Links", {"fields": ["managers", "clubs", "tenures", "sources"]}),
    ]
