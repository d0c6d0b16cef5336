"""What each endpoint answers, field by field: read-only, in the request's language
(activated by the view), with the public page's address of each thing."""

from django.utils import timezone
from rest_framework import serializers

from releases.tags import tag_name


def _url(context, obj, *args):
    return context["request"].build_absolute_uri(obj.get_absolute_url(*args))


def convocation_data(convocation):
    if convocation is None:
        return None
    return {
        "number": convocation.number,
        "name": convocation.name,
        "label": convocation.label,
        "start_date": convocation.start_date,
        "end_date": convocation.end_date,
    }


def convocation_on(context, date):
    """The convocation sitting on ``date``, from the list the view read once."""
    return next((c for c in context["convocations"] if c.covers(date)), None)


class CountryRef(serializers.Serializer):
    code = serializers.SerializerMethodField()
    name = serializers.CharField()

    def get_code(self, country):
        return country.code.lower()


class OfficialRef(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="full_name")
    country = serializers.SerializerMethodField()

    def get_country(self, official):
        return official.country.code.lower()


class PositionData(serializers.Serializer):
    title = serializers.CharField()
    organisation = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    convocation = serializers.SerializerMethodField()

    def get_convocation(self, position):
        return position.convocation.number if position.convocation_id else None


class OfficialData(OfficialRef):
    url = serializers.SerializerMethodField()
    title = serializers.CharField(source="current_title")
    positions = PositionData(many=True, source="positions.all")
    convocations = serializers.SerializerMethodField()

    def get_url(self, official):
        return _url(self.context, official)

    def get_convocations(self, official):
        return [convocation_data(m.convocation) for m in official.memberships.all()]


class CountryData(CountryRef):
    official_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    releases = serializers.SerializerMethodField()

    def get_url(self, country):
        return _url(self.context, country)

    def get_releases(self, country):
        return self.context["release_counts"].get(country.pk, 0)


class MeetingData(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    date = serializers.DateField()
    kind = serializers.CharField()
    kind_name = serializers.CharField(source="get_kind_display")
    city = serializers.CharField()
    host_country = serializers.SerializerMethodField()
    description = serializers.CharField()
    participants = OfficialRef(many=True, source="participants.all")
    url = serializers.SerializerMethodField()

    def get_host_country(self, meeting):
        return meeting.host_country.code.lower() if meeting.host_country_id else None

    def get_url(self, meeting):
        return _url(self.context, meeting)


class MeetingWithReleases(MeetingData):
    releases = serializers.SerializerMethodField()

    def get_releases(self, meeting):
        language = self.context["language"]
        return [
            self.context["request"].build_absolute_uri(release.get_absolute_url(language))
            for release in meeting.public_releases
        ]


class ReleaseData(serializers.Serializer):
    """A release's version in the request's language (the list holds only releases
    published in it), with each official's title as it was on the day."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    published_at = serializers.SerializerMethodField()
    languages = serializers.ListField(source="public_languages")
    title = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField()
    paragraphs = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    officials = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    meeting = serializers.IntegerField(source="meeting_id")
    convocation = serializers.SerializerMethodField()

    def _text(self, release):
        return release.text_in(self.context["language"])

    def get_url(self, release):
        return _url(self.context, release, self.context["language"])

    def get_published_at(self, release):
        return timezone.localtime(release.published_at).isoformat()

    def get_title(self, release):
        return self._text(release).title

    def get_lead(self, release):
        return self._text(release).lead

    def get_paragraphs(self, release):
        return self._text(release).paragraphs

    def get_section(self, release):
        return release.section.name if release.section_id else None

    def get_officials(self, release):
        day = timezone.localdate(release.published_at)
        return [
            {**OfficialRef(official).data, "title": official.title_on(day)}
            for official in release.officials.all()
        ]

    def get_countries(self, release):
        return [country.code.lower() for country in release.countries.all()]

    def get_tags(self, release):
        return [tag_name(tag) for tag in release.tag_list]

    def get_convocation(self, release):
        """The convocation the release was published under, and whether it has ended."""
        convocation = convocation_on(self.context, timezone.localdate(release.published_at))
        data = convocation_data(convocation)
        if data is not None:
            data["past"] = convocation.is_past
        return data
