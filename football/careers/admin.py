import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from . import clashes
from .forms import AppointForm, PreloadedAutocomplete, RecentSpellsFormSet, TenureForm
from .models import Club, Competition, Honour, Manager, Source, SpellToConfirm, Tenure
from .services import appoint, outgoing_spells


class RetriesOverlapMixin:
    """A save refused by the database's overlap constraint (PostgreSQL: another editor's
    spell got in first) is shown as a form error: validating again names that spell."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError as error:
            if not clashes.is_overlap_violation(error):
                raise
            return super().changeform_view(request, *args, **kwargs)


class SearchThroughMixin:
    """Search a big table through the small ones it points to: each word must match a
    related row in that model admin's own search (a manager, a club...), found in the
    small table first, then the rows pointing to it are looked up by index; rather than
    LIKE over a join of every row. `search_fields` stays for the search box's help."""

    search_through = {}  # {lookup path: model whose admin search is used}
    search_local = []  # this model's own fields, matched word by word too

    def get_search_results(self, request, queryset, search_term):
        words = [
            unescape_string_literal(w) if w[0] in "\"'" else w for w in smart_split(search_term)
        ]
        for word in words:
            found = Q()
            for lookup, model in self.search_through.items():
                related = self.admin_site.get_model_admin(model)
                matches, _ = related.get_search_results(request, model.objects.all(), word)
                found |= Q(**{f"{lookup}__in": matches.values("pk")})
            for field in self.search_local:
                found |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(found)
        return queryset, False


class FetchPeersMixin:
    """Related records a list shows are fetched once for all the rows on the page."""

    def get_queryset(self, request):
        return super().get_queryset(request).fetch_mode(models.FETCH_PEERS)


class TenureInline(admin.TabularInline):
    """The most recent spells, editable together (a change of manager in one save);
    the whole history is one link away, in the spell list filtered to this record."""

    model = Tenure
    formset = RecentSpellsFormSet
    extra = 0
    max_num = RecentSpellsFormSet.window + 5  # room to add a few spells in one save
    show_change_link = True
    autocomplete_fields = ["manager", "club"]
    fields = [
        "manager", "club", "role", "started_on", "started_precision", "ended_on",
        "ended_precision", "departure", "departure_announced_on",
    ]  # fmt: skip
    verbose_name_plural = "recent spells"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("manager", "club")

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = PreloadedAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ManagerTenureInline(TenureInline):
    fk_name = "manager"


class ClubTenureInline(TenureInline):
    fk_name = "club"


class SpellsWindowMixin:
    """Tells the change form how many spells there are, and links to all of them."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            total = obj.tenures.count()
            lookup = f"{self.model._meta.model_name}__id__exact={obj.pk}"
            context["spells"] = {
                "total": total,
                "shown": min(total, RecentSpellsFormSet.window),
                "url": f"{reverse('admin:careers_tenure_changelist')}?{lookup}",
            }
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Manager)
class ManagerAdmin(RetriesOverlapMixin, SpellsWindowMixin, SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["full_name", "short_name", "nationality", "birth_date", "modified"]
    list_filter = ["nationality"]
    search_fields = ["full_name", "short_name", "other_names", "slug"]
    prepopulated_fields = {"slug": ["full_name"]}
    date_hierarchy = "birth_date"
    inlines = [ManagerTenureInline]
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "other_names", "slug"]}),
        ("Birth and nationality", {"fields": ["birth_date", "birth_place", "nationality"]}),
        (None, {"fields": ["biography", "wikidata_id"]}),
    ]


@admin.register(Club)
class ClubAdmin(RetriesOverlapMixin, SpellsWindowMixin, SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["short_name", "name", "city", "country", "founded"]
    list_filter = ["country"]
    search_fields = ["name", "short_name", "other_names", "nicknames", "slug"]
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
        for ended in spell.outgoing:
            text += f" {ended.manager.full_name}'s spell ended on {ended.ended_display}."
        messages.success(request, text)


@admin.register(Tenure)
class TenureAdmin(RetriesOverlapMixin, FetchPeersMixin, SearchThroughMixin, SimpleHistoryAdmin):
    form = TenureForm
    list_display = ["manager", "club", "role", "started", "ended", "departure"]
    list_filter = ["role", ("started_on", admin.DateFieldListFilter), "departure", "club__country"]
    # Managers and clubs are fetched for the whole page at once (get_queryset): a join
    # would lead SQLite to sort every spell instead of reading the newest from an index.
    list_select_related = ()
    ordering = ["-started_on", "-pk"]
    show_full_result_count = False
    search_fields = ["manager__full_name", "manager__short_name", "club__name", "club__short_name"]
    search_through = {"manager": Manager, "club": Club}
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

    @admin.display(description="from", ordering="started_on")
    def started(self, tenure):
        return tenure.started_display

    @admin.display(description="to", ordering="ended_on")
    def ended(self, tenure):
        return tenure.ended_display or "still in post"


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Honour)
class HonourAdmin(FetchPeersMixin, SearchThroughMixin, SimpleHistoryAdmin):
    list_display = ["competition", "season", "result", "decided", "club", "manager"]
    list_filter = ["result", "competition"]
    list_select_related = ()  # fetched for the whole page at once, as for spells
    ordering = ["-season_start", "-pk"]
    show_full_result_count = False
    search_fields = ["competition__name", "season", "tenure__manager__full_name"]
    search_through = {"competition": Competition, "tenure__manager": Manager, "tenure__club": Club}
    search_local = ["season"]
    autocomplete_fields = ["competition", "tenure"]

    @admin.display(description="decided on", ordering="won_on")
    def decided(self, honour):
        return honour.won_display

    @admin.display(ordering="tenure__club__short_name")
    def club(self, honour):
        return honour.tenure.club

    @admin.display(ordering="tenure__manager__short_name")
    def manager(self, honour):
        return honour.tenure.manager


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    show_full_result_count = False
    list_display = ["publisher", "title", "published_on", "url"]
    list_filter = ["publisher"]
    search_fields = ["publisher", "title", "url"]
    date_hierarchy = "published_on"


@admin.register(SpellToConfirm)
class SpellToConfirmAdmin(admin.ModelAdmin):
    """The review queue: running spells not confirmed for SPELLS_CONFIRM_AFTER_DAYS
    days (or never), oldest first. Confirming one is a revision by the editor."""

    list_display = ["spell", "role", "started", "confirmed_on"]
    list_display_links = None
    list_select_related = ["manager", "club"]
    list_filter = ["role", "club__country"]
    search_fields = TenureAdmin.search_fields
    show_full_result_count = False
    actions = ["confirm_today"]

    def get_queryset(self, request):
        cutoff = timezone.localdate() - datetime.timedelta(days=settings.SPELLS_CONFIRM_AFTER_DAYS)
        return (
            super()
            .get_queryset(request)
            .filter(ended_on__isnull=True)
            .filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=cutoff))
        )

    def get_ordering(self, request):
        return [F("confirmed_on").asc(nulls_first=True), "started_on", "pk"]

    @admin.display(ordering="manager__short_name")
    def spell(self, spell):
        url = reverse("admin:careers_tenure_change", args=[spell.pk])
        return format_html('<a href="{}">{} at {}</a>', url, spell.manager, spell.club)

    started = TenureAdmin.started

    # The queue is a view of the spells: whoever may change spells may work through it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("careers.view_tenure") or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("careers.change_tenure")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Confirmed today: still running", permissions=["change"])
    def confirm_today(self, request, queryset):
        today = timezone.localdate()
        spells = Tenure.objects.filter(pk__in=queryset.values("pk"))
        for spell in spells:
            spell.confirmed_on = today
            spell._change_reason = "Confirmed still running"
            spell.save(update_fields=["confirmed_on", "modified"])
        self.message_user(
            request, f"{len(spells)} spell{pluralize(len(spells))} confirmed as of today."
        )
