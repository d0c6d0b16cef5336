"""factory_boy factories for the newsroom's models.

Countries are not made up: the ISO list is loaded by a migration, so
``CountryFactory(code="KZ")`` fetches the existing row. Releases default to
published an hour ago; ``ReleaseFactory(draft=True)`` and
``ReleaseFactory(scheduled=True)`` make the two kinds the public must not see.
"""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from people.models import (
    Convocation,
    Country,
    FriendshipGroup,
    FriendshipMember,
    Membership,
    Official,
    Position,
)
from releases.models import (
    ChangeNote,
    Document,
    Meeting,
    OfficialPortrait,
    Photo,
    PressContact,
    Release,
    ReleasePhoto,
    Section,
    TagNames,
)
from search import recount

# A release in any of these states must appear on no public surface.
HIDDEN_STATES = ("draft", "submitted", "scheduled", "withdrawn")


def country(code):
    """The country of ISO code ``code``, as the migrations loaded it."""
    return Country.objects.get(code=code)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "KZ"
    name = factory.LazyAttribute(lambda o: o.code)


def spelt(en, az, ru):
    """An official's full name in English, Azerbaijani and Russian, as factory arguments:
    ``OfficialFactory(**spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"))``."""
    return {"full_name": en, "full_name_en": en, "full_name_az": az, "full_name_ru": ru}


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Official Number{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.full_name))
    country = factory.SubFactory(CountryFactory, code="AZ")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    title = factory.Sequence(lambda n: f"Member of Committee {n}")
    organisation = "Milli Majlis of the Republic of Azerbaijan"
    start_date = None
    end_date = None


class ConvocationFactory(factory.django.DjangoModelFactory):
    """A convocation by its number; the migration's 5th, 6th and 7th are fetched, not
    made again: ``ConvocationFactory(number=6)``."""

    class Meta:
        model = Convocation
        django_get_or_create = ("number",)

    number = 6
    name = factory.LazyAttribute(lambda o: f"Convocation {o.number}")
    start_date = datetime.date(2020, 3, 10)
    end_date = datetime.date(2024, 9, 22)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    official = factory.SubFactory(OfficialFactory)
    convocation = factory.SubFactory(ConvocationFactory)


class FriendshipGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FriendshipGroup

    country = factory.SubFactory(CountryFactory, code="KZ")
    convocation = factory.SubFactory(ConvocationFactory)
    name = factory.Sequence(lambda n: f"Friendship group {n}")


class FriendshipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FriendshipMember

    group = factory.SubFactory(FriendshipGroupFactory)
    official = factory.SubFactory(OfficialFactory)
    role = FriendshipMember.Role.MEMBER


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    date = datetime.date(2022, 3, 28)
    kind = Meeting.Kind.BILATERAL
    host_country = factory.SubFactory(CountryFactory, code="AZ")
    description = factory.Sequence(lambda n: f"Meeting number {n}")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


def baku(*args):
    """An aware datetime in Baku time: ``baku(2022, 3, 28, 18, 10)``."""
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


class TagNamesFactory(factory.django.DjangoModelFactory):
    """A tag's Azerbaijani and Russian names: ``TagNamesFactory(tag=tags_named(["TurkPA"])[0],
    name_ru="ТюркПА")``; a name not given stays empty (shown in English)."""

    class Meta:
        model = TagNames


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Release.Status.DRAFT)
        scheduled = factory.Trait(
            status=Release.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3)),
        )

    title = factory.Sequence(lambda n: f"Release number {n}")
    slug = factory.Sequence(lambda n: f"release-number-{n}")
    status = Release.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    body = "First paragraph.\n\nSecond paragraph."
    # Written in English (``title``, ``body`` … fill the English columns), and public in
    # English once the release is: as publishing it would have made it.
    primary_language = "en"
    published_languages = factory.LazyAttribute(
        lambda o: "en" if o.status in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN) else ""
    )

    @classmethod
    def _generate(cls, strategy, params):
        # The row, its links and tags in one transaction, as the admin saves them: what
        # is derived from them (search.derived) is computed once when it commits, not
        # once for each link set.
        if strategy != factory.enums.CREATE_STRATEGY:
            return super()._generate(strategy, params)
        with transaction.atomic():
            return super()._generate(strategy, params)

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


# A minimal PDF: what the document check reads is its first bytes.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class PhotoFactory(factory.django.DjangoModelFactory):
    """A library photo, 1000 × 600 pixels; saving it makes its renditions."""

    class Meta:
        model = Photo

    image = factory.django.ImageField(filename="talks.jpg", width=1000, height=600, format="JPEG")
    caption = factory.Sequence(lambda n: f"Caption of photo {n}")
    alt_text = factory.Sequence(lambda n: f"What photo {n} shows")
    credit = "Press service of the Milli Majlis"


class ReleasePhotoFactory(factory.django.DjangoModelFactory):
    """A photo shown on a release; ``position=0`` (the default) makes it the lead."""

    class Meta:
        model = ReleasePhoto

    release = factory.SubFactory(ReleaseFactory)
    photo = factory.SubFactory(PhotoFactory)
    position = 0


class OfficialPortraitFactory(factory.django.DjangoModelFactory):
    """An official's portrait: a library photo whose alt text is the official's name."""

    class Meta:
        model = OfficialPortrait

    official = factory.SubFactory(OfficialFactory)
    photo = factory.SubFactory(
        PhotoFactory,
        image=factory.django.ImageField(filename="portrait.jpg", width=600, height=800),
        caption="",
        alt_text=factory.SelfAttribute("..official.full_name"),
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    release = factory.SubFactory(ReleaseFactory)
    file = factory.django.FileField(filename="joint-statement.pdf", data=PDF)
    title = factory.Sequence(lambda n: f"Joint statement {n}")
    language = "en"


class PressContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressContact

    name = factory.Sequence(lambda n: f"Contact Person{n}")
    role = "Press officer"
    phone = "+994 12 555 01 02"
    email = factory.LazyAttribute(lambda o: f"{o.name.split()[-1].lower()}@example.org")


class ChangeNoteFactory(factory.django.DjangoModelFactory):
    """A public note on a correction to a published release."""

    class Meta:
        model = ChangeNote

    release = factory.SubFactory(ReleaseFactory)
    note = "Corrected the name of the delegation."


_archive_hours = itertools.count()


class ArchiveReleaseFactory(ReleaseFactory):
    """A release of a fixed past time, an hour after the one made before it (feeds,
    calendars, sitemaps and structured data compare whole documents); ``state`` makes
    one of the ``HIDDEN_STATES``."""

    class Params:
        state = "published"

    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:300] or "release")
    body = "First paragraph of the release.\n\nSecond paragraph."

    @factory.lazy_attribute
    def published_at(self):
        if self.state == "scheduled":
            return timezone.now() + datetime.timedelta(days=3)
        # Its own count, not the release sequence every test shares: the hundredth
        # archive release is still in early 2022.
        hours = next(_archive_hours)
        return timezone.make_aware(datetime.datetime(2022, 1, 1, 10, 0)) + datetime.timedelta(
            hours=hours
        )

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


class SearchReleaseFactory(ReleaseFactory):
    """A release published yesterday about parliamentary cooperation (search, filters)."""

    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:200])
    body = "The delegation discussed cooperation between the parliaments."
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class TrilingualReleaseFactory(SearchReleaseFactory):
    """A ``SearchReleaseFactory`` release written in Azerbaijani (its original), English and
    Russian (``title_az``, ``body_ru`` … to change a version), published in all three
    unless ``published_languages`` names fewer: a version written but not named is a
    draft translation, which the public must not find."""

    primary_language = "az"
    title_az = factory.Sequence(lambda n: f"Buraxılış nömrə {n}")
    slug_az = factory.Sequence(lambda n: f"buraxilis-nomre-{n}")
    body_az = "Nümayəndə heyəti parlamentlər arasında əməkdaşlığı müzakirə edib."
    title_ru = factory.Sequence(lambda n: f"Сообщение номер {n}")
    slug_ru = factory.Sequence(lambda n: f"soobshchenie-nomer-{n}")
    body_ru = "Делегация обсудила сотрудничество между парламентами."
    published_languages = factory.LazyAttribute(
        lambda o: (
            "az en ru" if o.status in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN) else ""
        )
    )


def in_state(state, **kwargs):
    """A ``SearchReleaseFactory`` release in one of the ``HIDDEN_STATES``."""
    now = timezone.now()
    if state == "draft":
        return SearchReleaseFactory(status=Release.Status.DRAFT, **kwargs)
    if state == "submitted":
        return SearchReleaseFactory(status=Release.Status.SUBMITTED, **kwargs)
    if state == "scheduled":
        return SearchReleaseFactory(published_at=now + datetime.timedelta(hours=2), **kwargs)
    if state == "withdrawn":
        return SearchReleaseFactory(status=Release.Status.WITHDRAWN, withdrawn_at=now, **kwargs)
    raise ValueError(state)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``UserFactory(groups=["Editor"])``: the groups the migration created."""
        if create and extracted:
            self.groups.set([Group.objects.get(name=name) for name in extracted])
