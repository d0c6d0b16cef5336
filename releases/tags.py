"""Tags by name, as press officers type them, and as each language shows them."""

import functools
import operator

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from taggit.models import Tag

from releases.models import TagNames


def tag_name(tag, language=None):
    """``tag``'s name in ``language`` (default: the active one), else its English name.

    Reads the names joined with the tag (``select_related("names")``, or
    ``"tag__names"`` from its links): a tag read without them costs a query here.
    """
    try:
        names = tag.names
    except TagNames.DoesNotExist:
        return tag.name
    return names.name_in(language or get_language()) or tag.name


def tag_name_expression(language=None, *, prefix=""):
    """``tag_name`` as an SQL expression over a query of tags (``prefix``: the path to
    the tag from another model, e.g. ``"tag__"``); a left join, no extra query."""
    language = language or get_language()
    english = F(f"{prefix}name")
    if not hasattr(TagNames, f"name_{language}"):
        return english
    text = TextField()
    local = NullIf(F(f"{prefix}names__name_{language}"), Value(""), output_field=text)
    return Coalesce(local, english, output_field=text)


def tags_named(names):
    """The tags called ``names``, in order, found in one query; missing ones are created.

    Names match whatever their case (``TAGGIT_CASE_INSENSITIVE``): "Energy" is the tag
    "energy" if that exists. The same name twice gives the tag once.
    """
    names = [name for name in dict.fromkeys(names) if name]
    if not names:
        return []
    found = {}
    matching = functools.reduce(operator.or_, (Q(name__iexact=name) for name in names))
    for tag in Tag.objects.filter(matching).order_by("pk"):
        found.setdefault(tag.name.casefold(), tag)
    tags = []
    for name in names:
        tag = found.get(name.casefold())
        if tag is None:
            # get_or_create, as taggit does, in case another save creates it meanwhile.
            tag, _ = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
            found[name.casefold()] = tag
        if tag not in tags:
            tags.append(tag)
    return tags
