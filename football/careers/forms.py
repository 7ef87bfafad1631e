from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from football.core.params import is_whole_number

from . import clashes
from .models import Departure, Manager, Role, Tenure


class TenureForm(forms.ModelForm):
    """One spell on its own: validated, then checked against the stored spells."""

    class Meta:
        model = Tenure
        fields = [
            "manager", "club", "role", "started_on", "started_precision", "ended_on",
            "ended_precision", "departure", "departure_announced_on", "contract_until",
            "contract_until_precision", "confirmed_on", "notes", "sources",
        ]  # fmt: skip

    def _post_clean(self):
        super()._post_clean()  # the instance is filled in and full_clean()ed here
        if not self.errors:
            try:
                self.instance.check_clash()
            except ValidationError as error:
                self.add_error(None, error)


class TenureFormSet(BaseInlineFormSet):
    """Checks overlapping spells across every form at once.

    Ending the current head coach's spell and adding his successor's in one save
    is a normal edit: each spell is compared with the others as submitted, not
    with their stored versions.
    """

    def clean(self):
        super().clean()
        deleted = set()
        kept = []
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk:
                    deleted.add(form.instance.pk)
            elif form.is_valid() and form.instance.started_on:
                kept.append(form)
        forms_by_spell = {id(form.instance): form for form in kept}
        spells = [form.instance for form in kept]
        for spell, clash in clashes.find_clashes(spells, spells, ignore=deleted):
            forms_by_spell[id(spell)].add_error(None, clashes.clash_error(clash))


class RecentSpellsFormSet(TenureFormSet):
    """The most recent spells of a club or manager (`window` of them, newest first),
    however long the history: the page and what it posts stay the same size.

    A POST edits the spells the editor was shown, named by their ids, even if another
    spell was added since the page was loaded.
    """

    window = 10

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            spells = super().get_queryset().order_by("-started_on", "-pk")
            if self.is_bound:
                ids = [self.data.get(f"{self.prefix}-{i}-id") for i in range(self.window)]
                spells = spells.filter(pk__in=[pk for pk in ids if pk and is_whole_number(pk)])
            self._queryset = spells[: self.window]
        return self._queryset

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        spell = form.instance
        # Label each row's manager and club from the spell already loaded with them.
        for name in ("manager", "club"):
            widget = getattr(form.fields.get(name), "widget", None)
            widget = getattr(widget, "widget", widget)
            if isinstance(widget, PreloadedAutocomplete) and getattr(spell, f"{name}_id"):
                related = getattr(spell, name)
                widget.labels = {str(related.pk): str(related)}
        return form


class PreloadedAutocomplete(AutocompleteSelect):
    """An autocomplete that labels its current choice from `labels` when it can, instead
    of a query per row of a tabular inline."""

    labels = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not chosen or any(pk not in self.labels for pk in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            options.append(self.create_option(name, pk, self.labels[pk], True, len(options)))
        return [(None, options, 0)]


class AppointForm(forms.Form):
    """An appointment at one club: the new spell, and how the outgoing one ended."""

    manager = forms.ModelChoiceField(queryset=Manager.objects.all())  # autocomplete: below
    role = forms.ChoiceField(choices=Role.choices, initial=Role.HEAD_COACH)
    started_on = forms.DateField(
        label="Starts on", help_text="The day the appointment takes effect."
    )
    predecessor_departure = forms.ChoiceField(
        label="How the outgoing spell ended",
        choices=[("", "---------"), *Departure.choices],
        required=False,
    )
    predecessor_ended_on = forms.DateField(
        label="Outgoing spell ended on",
        required=False,
        help_text="Leave empty when it ended the day the new one starts.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"] = forms.ModelChoiceField(
            queryset=Manager.objects.all(),
            widget=AutocompleteSelect(Tenure._meta.get_field("manager"), admin_site),
        )
        for name in ("started_on", "predecessor_ended_on"):
            self.fields[name].widget = AdminDateWidget()
