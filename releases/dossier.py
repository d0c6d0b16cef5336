"""A country's bilateral dossier: its meetings with the home country's parliament, year by
year and in each direction, the people on both sides, the organisations they meet in, and
the home parliament's friendship group with it.

Only meetings that a published release reports count (``Meeting.objects.public()``), as on
every public page. Every part is a fixed number of queries, whatever the number of
meetings: the counts are read from the kept counts (``DossierCount`` per year, host and
official; the filter counts' ``FacetCount`` of the country's releases per tag, kept by
``search``), with what has come out since they were last counted added here; the lists
are the latest few.
"""

import dataclasses

from django.db.models import (
    Case,
    CharField,
    F,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy as _

from people.models import (
    Country,
    FriendshipGroup,
    FriendshipMember,
    Official,
    home_country_code,
    shown,
)
from releases.dossier_counts import KeptCounts, officials_met, organisations
from releases.models import Meeting
from releases.people_selectors import official_is_public

# Where a meeting took place, seen from the home country.
OUTGOING, INCOMING, ELSEWHERE, REMOTE = "outgoing", "incoming", "elsewhere", "remote"
# Their labels name the two countries: "In Kazakhstan: our visits".
DIRECTIONS = {
    OUTGOING: _("In %(country)s: our visits"),
    INCOMING: _("In %(home)s: their visits"),
    ELSEWHERE: _("On third ground: assemblies and sessions"),
    REMOTE: _("By phone or video"),
}
LISTED = 10  # meetings listed per direction; the CSV has them all
PEOPLE = 30  # officials listed per side


def home_country():
    return Country.objects.filter(code=home_country_code()).first()


def meetings_with(country, meetings=None):
    """The meetings (``meetings``, public ones by default) held in ``country`` or with
    one of its officials taking part."""
    meetings = Meeting.objects.public() if meetings is None else meetings
    taking_part = Meeting.participants.through.objects.filter(official__country=country)
    return meetings.filter(Q(host_country=country) | Q(pk__in=taking_part.values("meeting_id")))


def direction(country, home):
    """An SQL expression: a meeting's direction (``DIRECTIONS``) as seen from ``home``."""
    whens = [
        When(host_country__isnull=True, then=Value(REMOTE)),
        When(host_country=country, then=Value(OUTGOING)),
    ]
    if home is not None:
        whens.append(When(host_country=home, then=Value(INCOMING)))
    return Case(*whens, default=Value(ELSEWHERE), output_field=CharField())


def direction_label(key, country, home):
    """The direction ``key`` named in the active language, with the countries' names."""
    names = {"country": country.name, "home": home.name if home else ""}
    return str(DIRECTIONS[key]) % names


@dataclasses.dataclass
class Year:
    year: int
    counts: dict  # direction: number of meetings
    total: int


@dataclasses.dataclass
class Dossier:
    country: Country
    home: Country | None
    years: list  # of Year, every year from the first meeting to the last
    totals: dict  # direction: number of meetings
    latest: dict  # direction: the latest meetings (``LISTED``), with participants
    their_officials: list  # of Official, with ``meeting_count``
    our_officials: list
    organisations: list  # of Tag, with ``release_count``, ``shown`` and ``organisation``
    group: FriendshipGroup | None  # with ``member_list``

    @property
    def total(self):
        return sum(self.totals.values())

    @property
    def most_in_a_year(self):
        return max((year.total for year in self.years), default=0)

    def label(self, key):
        return direction_label(key, self.country, self.home)

    def sections(self):
        """Each direction as {key, label, count, meetings (the latest)}, in the order shown."""
        return [
            {
                "key": key,
                "label": self.label(key),
                "count": self.totals[key],
                "meetings": self.latest[key],
            }
            for key in DIRECTIONS
        ]

    @property
    def meetings(self):
        """The meetings listed, newest first."""
        listed = [m for meetings in self.latest.values() for m in meetings]
        return sorted(listed, key=lambda m: (m.date, m.pk), reverse=True)


def country_dossier(country):
    """The dossier of ``country`` (not the home country: it has no dossier with itself)."""
    home = home_country()
    meetings = meetings_with(country)
    counted = KeptCounts(country)
    years, totals = _counts(counted, country, home)
    return Dossier(
        country=country,
        home=home,
        years=years,
        totals=totals,
        latest=_latest(meetings, country, home),
        their_officials=officials_met(counted, country, PEOPLE),
        our_officials=officials_met(counted, home, PEOPLE) if home else [],
        organisations=organisations(counted),
        group=friendship_group(country),
    )


def _direction_of(host, country, home):
    """The direction (``DIRECTIONS``) of a meeting held in ``host`` (a country id, 0: none)."""
    if not host:
        return REMOTE
    if host == country.pk:
        return OUTGOING
    if home is not None and host == home.pk:
        return INCOMING
    return ELSEWHERE


def _counts(counted, country, home):
    by_year, totals = {}, dict.fromkeys(DIRECTIONS, 0)
    for (year, host), n in counted.hosts().items():
        key = _direction_of(host, country, home)
        by_year.setdefault(year, dict.fromkeys(DIRECTIONS, 0))[key] += n
        totals[key] += n
    if not by_year:
        return [], totals
    years = []
    for year in range(min(by_year), max(by_year) + 1):
        counts = by_year.get(year, dict.fromkeys(DIRECTIONS, 0))
        years.append(Year(year=year, counts=counts, total=sum(counts.values())))
    return years, totals


def with_participants(meetings):
    """Meetings with their place and participants (each with a country) in one more query."""
    return meetings.select_related("host_country").prefetch_related(
        Prefetch("participants", queryset=Official.objects.select_related("country"))
    )


def _in_direction(meetings, key, country, home):
    """``meetings`` narrowed to those of direction ``key`` (the cases of ``direction``)."""
    if key == REMOTE:
        return meetings.filter(host_country__isnull=True)
    if key == OUTGOING:
        return meetings.filter(host_country=country)
    if key == INCOMING:
        return meetings.filter(host_country=home) if home else meetings.none()
    return (
        meetings.filter(host_country__isnull=False)
        .exclude(host_country=country)
        .exclude(host_country=home)
    )


def _latest(meetings, country, home):
    """The latest ``LISTED`` of each direction: a query each, which reads the date index
    from the newest and stops after a few, then their participants in one query."""
    latest = {
        key: list(
            _in_direction(meetings, key, country, home)
            .select_related("host_country")
            .order_by("-date", "-pk")[:LISTED]
        )
        for key in DIRECTIONS
    }
    prefetch_related_objects(
        [m for listed in latest.values() for m in listed],
        Prefetch("participants", queryset=Official.objects.select_related("country")),
    )
    return latest


def friendship_group(country):
    """The home parliament's latest friendship group with ``country``, with its members in
    ``member_list`` (heads first; ``has_page``: the official's page is public), or None."""
    members = (
        FriendshipMember.objects.select_related("official__country")
        .annotate(has_page=official_is_public("official_id"))
        .order_by(FriendshipMember.ROLE_ORDER, shown("official__full_name"), "pk")
    )
    return (
        FriendshipGroup.objects.filter(country=country)
        .select_related("convocation")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="member_list"))
        .order_by(F("convocation__number").desc(nulls_last=True), "-pk")
        .first()
    )


def meeting_rows(country):
    """Every public meeting with ``country``, oldest first, with its direction and
    participants, for a download: read in chunks, a fixed number of queries per chunk."""
    home = home_country()
    meetings = with_participants(
        meetings_with(country).annotate(direction=direction(country, home))
    ).order_by("date", "pk")
    return meetings.iterator(chunk_size=500)
