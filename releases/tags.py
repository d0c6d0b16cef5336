"""Tags by name, as press officers type them."""

import functools
import operator

from django.db.models import Q
from taggit.models import Tag


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
