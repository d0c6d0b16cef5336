"""The site's own texts in the language of the page: its name, the signature, the
department's byline and the standing paragraph (``settings.NEWSROOM_LANGUAGE_TEXTS``)."""

from django.conf import settings
from django.utils.translation import get_language


def _language(language=None):
    # "ru-ru" is Russian; None (translation switched off) is English.
    return (language or get_language() or "en").split("-")[0]


def newsroom_texts(language=None):
    """``settings.NEWSROOM`` with the signature, byline and standing paragraph of
    ``language`` (the active one by default); English where a language has none."""
    texts = settings.NEWSROOM_LANGUAGE_TEXTS
    return {**settings.NEWSROOM, **texts.get(_language(language), texts["en"])}


def release_byline(release, language=None):
    """The release's byline: the department's name in ``language`` (the active one by
    default) if the release carries it in any language; any other byline as written."""
    departments = {texts["DEFAULT_BYLINE"] for texts in settings.NEWSROOM_LANGUAGE_TEXTS.values()}
    if release.byline in departments:
        return newsroom_texts(language)["DEFAULT_BYLINE"]
    return release.byline
