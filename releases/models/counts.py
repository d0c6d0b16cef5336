"""The kept filter counts: stored here, kept and read by the search app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release
from releases.models.topics import Meeting


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
    # The meeting the release reported when last counted: if it reports another one
    # now, or is withdrawn, that meeting is counted again too (DossierCount).
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting counted"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("counted release")

    def __str__(self):
        return self.counted_as


class DossierCount(models.Model):
    """How many public meetings a country's dossier counts: the kept counts of
    ``releases.dossier``.

    A meeting is with a country when it is held there or one of that country's
    officials takes part. ``kind`` "host" counts the meetings with ``country_id`` of
    ``year`` held in the country ``value_id`` (0: by phone or video), so the dossier
    names their direction whichever country is home; "official" (``year`` 0) counts
    those the official ``value_id`` took part in. Kept by
    ``search.dossier_counts.meetings_recount()`` after each change commits; a meeting
    reported only by scheduled releases is counted at the first recount after the
    earliest one's time (``CountedMeeting.due_at``), until then readers add it.
    """

    HOST, OFFICIAL = "host", "official"

    country_id = models.BigIntegerField(_("country"))
    kind = models.CharField(_("kind counted"), max_length=10)
    value_id = models.BigIntegerField(_("value counted"), default=0)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("0 for every year."))
    meetings = models.IntegerField(_("public meetings"), default=0)

    class Meta:
        verbose_name = _("dossier count")
        constraints = [
            models.UniqueConstraint(
                fields=["country_id", "kind", "year", "value_id"], name="unique_dossier_count"
            )
        ]

    def __str__(self):
        return f"{self.country_id} {self.year or 'all years'}: {self.kind}:{self.value_id}"

    @classmethod
    def rows_for(cls, counted_as):
        """The rows (country id, kind, value id, year) that count a meeting with this
        ``CountedMeeting.counted_as``: per country it is with, once under its host and
        once under each official taking part."""
        if not counted_as:
            return []
        year, host, *keys = counted_as.split()
        host_id = int(host.partition(":")[2])
        values = [(kind, int(pk)) for kind, _, pk in (key.partition(":") for key in keys)]
        officials = [pk for kind, pk in values if kind == cls.OFFICIAL]
        rows = []
        for country in (pk for kind, pk in values if kind == "country"):
            rows.append((country, cls.HOST, host_id, int(year)))
            rows.extend((country, cls.OFFICIAL, official, 0) for official in officials)
        return rows


class CountedMeeting(models.Model):
    """How DossierCount counts one public meeting now: its year, its host country (0 for
    none), the countries it is with and the officials taking part, e.g. "2021 host:3
    country:3 country:16 official:7 official:9".

    No row while no published release reports the meeting. ``due_at`` is set while
    every release reporting it is scheduled: the earliest one's time, from which it
    counts (as ``CountedRelease.due_at``).
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, primary_key=True, related_name="counted"
    )
    counted_as = models.TextField(_("counted as"))
    due_at = models.DateTimeField(
        _("to be counted from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When its first release comes out, if none is out yet; empty once counted."),
    )

    class Meta:
        verbose_name = _("counted meeting")

    def __str__(self):
        return self.counted_as
