"""Sidebar widgets and small display helpers for release pages."""

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.inclusion_tag("releases/includes/archive_years.html")
def archive_years():
    """Years that have published releases, newest first (one query)."""
    return {"years": selectors.published_years()}


@register.inclusion_tag("releases/includes/popular_tags.html")
def popular_tags(limit=12):
    """The tags on most published releases, with their counts (one query)."""
    return {"tags": selectors.popular_tags(limit)}


@register.filter
def title_on(official, moment):
    """The title ``official`` held on a date, or at a datetime's Baku date.

    Reads prefetched positions, so it adds no query.
    """
    if hasattr(moment, "hour"):
        moment = timezone.localdate(moment)
    return official.title_on(moment)
