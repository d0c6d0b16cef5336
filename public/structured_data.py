"""schema.org JSON-LD for release, official and meeting pages.

Builders return plain dicts from objects the page has already loaded (with
their prefetches), so they add no query; ``json_ld_script`` writes one into
the page so that no text in it can close the script element.
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from public.feeds import release_summary, tag_names
from public.texts import release_byline
from public.versions import version
from releases.models import portrait_of

# The same escapes as django.utils.html.json_script: "<", ">" and "&" never
# appear literally, so "</script>" inside a title cannot end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``<script type="application/ld+json">`` holding ``data``, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


def meeting_name(meeting):
    """e.g. "Visit: Sahiba Gafarova, Maulen Ashimbayev" (participants prefetched)."""
    names = ", ".join(official.full_name for official in meeting.participants.all())
    kind = meeting.get_kind_display()
    return f"{kind}: {names}" if names else kind


def meeting_place(meeting):
    """e.g. "Astana, Kazakhstan"; "" for a call with no place."""
    country = meeting.host_country.name if meeting.host_country else ""
    return ", ".join(part for part in (meeting.city, country) if part)


def meeting_start(meeting):
    """The meeting's day, or its date and time in Baku time when the time is known."""
    if meeting.time is None:
        return meeting.date
    return datetime.datetime.combine(
        meeting.date, meeting.time, tzinfo=timezone.get_default_timezone()
    )


def _person(official, request, on_date=None):
    person = {
        "@type": "Person",
        "name": official.full_name,
        "url": request.build_absolute_uri(official.get_absolute_url()),
    }
    title = official.title_on(on_date) if on_date else ""
    if title:
        person["jobTitle"] = title
    return person


def _country(country, request):
    return {
        "@type": "Country",
        "name": country.name,
        "url": request.build_absolute_uri(country.get_absolute_url()),
    }


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM["PUBLISHER"],
        "url": request.build_absolute_uri(reverse("releases:home")),
    }


def release_json_ld(release, request):
    """A ``NewsArticle`` for a public release page."""
    url = request.build_absolute_uri(release.get_absolute_url())
    published = timezone.localtime(release.published_at)
    modified = timezone.localtime(max(release.updated_at, release.published_at))
    text = version(release)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "inLanguage": text.language,
        "description": release_summary(release),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "author": {"@type": "Organization", "name": release_byline(release)},
        "publisher": publisher(request),
    }
    about = [_person(o, request, published.date()) for o in release.officials.all()]
    about += [_country(c, request) for c in release.countries.all()]
    if about:
        data["about"] = about
    if release.section:
        data["articleSection"] = release.section.name
    tags = tag_names(release)
    if tags:
        data["keywords"] = tags
    photos = release.photo_list
    if photos:
        data["image"] = [_image(photo, request) for photo in photos]
    body = text.plain_body
    if body:
        data["articleBody"] = body
    documents = [_document(document, request) for document in release.documents.all()]
    if documents:
        data["associatedMedia"] = documents
    if release.press_contact_id:
        data["publisher"]["contactPoint"] = _contact(release.press_contact)
    return data


def _image(photo, request):
    image = {
        "@type": "ImageObject",
        "contentUrl": request.build_absolute_uri(photo.r1200_jpeg.url),
    }
    for key, value in (
        ("caption", photo.caption),
        ("description", photo.alt_text),
        ("creditText", photo.credit),
    ):
        if value:
            image[key] = value
    return image


def _document(document, request):
    return {
        "@type": "MediaObject",
        "name": document.title,
        "contentUrl": request.build_absolute_uri(document.file.url),
        "encodingFormat": document.content_type,
        "contentSize": f"{document.size} B",
        "inLanguage": document.language,
    }


def _contact(contact):
    point = {"@type": "ContactPoint", "contactType": "press", "name": contact.name}
    for key, value in (
        ("description", contact.role),
        ("telephone", contact.phone),
        ("email", contact.email),
    ):
        if value:
            point[key] = value
    return point


def official_json_ld(official, request):
    """A ``Person`` for an official's page (positions prefetched)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": official.full_name,
        "url": request.build_absolute_uri(official.get_absolute_url()),
        "nationality": {"@type": "Country", "name": official.country.name},
    }
    title = official.current_title
    if title:
        data["jobTitle"] = title
    if official.biography:
        data["description"] = official.biography
    portrait = portrait_of(official)
    if portrait is not None:
        data["image"] = _image(portrait, request)
    return data


def meeting_json_ld(meeting, request):
    """An ``Event`` for a public meeting's page (participants prefetched)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting_name(meeting),
        "startDate": meeting_start(meeting).isoformat(),
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "attendee": [_person(o, request, meeting.date) for o in meeting.participants.all()],
    }
    if meeting.description:
        data["description"] = meeting.description
    place = meeting_place(meeting)
    if place:
        address = {"@type": "PostalAddress"}
        if meeting.city:
            address["addressLocality"] = meeting.city
        if meeting.host_country:
            address["addressCountry"] = meeting.host_country.code
        data["location"] = {"@type": "Place", "name": place, "address": address}
    return data
