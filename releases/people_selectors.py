"""Queries for the officials and countries of the public pages. An official or a country
is public while a published release is about it or a public meeting names it."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from people.models import Country, FriendshipMember, Membership, Official, Position
from releases.models import Meeting, Release


def officials_with_memberships(officials):
    """``officials`` with their positions' convocations and their memberships (each with
    its convocation) prefetched: an official page or the API lists them."""
    return officials.prefetch_related(None).prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("convocation")),
        Prefetch("memberships", queryset=Membership.objects.select_related("convocation")),
    )


def with_portraits(officials):
    """``officials`` with their portraits' photos joined: a page showing them asks no
    more for them."""
    return officials.select_related("portrait__photo")


def of_convocation(officials, convocation):
    """``officials`` narrowed to those who sat in ``convocation`` or held a post in it."""
    return officials.filter(
        Q(pk__in=Membership.objects.filter(convocation=convocation).values("official_id"))
        | Q(pk__in=Position.objects.filter(convocation=convocation).values("official_id"))
    )


def public_countries():
    """Countries that have a published release or a public meeting."""
    return Country.objects.filter(_country_is_public())


def _country_is_public(ref="pk"):
    # EXISTS per country reads a few index entries; an IN over every published link
    # reads them all (tens of milliseconds at 100,000 releases).
    published = Release.objects.published()
    meetings = Meeting.objects.public()
    return (
        Exists(published.filter(countries=OuterRef(ref)))
        | Exists(meetings.filter(host_country=OuterRef(ref)))
        | Exists(meetings.filter(participants__country=OuterRef(ref)))
    )


def public_country(code):
    """The country with this ISO code if it has public content, else None."""
    return Country.objects.filter(code=code.upper()).filter(_country_is_public()).first()


def official_is_public(ref="pk"):
    """An SQL condition: the official ``ref`` names has a public page (``public_officials``)."""
    # EXISTS per official reads a few index entries; an IN over every published
    # link reads them all (hundreds of milliseconds at 100,000 releases).
    return Exists(Release.objects.published().filter(officials=OuterRef(ref))) | Exists(
        Meeting.objects.public().filter(participants=OuterRef(ref))
    )


def friendship_memberships(official):
    """The friendship groups ``official`` belongs to, latest convocation first, each
    membership with its group's country and convocation and ``country_has_page`` (the
    country's page is public): one query."""
    return (
        FriendshipMember.objects.filter(official=official)
        .select_related("group__country", "group__convocation")
        .annotate(country_has_page=_country_is_public("group__country_id"))
        .order_by(F("group__convocation__number").desc(nulls_last=True), "group__name", "pk")
    )


def public_officials():
    """Officials named in a published release or taking part in a public meeting.

    An official entered only for a draft stays off the public site: the name
    alone could announce a visit before the press office does.
    """
    return (
        Official.objects.filter(official_is_public())
        .select_related("country")
        .prefetch_related("positions")
    )
