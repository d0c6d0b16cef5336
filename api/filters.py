"""The API's query parameters, read and checked as the public release list reads its own:
each value must name something public (``search.filtering.filter_choice``), and the list
is narrowed by the same code (``search.filtering.filter_releases``)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from people.models import Convocation
from search import filtering
from search import terms as search

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Language(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=LANGUAGES,
        required=False,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of texts and names: az, en or ru (default en)."),
    )


class _Choice(serializers.Field):
    """A slug or code that must name a public official, country, tag or section."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data):
        value = str(data).strip()
        if len(value) > 200:
            raise ValidationError(_("At most 200 characters."))
        # A NUL names nothing, and PostgreSQL refuses it in a query.
        found = filtering.filter_choice(self.kind, value) if value and "\x00" not in value else None
        if value and found is None:
            raise ValidationError(_("Nothing public is named “%(value)s”.") % {"value": value})
        return found


class ReleaseFilters(Language):
    """The filters of the public release list (/releases/), by the same names."""

    q = serializers.CharField(required=False, allow_blank=True, help_text=_("Words."))
    official = _Choice("official", help_text=_("An official's web address, e.g. sahiba-gafarova."))
    country = _Choice("country", help_text=_("A country's two-letter code, e.g. kz."))
    tag = _Choice("tag", help_text=_("A tag's web address, e.g. turkpa."))
    section = _Choice("section", help_text=_("A section's web address."))
    # "from" is a Python keyword: declared below.
    to = serializers.DateField(required=False, help_text=_("Up to this day, YYYY-MM-DD."))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(
            required=False, help_text=_("From this day, YYYY-MM-DD.")
        )
        return fields

    def validate(self, data):
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise ValidationError(_("“from” is after “to”."))
        return data

    def filters(self):
        """As ``ReleaseFilterForm.filters``: {name: object or date, "words": [...]}."""
        data = {k: v for k, v in self.validated_data.items() if k not in ("q", "lang") and v}
        data["words"] = search.query_words(self.validated_data.get("q", ""))
        return data


class OfficialFilters(Language):
    country = _Choice("country", help_text=_("A country's two-letter code, e.g. kz."))
    convocation = serializers.IntegerField(
        required=False, min_value=1, help_text=_("A convocation's number, e.g. 6.")
    )

    def validate_convocation(self, number):
        if number is None:
            return None
        convocation = Convocation.objects.filter(number=number).first()
        if convocation is None:
            raise ValidationError(_("There is no convocation %(number)s.") % {"number": number})
        return convocation


class MeetingFilters(Language):
    country = _Choice("country", help_text=_("A country's two-letter code, e.g. kz."))
    official = _Choice("official", help_text=_("An official's web address, e.g. sahiba-gafarova."))


def read(filters_class, request):
    """The validated filters of ``request``, or a 400 naming each bad parameter."""
    filters = filters_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters
