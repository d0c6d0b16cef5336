"""Counting a filter's choices from the releases themselves, and naming them."""

from django.db.models import Count, Value
from taggit.models import Tag

from people.models import Country, Official, shown
from releases.models import FacetCount, Section
from releases.selectors import LINK_TABLES
from releases.tags import tag_name_expression

# kind: (model, the column a filter names it by, its label as the active language
# shows it: its column in that language, else the fallbacks')
CHOICE_LABELS = {
    "official": (Official, "slug", lambda: shown("full_name")),
    "country": (Country, "code", lambda: shown("name")),
    "tag": (Tag, "slug", tag_name_expression),
    "section": (Section, "slug", lambda: shown("name")),
}


def count_choices(releases, kinds):
    """{kind: {value id: how many of ``releases`` have it}}, the kinds in one query;
    kind "all": {0: how many} (one more query). ``releases``: a query of releases, or
    a list of their ids."""
    counts = {kind: {} for kind in kinds}
    if isinstance(releases, list):
        ids = releases
        if not ids:
            return counts
        if FacetCount.ALL in kinds:
            counts[FacetCount.ALL] = {0: len(ids)}
    else:
        ids = releases.order_by().values("pk")
        if FacetCount.ALL in kinds:
            counts[FacetCount.ALL] = {0: releases.count()}
    parts = []
    for kind in kinds:
        if kind == FacetCount.ALL:
            continue
        model, release_field, value_field = LINK_TABLES[kind]
        parts.append(
            _unrewritten(model)
            .filter(**{f"{release_field}__in": ids, f"{value_field}__isnull": False})
            .order_by()
            .values(value_field)
            .annotate(kind=Value(kind), n=Count(release_field))
            .values_list("kind", value_field, "n")
        )
    rows = parts[0].union(*parts[1:], all=True) if parts else []
    for kind, pk, n in rows:
        counts[kind][pk] = n
    return counts


def _unrewritten(model):
    """``model``'s rows without modeltranslation's rewriting of the query, which reorders
    the columns of a ``values_list`` (and a union reads them by position)."""
    manager = model.objects
    return manager.rewrite(False) if hasattr(manager, "rewrite") else manager.all()


def label_choices(counts, limit):
    """{kind: [(key, label, count)]}: the ``limit`` largest of each kind's ``counts``
    ({value id: count}, or None, kept as None), ties by label; the labels in one query."""
    wanted = {}
    for kind, found in counts.items():
        found = {pk: n for pk, n in (found or {}).items() if n > 0}
        if found:
            least = sorted(found.values(), reverse=True)[min(limit, len(found)) - 1]
            wanted[kind] = {pk: n for pk, n in found.items() if n >= least}
    parts = [
        _unrewritten(model)
        .filter(pk__in=wanted[kind])
        .order_by()
        .annotate(label=label())
        .values_list(Value(kind), "pk", key, "label")
        for kind, (model, key, label) in CHOICE_LABELS.items()
        if kind in wanted
    ]
    rows = parts[0].union(*parts[1:], all=True) if parts else []
    choices = {kind: [] for kind in counts}
    for kind, pk, key, label in rows:
        choices[kind].append((key, label, wanted[kind][pk]))
    return {
        kind: None if counts[kind] is None else sorted(c, key=lambda c: (-c[2], c[1]))[:limit]
        for kind, c in choices.items()
    }
