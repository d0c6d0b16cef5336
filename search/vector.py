"""The search vector of each release (PostgreSQL full-text search)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Func, OuterRef, TextField, Value
from django.db.models.functions import Concat
from taggit.models import Tag

from people.models import Country, Official, Position
from releases.models import Release
from search import terms as search
from search.recount import releases_recount

# Search index ----------------------------------------------------------------
#
# The contract: a release's search vector is recomputed by releases_reindex() once
# every change to what it is made of has committed; search.derived calls it, no
# writer does. Data loaded raw (loaddata) needs `manage.py reindex_releases`.
# Status changes do not touch the vector: what is public is decided by
# Release.objects.published() when searching.


def _joined(queryset):
    """The strings of a one-column ``queryset`` as one text, space-separated."""
    return Func(
        ArraySubquery(queryset), Value(" "), function="array_to_string", output_field=TextField()
    )


def _as_stored(model):
    """``model``'s rows as stored, in its order: the untranslated columns (the default
    language's names, ``people.models.DefaultLanguageColumn``), whatever language is
    active, so that a vector does not depend on who saved or reindexed last."""
    return model.objects.rewrite(False).order_by(*model._meta.ordering)


def search_vector_expression():
    """A release's search vector as an SQL expression over its own row (PostgreSQL).

    Title weighs most (A), then the lead (B), the body (C), and the names of its
    officials and their positions, countries and tags (D).
    """
    release = OuterRef("pk")
    officials = _as_stored(Official).filter(releases=release).values("full_name")
    positions = (
        _as_stored(Position)
        .filter(official__releases=release)
        .annotate(text=Concat("title", Value(" "), "organisation", output_field=TextField()))
        .values("text")
    )
    countries = (
        _as_stored(Country)
        .filter(releases=release)
        .annotate(
            text=Concat(
                "name",
                Value(" "),
                "official_name",
                Value(" "),
                "other_names",
                output_field=TextField(),
            )
        )
        .values("text")
    )
    tags = Tag.objects.filter(releases_taggedrelease_items__content_object=release).values("name")
    return (
        SearchVector("title", weight="A", config=search.CONFIG)
        + SearchVector("lead", weight="B", config=search.CONFIG)
        + SearchVector("body", weight="C", config=search.CONFIG)
        + SearchVector(
            _joined(officials),
            _joined(positions),
            _joined(countries),
            _joined(tags),
            weight="D",
            config=search.CONFIG,
        )
    )


def release_index(*, release):
    """Recompute what is derived from ``release`` as saved now: search vector, filter counts."""
    releases_reindex(releases=Release.objects.filter(pk=release.pk))


def releases_reindex(*, releases=None):
    """Recompute the search vectors and the filter counts of ``releases`` (default: all).

    Returns the number of search vectors updated (0 on SQLite, which has none).
    Never changes ``version`` or ``updated_at``: reindexing is not an edit.
    """
    releases_recount(releases=releases)
    if connection.vendor != "postgresql":
        return 0
    releases = Release.objects.all() if releases is None else releases
    return releases.update(search_vector=search_vector_expression())
