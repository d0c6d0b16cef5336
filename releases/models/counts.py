"""The kept filter counts: stored here, kept and read by the search app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release


class FacetCount(models.Model):
    """How many published releases of a year have two things in common: the filter counts.

    ``first`` is "all" or a key such as "country:125"; the row counts the published
    releases of ``year`` (0: every year) with ``first`` that also have the value
    ``second_kind``/``second_id`` (``second_kind`` "all": every release with
    ``first``). Kept by ``search.recount.releases_recount()`` whenever a release's
    status, time or links change. A scheduled release is counted at the first
    recount after its time has come (``manage.py count_due_releases`` runs one);
    until then readers add it themselves (``search.counts.FilterCounts``), so what
    the counts say is always what ``published()`` holds.
    """

    ALL = "all"
    KINDS = ("official", "country", "tag", "section")

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Baku year; 0 for every year."))
    first = models.CharField(_("counted among"), max_length=40)
    second_kind = models.CharField(_("kind counted"), max_length=10)
    second_id = models.BigIntegerField(_("value counted"), default=0)
    releases = models.IntegerField(_("published releases"), default=0)

    class Meta:
        verbose_name = _("filter count")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second_kind", "year", "second_id"], name="unique_facet_count"
            )
        ]

    def __str__(self):
        return f"{self.year or 'all years'}: {self.first} × {self.second_kind}:{self.second_id}"

    @staticmethod
    def key(kind, pk):
        return f"{kind}:{pk}"

    @classmethod
    def rows_for(cls, counted_as):
        """The rows (year, first, second kind, second id) that count a release with this
        ``CountedRelease.counted_as``: each once for its year and once for year 0."""
        if not counted_as:
            return []
        year, *keys = counted_as.split()
        values = [(key, *key.split(":")) for key in keys]
        rows = []
        for y in (int(year), 0):
            rows.append((y, cls.ALL, cls.ALL, 0))
            for first, kind, pk in values:
                rows.append((y, cls.ALL, kind, int(pk)))
                rows.append((y, first, cls.ALL, 0))
                # Two values of one kind are never counted together: a filter's own
                # choices are counted without it.
                rows.extend((y, first, k, int(i)) for _, k, i in values if k != kind)
        return rows


class CountedRelease(models.Model):
    """How the filter counts (FacetCount) count one release now: its Baku year and the
    officials, countries, tags and section it is about, e.g. "2022 country:16 tag:3".

    Kept with the counts by ``search.recount.releases_recount()``; no row while the
    release is not published. ``due_at`` is set while the release is scheduled:
    FacetCount does not count it yet. Apart from the release so that counting
    never rewrites the release itself.
    """

    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, primary_key=True, related_name="counted"
    )
    counted_as = models.TextField(_("counted as"))
    due_at = models.DateTimeField(
        _("to be counted from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The scheduled time of a release not counted yet; empty once counted."),
    )

    class Meta:
        verbose_name = _("counted release")

    def __str__(self):
        return self.counted_as
