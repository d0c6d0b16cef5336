"""Narrowing a set of releases by words and by the release list's filters."""

import datetime

from django.contrib.postgres.search import SearchRank
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    When,
)
from django.utils import timezone
from taggit.models import Tag

from people.models import Country, Official
from releases.models import Release, Section, TaggedRelease
from releases.selectors import first_of, release_cards, with_public_release
from search import terms as search

# Search and filters ------------------------------------------------------------


def _word_q(word):
    """Releases containing ``word`` anywhere searchable (the SQLite match), in any case."""
    key = search.fold(word)
    officials = Release.officials.through.objects.filter(
        Q(official__full_name__fold__contains=key)
        | Q(official__positions__title__fold__contains=key)
        | Q(official__positions__organisation__fold__contains=key)
    )
    countries = Release.countries.through.objects.filter(
        Q(country__name__fold__contains=key)
        | Q(country__official_name__fold__contains=key)
        | Q(country__other_names__fold__contains=key)
    )
    tags = TaggedRelease.objects.filter(tag__name__fold__contains=key)
    # Subqueries, not joins: a release with two matching officials stays one row.
    return (
        Q(title__fold__contains=key)
        | Q(lead__fold__contains=key)
        | Q(body__fold__contains=key)
        | Q(pk__in=officials.values("release_id"))
        | Q(pk__in=countries.values("release_id"))
        | Q(pk__in=tags.values("content_object_id"))
    )


def matching(queryset, words):
    """``queryset`` narrowed to releases matching every one of ``words``.

    PostgreSQL: the stored search vector (stemmed, prefixes); SQLite: substrings.
    """
    if not words:
        return queryset.none()
    if search.uses_full_text():
        return queryset.filter(search_vector=search.tsquery(words))
    for word in words:
        queryset = queryset.filter(_word_q(word))
    return queryset


def search_results(words, *, among=None):
    """Published releases matching ``words``, best first, ready for result cards.

    On PostgreSQL they are ranked by ``SearchRank`` (title above lead above body
    above names); on SQLite, titles containing every word come first. Ties go to
    the newest. ``among``: the ids of the matching releases, if already found.
    """
    if among is None:
        releases = matching(release_cards(), words)
    else:
        releases = release_cards().filter(pk__in=among)
    if not search.uses_full_text():
        in_title = Q()
        for word in words:
            in_title &= Q(title__fold__contains=search.fold(word))
        return releases.annotate(
            title_match=Case(When(in_title, then=1), default=0, output_field=IntegerField())
        ).order_by("-title_match", "-published_at", "-pk")
    query = search.tsquery(words)
    return releases.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
        "-rank", "-published_at", "-pk"
    )


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_releases(queryset, filters, *, skip=None):
    """``queryset`` narrowed by ``filters`` (``ReleaseFilterForm.filters``), except ``skip``.

    Dates are whole days in Baku time: ``to`` includes its day.
    """
    if filters.get("official") and skip != "official":
        queryset = queryset.filter(officials=filters["official"])
    if filters.get("country") and skip != "country":
        queryset = queryset.filter(countries=filters["country"])
    if filters.get("tag") and skip != "tag":
        queryset = queryset.filter(tags=filters["tag"])
    if filters.get("section") and skip != "section":
        queryset = queryset.filter(section=filters["section"])
    if filters.get("from"):
        queryset = queryset.filter(published_at__gte=_day_start(filters["from"]))
    if filters.get("to"):
        end = filters["to"] + datetime.timedelta(days=1)
        queryset = queryset.filter(published_at__lt=_day_start(end))
    if filters.get("words"):
        queryset = matching(queryset, filters["words"])
    return queryset


def filter_choice(name, value):
    """The official, country, tag or section ``value`` names, if a published release has it.

    One indexed check, so a filter never reveals what only drafts mention.
    """
    if name == "official":
        return first_of(with_public_release(Official.objects.filter(slug=value), name))
    if name == "country":
        return first_of(with_public_release(Country.objects.filter(code=value.upper()), name))
    if name == "tag":
        return first_of(with_public_release(Tag.objects.filter(slug=value), name))
    return Section.objects.filter(slug=value).first()
