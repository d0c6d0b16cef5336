"""Factories for the feed, calendar, sitemap and structured-data tests.

Countries come from the ISO list the migrations load, so ``country("KZ")``
looks one up instead of creating it.
"""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from people.models import Country, Official, Position
from releases.models import Meeting, Release
from search import recount

# Hidden states: a release in any of them must appear on no public surface.
HIDDEN_STATES = ("draft", "submitted", "scheduled", "withdrawn")


def country(code):
    return Country.objects.get(code=code)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Official Number{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.full_name))
    country = factory.LazyFunction(lambda: country("AZ"))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    title = "Member of the Milli Majlis"
    start_date = datetime.date(2020, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    date = datetime.date(2022, 3, 28)
    kind = Meeting.Kind.BILATERAL
    host_country = factory.LazyFunction(lambda: country("AZ"))

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A published release of a fixed past time; pass ``state`` for a hidden one."""

    class Meta:
        model = Release
        skip_postgeneration_save = True

    class Params:
        state = "published"

    title = factory.Sequence(lambda n: f"Release number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:300] or "release")

    # Past times an hour apart, in creation order; a scheduled release's time is to come.
    @factory.lazy_attribute_sequence
    def published_at(self, n):
        if self.state == "scheduled":
            return timezone.now() + datetime.timedelta(days=3)
        return timezone.make_aware(datetime.datetime(2022, 1, 1, 10, 0)) + datetime.timedelta(
            hours=n
        )

    body = "First paragraph of the release.\n\nSecond paragraph."
    status = factory.LazyAttribute(
        lambda o: {
            "published": Release.Status.PUBLISHED,
            "scheduled": Release.Status.PUBLISHED,
            "draft": Release.Status.DRAFT,
            "submitted": Release.Status.SUBMITTED,
            "withdrawn": Release.Status.WITHDRAWN,
        }[o.state]
    )

    @factory.lazy_attribute
    def withdrawn_at(self):
        return timezone.now() if self.state == "withdrawn" else None

    @factory.post_generation
    def officials(self, create, extracted, **kwargs):
        if create and extracted:
            self.officials.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def counted(self, create, extracted, **kwargs):
        # As the workflow does after every change: the filters count the release.
        if create:
            recount.releases_recount(releases=Release.objects.filter(pk=self.pk))
