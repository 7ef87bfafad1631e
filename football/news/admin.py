from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = ["headline", "status", "published_at", "reliability", "byline"]
    list_filter = ["status", "reliability"]
    search_fields = ["headline", "standfirst", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["managers", "clubs", "tenures", "sources"]
    inlines = [QuoteInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "byline"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at", "reliability"]}),
        ("Links", {"fields": ["managers", "clubs", "tenures", "sources"]}),
    ]
