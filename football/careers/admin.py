from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import TenureFormSet
from .models import Club, Competition, Honour, Manager, Source, Tenure


class TenureInline(admin.StackedInline):
    model = Tenure
    formset = TenureFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["manager", "club", "sources"]
    fields = [
        ("manager", "club", "role"),
        ("started_on", "started_precision"),
        ("ended_on", "ended_precision", "departure"),
        ("departure_announced_on", "contract_until", "contract_until_precision"),
        "notes",
        "sources",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("manager", "club")


class ManagerTenureInline(TenureInline):
    fk_name = "manager"


class ClubTenureInline(TenureInline):
    fk_name = "club"
    ordering = ["-started_on"]


@admin.register(Manager)
class ManagerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "short_name", "nationality", "birth_date", "modified"]
    list_filter = ["nationality"]
    search_fields = ["full_name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["full_name"]}
    date_hierarchy = "birth_date"
    inlines = [ManagerTenureInline]
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "slug"]}),
        ("Birth and nationality", {"fields": ["birth_date", "birth_place", "nationality"]}),
        (None, {"fields": ["biography", "wikidata_id"]}),
    ]


@admin.register(Club)
class ClubAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "city", "country", "founded"]
    list_filter = ["country"]
    search_fields = ["name", "short_name", "nicknames", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [ClubTenureInline]


@admin.register(Tenure)
class TenureAdmin(SimpleHistoryAdmin):
    list_display = ["manager", "club", "role", "started", "ended", "departure"]
    list_filter = ["role", "departure", "club__country"]
    list_select_related = ["manager", "club"]
    search_fields = ["manager__full_name", "manager__short_name", "club__name", "club__short_name"]
    autocomplete_fields = ["manager", "club", "sources"]
    date_hierarchy = "started_on"
    fields = TenureInline.fields

    @admin.display(description="from", ordering="started_on")
    def started(self, tenure):
        return tenure.started_display

    @admin.display(description="to", ordering="ended_on")
    def ended(self, tenure):
        return tenure.ended_display or "still in post"


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "season", "result", "club", "manager"]
    list_filter = ["result", "competition"]
    list_select_related = ["competition", "tenure__club", "tenure__manager"]
    search_fields = ["competition__name", "season", "tenure__manager__full_name"]
    autocomplete_fields = ["competition", "tenure"]

    @admin.display(ordering="tenure__club__short_name")
    def club(self, honour):
        return honour.tenure.club

    @admin.display(ordering="tenure__manager__short_name")
    def manager(self, honour):
        return honour.tenure.manager


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["publisher", "title", "published_on", "url"]
    list_filter = ["publisher"]
    search_fields = ["publisher", "title", "url"]
    date_hierarchy = "published_on"
