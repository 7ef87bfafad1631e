from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

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
        pending = [form.instance for form in kept]
        for form in kept:
            try:
                form.instance.check_clash(pending, ignore=deleted)
            except ValidationError as error:
                form.add_error(None, error)


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
