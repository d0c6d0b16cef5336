"""A release's versions: the same release written in each language it is published in.

One row holds every version (a column per language, ``releases/translation.py``); the
state, schedule and links are the row's, so all versions go public together. Which
versions the public may read is ``published_languages``, set by the workflow; a
version is *written* when it has a title and a body.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from releases import richtext

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_NAMES = dict(settings.LANGUAGES)
# Per-language columns of a release (releases/translation.py).
TEXT_FIELDS = ("title", "slug", "lead", "body")


def column(field, language):
    return f"{field}_{language}"


# What a release's address and its public versions are read from: a list that shows
# only links may load just these (``.only(*ADDRESS_FIELDS)``).
ADDRESS_FIELDS = (
    "status",
    "published_at",
    "primary_language",
    "published_languages",
    *(column(field, lang) for field in ("title", "slug") for lang in LANGUAGES),
)


def split_paragraphs(text):
    """Paragraphs: blocks separated by blank lines, Windows line ends allowed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    # A "blank" line may hold spaces or no-break spaces pasted from a word processor.
    blocks = re.split(r"\n[^\S\n]*\n", text)
    return [" ".join(line.strip() for line in b.split("\n")).strip() for b in blocks if b.strip()]


@dataclass(frozen=True)
class ReleaseText:
    """One version of a release, as its language's columns hold it."""

    language: str
    title: str
    slug: str
    lead: str
    body: str
    # Plain text or Markdown (releases/richtext.py): the release's, for every version.
    body_format: str = richtext.PLAIN
    # The reader asked for another language, which this release is not published in.
    stands_in: bool = False

    @property
    def language_name(self):
        return LANGUAGE_NAMES[self.language]

    @property
    def paragraphs(self):
        """The body's paragraphs (a Markdown body's blocks) as plain text."""
        if self.body_format == richtext.MARKDOWN:
            return richtext.text_blocks(self.body)
        return split_paragraphs(self.body)

    @property
    def body_html(self):
        """The body as safe HTML for pages and feeds."""
        return richtext.body_html(self.body, self.body_format, self.paragraphs)

    @property
    def plain_body(self):
        return "\n\n".join(self.paragraphs)


class ReleaseVersions:
    """The versions of a Release (mixed into the model)."""

    def text_in(self, language, *, stands_in=False):
        values = {f: getattr(self, column(f, language)) or "" for f in TEXT_FIELDS}
        return ReleaseText(
            language=language,
            stands_in=stands_in,
            body_format=getattr(self, "body_format", richtext.PLAIN),
            **values,
        )

    @property
    def written_languages(self):
        """Languages with a version written (title and body), in the site's order."""
        return [
            lang
            for lang in LANGUAGES
            if getattr(self, column("title", lang)) and getattr(self, column("body", lang))
        ]

    @property
    def public_languages(self):
        """Languages the public may read this release in, once the release is public.

        A published version keeps its title and body (``clean_versions``), so its
        title alone is read here: lists need not load bodies."""
        published = set((self.published_languages or "").split())
        return [
            lang for lang in LANGUAGES if lang in published and getattr(self, column("title", lang))
        ]

    def is_published_in(self, language):
        return self.is_published() and language in self.public_languages

    def shown_language(self, language):
        """The language a reader of ``language`` is shown this release in: theirs if
        that version is public, else the original, else the first public one; None
        when no version is public."""
        public = self.public_languages
        for other in [language, self.primary_language, *public]:
            if other in public:
                return other
        return None

    def public_text(self, language):
        """The version a reader of ``language`` is shown (``shown_language``), marked
        ``stands_in`` when it is another language's; None when none is public."""
        shown = self.shown_language(language)
        return None if shown is None else self.text_in(shown, stands_in=shown != language)

    def address_language(self, language):
        """The language of the version a link in ``language`` leads to: the one shown
        to the public, or for a release not yet public, the one staff would see."""
        shown = self.shown_language(language)
        if shown is not None:
            return shown
        written = [lang for lang in LANGUAGES if getattr(self, column("slug", lang))]
        for other in [language, self.primary_language, *written]:
            if other in written:
                return other
        return language

    def get_absolute_url(self, language=None):
        shown = self.address_language(language or translation.get_language())
        local = self.local_published_at
        with translation.override(shown):
            return reverse(
                "releases:release_detail",
                kwargs={
                    "year": f"{local.year:04d}",
                    "month": f"{local.month:02d}",
                    "day": f"{local.day:02d}",
                    "slug": getattr(self, column("slug", shown)) or "-",
                },
            )

    def clean_versions(self):
        """{field: message} for each published version left without its title or body."""
        errors = {}
        if self.status not in ("published", "withdrawn"):
            return errors
        for lang in (self.published_languages or "").split():
            for field in ("title", "body"):
                if not getattr(self, column(field, lang)):
                    errors[column(field, lang)] = (
                        f"The {LANGUAGE_NAMES[lang]} version is published: it keeps a {field}. "
                        "Withdraw the release to take a version down."
                    )
        return errors

    def slug_clashes(self):
        """{language: message} for each address already taken that Baku day in its
        language, read in one query."""
        slugs = {lang: getattr(self, column("slug", lang)) for lang in LANGUAGES}
        slugs = {lang: slug for lang, slug in slugs.items() if slug}
        if not slugs or self.published_at is None:
            return {}
        # A range of Baku time, not the day of each stored time: indexed, and on SQLite
        # not computed in Python for every row.
        start = timezone.localtime(self.published_at).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        same = Q()
        for lang, slug in slugs.items():
            same |= Q(**{column("slug", lang): slug})
        others = (
            type(self)
            ._base_manager.filter(
                same, published_at__gte=start, published_at__lt=start + datetime.timedelta(days=1)
            )
            .exclude(pk=self.pk)
            .values_list(*(column("slug", lang) for lang in slugs))
        )
        taken = {
            lang
            for row in others
            for lang, slug in zip(slugs, row, strict=True)
            if slug == slugs[lang]
        }
        return {
            column("slug", lang): (
                f"Another release of the same day already has the address "
                f"“{slugs[lang]}” in {LANGUAGE_NAMES[lang]}."
            )
            for lang in LANGUAGES
            if lang in taken
        }
