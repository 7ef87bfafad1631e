"""Asking the one place that knows who was where on a day, as the pages do."""

from django.utils import timezone

from football.careers.models import Tenure, asof


def in_charge(club, on):
    return asof.in_charge(club.tenures.select_related("manager"), on)


def standing(manager, on=None):
    return asof.standing(manager.tenures.select_related("club"), on or timezone.localdate())


def predecessor(spell):
    before_id = Tenure.objects.with_neighbours().get(pk=spell.pk).before_id
    return spell.is_in_charge and Tenure.objects.filter(pk=before_id).first() or None


def successor(spell):
    after_id = Tenure.objects.with_neighbours().get(pk=spell.pk).after_id
    return spell.is_in_charge and Tenure.objects.filter(pk=after_id).first() or None
