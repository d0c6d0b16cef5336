"""Counting a filter's choices from the releases themselves, and naming them."""

from django.db.models import Count, Value
from taggit.models import Tag

from people.models import Country, Official, shown
from releases.models import FacetCount, Section
from releases.selectors import LINK_TABLES

# kind: (model, the column a filter names it by, its label)
CHOICE_LABELS = {
    "official": (Official, "slug", "full_name"),
    "country": (Country, "code", "name"),
    "tag": (Tag, "slug", "name"),
    "section": (Section, "slug", "name"),
}
# Labels with a column per language: read as the active language shows them.
TRANSLATED = {"official", "country"}


def _labelled(kind, model, key, label):
    """(kind, pk, key, label) of ``model``'s rows, the label in the reader's language."""
    if kind not in TRANSLATED:
        return model.objects.values_list(Value(kind), "pk", key, label)
    # Not rewritten by modeltranslation, which would move the expressions to the end.
    return model.objects.rewrite(False).values_list(Value(kind), "pk", key, shown(label))


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
            model.objects.filter(**{f"{release_field}__in": ids, f"{value_field}__isnull": False})
            .order_by()
            .values(value_field)
            .annotate(kind=Value(kind), n=Count(release_field))
            .values_list("kind", value_field, "n")
        )
    rows = parts[0].union(*parts[1:], all=True) if parts else []
    for kind, pk, n in rows:
        counts[kind][pk] = n
    return counts


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
        _labelled(kind, model, key, label).filter(pk__in=wanted[kind]).order_by()
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
