from django import template
from django.utils.safestring import mark_safe

from football.pages.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown and sanitise the result (see football.pages.markup)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 just above
