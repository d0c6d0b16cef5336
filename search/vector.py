"""The search vectors of each release, one per language (PostgreSQL full-text search)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Case, Func, OuterRef, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import translation
from taggit.models import Tag

from people.models import Country, Official, Position, shown
from releases import richtext
from releases.models import Release
from releases.models.versions import LANGUAGES, column
from releases.tags import tag_name_expression
from search import terms as search
from search.recount import releases_recount

# Search index ----------------------------------------------------------------
#
# The contract: a release's search vectors are recomputed by releases_reindex() once
# every change to what they are made of has committed; search.derived calls it, no
# writer does. Data loaded raw (loaddata) needs `manage.py reindex_releases`.
# A language's vector is empty (NULL) while that version is not among
# published_languages, so a draft translation cannot be found; status changes do not
# touch the vectors: what is public is decided by Release.objects.published() when
# searching.


def _joined(queryset):
    """The strings of a one-column ``queryset`` as one text, space-separated."""
    return Func(
        ArraySubquery(queryset), Value(" "), function="array_to_string", output_field=TextField()
    )


def _as_stored(model):
    """``model``'s rows as stored, in its order, with no column chosen by the active
    language: each name below names its language's column itself."""
    return model.objects.rewrite(False).order_by(*model._meta.ordering)


def _spaced(*parts):
    """``parts`` joined by spaces, as one text."""
    pieces = [parts[0]]
    for part in parts[1:]:
        pieces += [Value(" "), part]
    return Concat(*pieces, output_field=TextField())


def _folded(expression, language):
    """``expression`` as ``language``'s vector reads it: Azerbaijani letters folded, as the
    typed words are (``terms.fold_az``)."""
    if language != "az":
        return expression
    return Func(
        expression,
        Value(search.AZ_LETTERS),
        Value(search.AZ_FOLDED),
        function="translate",
        output_field=TextField(),
    )


def _names(language):
    """The names of a release's officials, their positions, countries and tags, each in
    ``language`` where it has one, else as pages in that language show it (``shown``)."""
    release = OuterRef("pk")
    with translation.override(language):
        officials = (
            _as_stored(Official)
            .filter(releases=release)
            .annotate(text=shown("full_name"))
            .values("text")
        )
        positions = (
            _as_stored(Position)
            .filter(official__releases=release)
            .annotate(text=_spaced(shown("title"), shown("organisation")))
            .values("text")
        )
        countries = (
            _as_stored(Country)
            .filter(releases=release)
            .annotate(text=_spaced(shown("name"), shown("official_name"), shown("other_names")))
            .values("text")
        )
    # A tag's name in the language, else its English name (releases.tags.tag_name); by
    # English name, so that a vector does not depend on how the tags are numbered (a
    # restore numbers them afresh).
    tags = (
        Tag.objects.filter(releases_taggedrelease_items__content_object=release)
        .annotate(text=tag_name_expression(language))
        .order_by("name")
        .values("text")
    )
    return [_joined(officials), _joined(positions), _joined(countries), _joined(tags)]


def _body_text(language):
    """The body as words: a Markdown body without its link addresses (``](…)``), which
    readers never see; its other marks (#, *, >) are no words to the parser anyway."""
    body = column("body", language)
    without_addresses = Func(
        body,
        Value(r"\]\([^)]*\)"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Case(
        When(body_format=richtext.MARKDOWN, then=without_addresses),
        default=body,
        output_field=TextField(),
    )


def search_vector_expression(language="en"):
    """A release's search vector in ``language`` as an SQL expression over its own row
    (PostgreSQL), NULL unless that version is published.

    Title weighs most (A), then the lead (B), the body (C), and the names of its
    officials and their positions, countries and tags (D).
    """
    config = search.CONFIGS[language]

    def vector(*expressions, weight):
        folded = [_folded(e, language) for e in expressions]
        return SearchVector(*folded, weight=weight, config=config)

    text = (
        vector(column("title", language), weight="A")
        + vector(column("lead", language), weight="B")
        + vector(_body_text(language), weight="C")
        + vector(*_names(language), weight="D")
    )
    return Case(When(published_languages__contains=language, then=text), default=None)


def release_index(*, release):
    """Recompute what is derived from ``release`` as saved now: search vectors, filter counts."""
    releases_reindex(releases=Release.objects.filter(pk=release.pk))


def releases_reindex(*, releases=None):
    """Recompute the search vectors and the filter counts of ``releases`` (default: all).

    Returns the number of releases whose vectors were updated (0 on SQLite, which has
    none). Never changes ``version`` or ``updated_at``: reindexing is not an edit.
    """
    releases_recount(releases=releases)
    if connection.vendor != "postgresql":
        return 0
    releases = Release.objects.all() if releases is None else releases
    # All three in one UPDATE: each row is written once.
    return releases.update(
        **{
            search.VECTOR_FIELDS[language]: search_vector_expression(language)
            for language in LANGUAGES
        }
    )
