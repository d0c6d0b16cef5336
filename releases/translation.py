"""What of the content is written once per language (docs/languages.md).

django-modeltranslation gives each field below a column per language (``title_az``,
``title_en``, ``title_ru`` …). The public side reads a release's columns through
``Release.text_in()``, which knows which versions are public; the plain attribute
(``release.title``) is the active language's column with fallbacks, for staff pages.
"""

from modeltranslation.translator import TranslationOptions, register

from releases.models import Meeting, Organisation, Photo, PressContact, Release, Section


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "lead", "body")
    # A version not written has no address: NULL, so no two clash on their day.
    empty_values = {"slug": None}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)
    empty_values = {"name": None}


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("full_name",)


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("city", "description")


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text", "credit")


@register(PressContact)
class PressContactTranslationOptions(TranslationOptions):
    fields = ("role",)
