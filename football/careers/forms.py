from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet


class TenureFormSet(BaseInlineFormSet):
    """Checks overlapping spells across every form at once.

    Ending the current head coach's spell and adding his successor's in one save
    is a normal edit: each spell is compared with the others as submitted, not
    with their stored versions.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance._clash_checked_by_formset = True
        return form

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
