"""The names that have a column per language (``name_az``, ``name_en``, ``name_ru`` …).

English keeps what the site held before it had three languages; a name missing in one
language is shown in the first of English, Azerbaijani and Russian that has it
(``MODELTRANSLATION_FALLBACK_LANGUAGES``).
"""

from modeltranslation.translator import TranslationOptions, register

from people.models import Convocation, Country, FriendshipGroup, Official, Position


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name", "official_name", "other_names")


@register(Official)
class OfficialTranslation(TranslationOptions):
    fields = ("full_name",)


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("title", "organisation")


@register(Convocation)
class ConvocationTranslation(TranslationOptions):
    fields = ("name",)


@register(FriendshipGroup)
class FriendshipGroupTranslation(TranslationOptions):
    fields = ("name",)
