"""Sidebar widgets and small display helpers for release pages."""

import datetime

from django import template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

from people.models import Convocation
from public import structured_data
from public.feeds import release_summary
from public.feeds import tag_names as release_tag_names
from public.paging import RememberedCard
from public.texts import release_byline
from public.versions import version
from releases import selectors
from releases.related import related_releases as _related_releases
from releases.tags import tag_name
from search import counts, freshness
from search import terms as search

register = template.Library()


@register.inclusion_tag("releases/includes/archive_years.html")
def archive_years(years=None):
    """Years that have published releases, newest first (two small queries; none if the
    page has read them already: ``years`` as ``counts.year_counts()``)."""
    if not years:  # not given (or no year: then asking again costs little)
        # The same value the list pages remember as ("years", ()): {year: releases}.
        years = freshness.remembered(("years", ()), counts.year_counts)
    return {"years": [datetime.date(year, 1, 1) for year in years]}


@register.inclusion_tag("releases/includes/popular_tags.html")
def popular_tags(limit=12):
    """The tags on most of the latest published releases, with their counts (one query)."""
    tags = freshness.remembered(
        ("popular_tags", get_language(), limit), lambda: selectors.popular_tags(limit)
    )
    return {"tags": tags}


@register.filter
def page_data(release):
    """``release`` with everything its page shows (``selectors.with_page_data``)."""
    return selectors.with_page_data(release)


@register.simple_tag
def related_releases(release):
    """The releases the page of ``release`` lists as related, in the page's language."""
    return _related_releases(release, language=get_language())


@register.simple_tag(takes_context=True)
def release_card(context, release, heading_level=None):
    """The card of ``release``: one made earlier (``paging.RememberedCard``) as it was,
    else rendered, and remembered when the page's paginator asked for it."""
    if isinstance(release, RememberedCard):
        return release.html
    card = context.template.engine.get_template("releases/includes/release_card.html")
    with context.push(release=release, heading_level=heading_level):
        html = card.render(context)
    memo, key = getattr(release, "card_memo", (None, None))
    if memo is not None:
        memo[key] = html
    return html


@register.filter
def card_version(release):
    """Everything a release card shows (from ``selectors.release_cards()``), as one text.

    A kept card is found by it, so a change to any of it (a title, an official's
    name, a renamed tag …) is a different card, never an out-of-date one; so is the
    same card in another language (its date).
    """
    text = version(release)
    parts = [
        get_script_prefix(),
        get_language(),
        release.pk,
        release.published_languages,
        release.primary_language,
        text.language,
        text.slug,
        release.published_at.isoformat(),
        text.title,
        text.lead,
        release.section.name if release.section_id else "",
    ]
    parts += [(o.slug, o.full_name) for o in release.card_officials]
    parts += [(t.slug, tag_name(t)) for t in release.tag_list]
    photo = release.lead_photo
    if photo is not None:
        parts += [photo.image.name, photo.alt_text, photo.width, photo.height]
    return repr(parts)  # quoted: no two different cards give the same text


@register.filter
def result_version(release, words):
    """``card_version`` for a search result: with the body it quotes and the words marked."""
    return repr([card_version(release), version(release).body, words])


@register.filter
def highlighted(text, words):
    """``text``, escaped, with the words starting with a search word in ``<mark>``.

    Done in Python on every database: PostgreSQL's ts_headline costs more than the
    rest of the search, and drops text that looks like HTML tags.
    """
    return search.highlight(text, words)


@register.filter
def matched_excerpt(text, words):
    """A short passage of a version's lead and body around the first match, marked."""
    return search.excerpt(f"{text.lead} {text.body}", words)


@register.filter
def title_on(official, moment):
    """The title ``official`` held on a date, or at a datetime's Baku date.

    Reads prefetched positions, so it adds no query.
    """
    if hasattr(moment, "hour"):
        moment = timezone.localdate(moment)
    return official.title_on(moment)


@register.filter
def summary(release):
    """The release's lead, or else its first paragraph."""
    return release_summary(release)


@register.filter
def byline(release):
    """The release's byline in the page's language (``texts.release_byline``)."""
    return release_byline(release)


@register.filter(name="tag_name")
def shown_tag_name(tag):
    """The tag's name in the page's language, else in English (names joined with it)."""
    return tag_name(tag)


@register.filter
def tag_names(release):
    """The release's tag names, alphabetically (tags prefetched)."""
    return release_tag_names(release)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as a full address on the host the page was requested from."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def release_json_ld(context, release):
    return structured_data.json_ld_script(
        structured_data.release_json_ld(release, context["request"])
    )


@register.simple_tag(takes_context=True)
def official_json_ld(context, official):
    return structured_data.json_ld_script(
        structured_data.official_json_ld(official, context["request"])
    )


@register.simple_tag(takes_context=True)
def meeting_json_ld(context, meeting):
    return structured_data.json_ld_script(
        structured_data.meeting_json_ld(meeting, context["request"])
    )


@register.simple_tag
def past_convocation(release):
    """The convocation ``release`` was published under, if that convocation has ended
    (one query); else None: a release of the sitting convocation says nothing."""
    convocation = Convocation.objects.on(timezone.localdate(release.published_at)).first()
    return convocation if convocation is not None and convocation.is_past else None
