"""Factories and helpers shared by the search and filter tests."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from people.models import Country, Official, Position
from releases.models import Release, Section
from search import vector

Status = Release.Status


def country(code):
    """Countries are the ISO list a migration loads; tests look them up."""
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
    title = "Member of Parliament"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A published release of yesterday; ``officials``, ``countries``, ``tags`` are lists.

    Indexed for search after its relations are saved, as the admin does.
    """

    class Meta:
        model = Release
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Release number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:200])
    body = "The delegation discussed cooperation between the parliaments."
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def officials(self, create, extracted, **kwargs):
        if extracted:
            self.officials.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        vector.release_index(release=self)


def in_state(state, **kwargs):
    """A release in one of the states the public must never see."""
    now = timezone.now()
    if state == "draft":
        return ReleaseFactory(status=Status.DRAFT, **kwargs)
    if state == "submitted":
        return ReleaseFactory(status=Status.SUBMITTED, **kwargs)
    if state == "scheduled":
        return ReleaseFactory(published_at=now + datetime.timedelta(hours=2), **kwargs)
    if state == "withdrawn":
        return ReleaseFactory(status=Status.WITHDRAWN, withdrawn_at=now, **kwargs)
    raise ValueError(state)


HIDDEN_STATES = ["draft", "submitted", "scheduled", "withdrawn"]
