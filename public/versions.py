"""Which version of a release a public page, feed or calendar in the active language
shows: the one rule, for templates (``language_tags``) and code alike."""

from django.utils.translation import get_language


def version(release, preview=False):
    """The version of ``release`` a page in the active language shows: that language's
    if public, else the release's public version standing in for it (``stands_in``);
    on a preview, the version in the page's language even if it is not public yet."""
    language = get_language()
    if preview and language in release.written_languages:
        return release.text_in(language)
    shown = release.public_text(language)
    if shown is not None:
        return shown
    return release.text_in(release.address_language(language))
