from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from .forms import AppointForm, TenureForm, TenureFormSet
from .models import Club, Competition, Honour, Manager, Source, Tenure
from .services import appoint, outgoing_spells


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
        "confirmed_on",
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

    def get_urls(self):
        appoint_url = path(
            "<path:object_id>/appoint/",
            self.admin_site.admin_view(self.appoint_view),
            name="careers_club_appoint",
        )
        return [appoint_url, *super().get_urls()]

    def has_appoint_permission(self, request, club):
        user = request.user
        return (
            self.has_change_permission(request, club)
            and user.has_perm("careers.add_tenure")
            and user.has_perm("careers.change_tenure")
        )

    def appoint_view(self, request, object_id):
        """One form for a change of manager: the outgoing spell ends and the new one
        starts together (services.appoint), or nothing is saved."""
        club = self.get_object(request, unquote(object_id))
        if club is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_appoint_permission(request, club):
            raise PermissionDenied
        form = AppointForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                spell = appoint(club=club, **data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self._announce(request, spell)
                change_url = reverse("admin:careers_club_change", args=[club.pk])
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Appoint a manager at {club.short_name}",
            "opts": self.opts,
            "original": club,
            "form": form,
            "media": self.media + form.media,
            # What appointing a head coach would end (the form's default role).
            "current": outgoing_spells(club).select_related("manager").first(),
        }
        return TemplateResponse(request, "admin/careers/club/appoint.html", context)

    def _announce(self, request, spell):
        text = (
            f"{spell.manager.full_name} appointed {spell.get_role_display().lower()} of "
            f"{spell.club.short_name} from {spell.started_display}."
        )
        if spell.outgoing is not None:
            ended = spell.outgoing
            text += f" {ended.manager.full_name}'s spell ended on {ended.ended_display}."
        messages.success(request, text)


@admin.register(Tenure)
class TenureAdmin(SimpleHistoryAdmin):
    form = TenureForm
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
