"""Atom and RSS 2.0 feeds of the latest published releases.

One feed for the whole site and one per official, country and tag, each in
both formats. An entry's description is the release's summary (with its press contact);
its content is the whole body as the page shows it, sanitised the same way
(``releases.richtext``): RSS's ``content:encoded``, Atom's ``content``. Every feed
reads ``selectors.feed_releases()`` (published releases only, tags prefetched), so it
runs the same few queries whatever its length.
"""

import copy

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from public.texts import release_byline
from public.versions import version
from releases import people_selectors, selectors
from releases.tags import tag_name

# How many of the latest releases a feed carries.
FEED_LENGTH = 20


def release_summary(release):
    """The lead, or else the first paragraph of the body, as plain text: of the version
    a page in the active language shows."""
    text = version(release)
    if text.lead.strip():
        return text.lead.strip()
    paragraphs = text.paragraphs
    return paragraphs[0] if paragraphs else ""


def contact_html(contact):
    """A press contact as a paragraph of a feed entry (every part escaped)."""
    parts = [contact.name, contact.role, contact.phone, contact.email]
    return format_html(
        "<p>{}: {}</p>", _("Press contact"), ", ".join(part for part in parts if part)
    )


def tag_names(release):
    """The release's tag names in the active language, in alphabetical order (tags
    prefetched with their names: ``selectors.tags_with_names``)."""
    return sorted((tag_name(tag) for tag in release.tag_list), key=str.casefold)


def release_tag_uri(release, request):
    """A tag: URI (RFC 4151) naming the release for good: it survives a new slug or date."""
    host = get_current_site(request).domain.split(":")[0]
    created = timezone.localtime(release.created_at)
    return f"tag:{host},{created:%Y-%m-%d}:release:{release.pk}"


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 whose entries carry their whole HTML in ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_MODULE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    """Atom whose entries carry their whole HTML in ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


CONTENT_MODULE = "http://purl.org/rss/1.0/modules/content/"


class ReleaseFeed(Feed):
    """The latest releases of the whole site, as RSS 2.0; ``AtomMixin`` makes it Atom."""

    feed_type = RssWithContent
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        # Entry ids need the host the feed is read from. One feed object serves
        # every request, so each request works on its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    # The feed -------------------------------------------------------------

    def title(self, obj):
        return _("%(site)s: latest releases") % {"site": settings.NEWSROOM["SITE_NAME"]}

    def description(self, obj):
        return _("The latest press releases of the Milli Majlis of the Republic of Azerbaijan.")

    def link(self, obj):
        return reverse("releases:release_index")

    def releases(self, obj):
        return selectors.feed_releases()

    def items(self, obj):
        return self.releases(obj)[:FEED_LENGTH]

    # Entries --------------------------------------------------------------

    def item_title(self, item):
        return version(item).title

    def item_description(self, item):
        # Both formats carry the description as HTML; the text is escaped so
        # that a "<" in it is shown, not read as markup.
        description = escape(release_summary(item))
        if item.press_contact_id:
            description += contact_html(item.press_contact)
        return description

    def item_extra_kwargs(self, item):
        # The body as the release page shows it, already sanitised; the feed escapes it.
        content = version(item).body_html
        if item.press_contact_id:
            content += contact_html(item.press_contact)
        return {"content": content}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return release_tag_uri(item, self.request)

    def item_pubdate(self, item):
        # Baku time, so the feed shows the zone the press office works in.
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(max(item.updated_at, item.published_at))

    def item_author_name(self, item):
        return release_byline(item)

    def item_categories(self, item):
        return tag_names(item)


class AtomMixin:
    feed_type = AtomWithContent

    def subtitle(self, obj):
        return self.description(obj)


class OfficialReleaseFeed(ReleaseFeed):
    """Releases about one official; 404 for an official the public site does not show."""

    def get_object(self, request, slug):
        return get_object_or_404(
            people_selectors.public_officials().prefetch_related(None), slug=slug
        )

    def title(self, obj):
        return _("Releases about %(name)s") % {"name": obj.full_name}

    def description(self, obj):
        return _("The latest press releases of the Milli Majlis about %(name)s.") % {
            "name": obj.full_name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def releases(self, obj):
        return selectors.feed_releases().filter(officials=obj)


class CountryReleaseFeed(ReleaseFeed):
    """Releases about one country; 404 for a country with nothing public."""

    def get_object(self, request, code):
        country = people_selectors.public_country(code)
        if country is None:
            raise Http404("No public releases about this country.")
        return country

    def title(self, obj):
        return _("Releases about %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("The latest press releases of the Milli Majlis about %(name)s.") % {
            "name": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def releases(self, obj):
        return selectors.feed_releases().filter(countries=obj)


class TagReleaseFeed(ReleaseFeed):
    """Releases with one tag; 404 for a tag no published release carries."""

    def get_object(self, request, slug):
        tag = selectors.public_tag(slug)
        if tag is None:
            raise Http404("No published release has this tag.")
        return tag

    def title(self, obj):
        return _("Releases tagged “%(name)s”") % {"name": tag_name(obj)}

    def description(self, obj):
        return _("The latest press releases of the Milli Majlis tagged “%(name)s”.") % {
            "name": tag_name(obj)
        }

    def link(self, obj):
        return reverse("releases:tag_detail", kwargs={"slug": obj.slug})

    def releases(self, obj):
        return selectors.feed_releases().filter(tags=obj)


class ReleaseAtomFeed(AtomMixin, ReleaseFeed):
    pass


class OfficialReleaseAtomFeed(AtomMixin, OfficialReleaseFeed):
    pass


class CountryReleaseAtomFeed(AtomMixin, CountryReleaseFeed):
    pass


class TagReleaseAtomFeed(AtomMixin, TagReleaseFeed):
    pass
