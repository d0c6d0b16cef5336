"""``{% remember "name" arg … %} … {% endremember %}``: a part of a public page made once
per content generation in each process (``search.freshness.memo()``) and shown as made
until the content changes.

Django's ``{% cache %}`` keeps a fragment for a length of time; a remembered part is kept
exactly as long as the content it shows, as the page cache keeps whole pages. It is
kept under its name, its arguments (everything the part depends on besides the
content), and the page's language, address prefix, scheme and host. A page remembers
parts only when its view says so (``remember`` in the context) and never in a preview,
whose text is not public; without a memo the part is made every time.
"""

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language

from search import freshness

register = template.Library()


class RememberNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        kept = freshness.memo() if _may_remember(context) else None
        if kept is None:
            return self.nodelist.render(context)
        key = (
            "part",
            *(part.resolve(context) for part in self.parts),
            get_language(),
            get_script_prefix(),
            *_origin(context.get("request")),
        )
        try:
            return kept[key]
        except KeyError:
            html = kept[key] = self.nodelist.render(context)
            return html


def _origin(request):
    # The scheme and host, checked against ALLOWED_HOSTS once per request, not per part.
    if request is None:
        return (None, None)
    try:
        return request.__dict__["_remember_origin"]
    except KeyError:
        origin = request.__dict__["_remember_origin"] = (request.scheme, request.get_host())
        return origin


def _may_remember(context):
    return context.get("remember") is True and not context.get("is_preview")


@register.tag
def remember(parser, token):
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("{% remember %} needs a name")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, parts)
