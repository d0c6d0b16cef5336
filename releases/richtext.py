"""A release body as readers see it: plain text (paragraphs between blank lines, as the
importer and every release before rich text wrote them) or Markdown.

Markdown gives paragraphs, subheadings, lists, links, bold, italic and quotes; raw HTML,
images and code are not Markdown here (they show as the text typed). What it makes is
sanitised by nh3 all the same, so no markup outside that list, no attribute but a
link's address, and no address but http, https and mailto ever reaches a page or feed.
"""

import nh3
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

PLAIN = "plain"
MARKDOWN = "markdown"

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Deeper than this (quotes in lists in quotes …), the rest is shown as text.
MAX_NESTING = 12


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.disable(["image", "code", "fence", "html_block", "html_inline", "hr", "lheading"])
    md.core.ruler.push("subheadings", _subheadings)
    return md


def _subheadings(state):
    # The page's title is its h1: a "#" heading is a subheading (h2), "##" an h3 …
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"


_MD = _parser()


def clean(markup):
    """``markup`` with only the allowed tags, attributes and addresses left."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def body_html(body, body_format, paragraphs):
    """The body as safe HTML; ``paragraphs`` are a plain body's (split_paragraphs)."""
    if body_format != MARKDOWN:
        return format_html_join("\n", "<p>{}</p>", ((p,) for p in paragraphs))
    if not (body or "").strip():
        return mark_safe("")
    return mark_safe(clean(_MD.render(body)))  # noqa: S308 -- sanitised just above


def text_blocks(body):
    """A Markdown body's blocks (paragraphs, headings, list items, quotes) as plain text,
    in order: what its summary, search and JSON-LD read."""
    blocks = []
    for token in _MD.parse(body or ""):
        if token.type != "inline":
            continue
        words = []
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        text = " ".join("".join(words).split())
        if text:
            blocks.append(text)
    return blocks
