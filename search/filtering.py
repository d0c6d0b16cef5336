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
from django.utils import timezone, translation
from taggit.models import Tag

from people.models import Country, Official, Position, shown
from releases.models import Release, Section, TaggedRelease
from releases.models.versions import LANGUAGES, column
from releases.selectors import first_of, release_cards, with_public_release
from releases.tags import tag_name_expression
from search import terms as search

# Search and filters ------------------------------------------------------------


def _language(language):
    """``language``, or the active one (the page's), or English if it is none of ours."""
    language = language or translation.get_language()
    return language if language in LANGUAGES else "en"


def _folds(key, *names):
    """Any of the expressions ``names`` (annotated) contains ``key`` as ``fold`` gives it."""
    found = Q()
    for name in names:
        found |= Q(**{f"{name}__fold__contains": key})
    return found


def _word_q(word, language):
    """Releases whose ``language`` version contains ``word`` anywhere searchable (the
    SQLite match), in any case; names as pages in that language show them."""
    key = search.fold(word)
    with translation.override(language):
        officials = Official.objects.annotate(n=shown("full_name")).filter(_folds(key, "n"))
        positions = Position.objects.annotate(t=shown("title"), o=shown("organisation")).filter(
            _folds(key, "t", "o")
        )
        countries = Country.objects.annotate(
            n=shown("name"), f=shown("official_name"), o=shown("other_names")
        ).filter(_folds(key, "n", "f", "o"))
    linked = Release.officials.through.objects.filter(
        Q(official__in=officials.values("pk")) | Q(official__in=positions.values("official_id"))
    )
    in_countries = Release.countries.through.objects.filter(country__in=countries.values("pk"))
    tags = TaggedRelease.objects.alias(n=tag_name_expression(language, prefix="tag__")).filter(
        _folds(key, "n")
    )
    # Subqueries, not joins: a release with two matching officials stays one row.
    return (
        _folds(key, *(column(field, language) for field in ("title", "lead", "body")))
        | Q(pk__in=linked.values("release_id"))
        | Q(pk__in=in_countries.values("release_id"))
        | Q(pk__in=tags.values("content_object_id"))
    )


def matching(queryset, words, *, language=None):
    """``queryset`` narrowed to releases whose ``language`` version (default: the active
    language's) is published and matches every one of ``words``.

    PostgreSQL: that language's stored search vector (stemmed, prefixes); SQLite:
    substrings of that language's columns.
    """
    if not words:
        return queryset.none()
    language = _language(language)
    # The vector of an unpublished version is empty too; this keeps it unfound on SQLite,
    # and between a publication being taken back and the vector's reindexing.
    queryset = queryset.filter(published_languages__contains=language)
    if search.uses_full_text():
        field = search.VECTOR_FIELDS[language]
        return queryset.filter(**{field: search.tsquery(words, language)})
    for word in words:
        queryset = queryset.filter(_word_q(word, language))
    return queryset


def search_results(words, *, among=None, language=None):
    """Published releases matching ``words`` in ``language``, best first, ready for result
    cards.

    On PostgreSQL they are ranked by ``SearchRank`` (title above lead above body
    above names); on SQLite, titles containing every word come first. Ties go to
    the newest. ``among``: the ids of the matching releases, if already found.
    """
    language = _language(language)
    if among is None:
        releases = matching(release_cards(), words, language=language)
    else:
        releases = release_cards().filter(pk__in=among)
    if not search.uses_full_text():
        title = column("title", language)
        in_title = Q()
        for word in words:
            in_title &= Q(**{f"{title}__fold__contains": search.fold(word)})
        return releases.annotate(
            title_match=Case(When(in_title, then=1), default=0, output_field=IntegerField())
        ).order_by("-title_match", "-published_at", "-pk")
    query = search.tsquery(words, language)
    vector = F(search.VECTOR_FIELDS[language])
    return releases.annotate(rank=SearchRank(vector, query)).order_by(
        "-rank", "-published_at", "-pk"
    )


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_releases(queryset, filters, *, skip=None, language=None):
    """``queryset`` narrowed by ``filters`` (``ReleaseFilterForm.filters``), except ``skip``.

    Dates are whole days in Baku time: ``to`` includes its day. Words are looked for in
    ``language``'s versions (default: the active language's).
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
        queryset = matching(queryset, filters["words"], language=language)
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
        tags = Tag.objects.filter(slug=value).select_related("names")
        return first_of(with_public_release(tags, name))
    return Section.objects.filter(slug=value).first()
