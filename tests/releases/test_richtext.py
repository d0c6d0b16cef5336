"""Release bodies in Markdown, sanitised; plain bodies render as they always did."""

import pytest

from releases import richtext
from releases.models.versions import ReleaseText
from tests.factories import ReleaseFactory


def html(body):
    return str(richtext.body_html(body, richtext.MARKDOWN, []))


def text(body, body_format=richtext.MARKDOWN):
    return ReleaseText(
        language="en", title="T", slug="t", lead="", body=body, body_format=body_format
    )


def test_markdown_gives_paragraphs_subheadings_lists_links_emphasis_and_quotes():
    body = (
        "# The talks\n\nFirst **bold** and *italic*.\n\n- one\n- two\n\n1. first\n\n"
        "> A quote.\n\n[The statement](https://example.org/s)"
    )

    assert html(body) == (
        "<h2>The talks</h2>\n<p>First <strong>bold</strong> and <em>italic</em>.</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n</ol>\n"
        "<blockquote>\n<p>A quote.</p>\n</blockquote>\n"
        '<p><a href="https://example.org/s" rel="noopener noreferrer nofollow">'
        "The statement</a></p>\n"
    )


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ('<b onclick="x()">hi</b>', '<p>&lt;b onclick="x()"&gt;hi&lt;/b&gt;</p>\n'),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"),
        ("[data](data:text/html;base64,AAAA)", "<p>[data](data:text/html;base64,AAAA)</p>\n"),
        # No image is loaded from elsewhere: an image's Markdown is a link to it.
        (
            "![pixel](https://tracker.example/p.gif)",
            '<p>!<a href="https://tracker.example/p.gif" rel="noopener noreferrer nofollow">'
            "pixel</a></p>\n",
        ),
        ("    indented code", "<p>indented code</p>\n"),
    ],
)
def test_hostile_input_reaches_the_page_only_as_text(hostile, expected):
    assert html(hostile) == expected


def test_huge_nesting_is_cut_off_not_rendered_deeper():
    deep = html("> " * 5000 + "deep")

    # Past the limit the parser stops: what lies deeper is dropped, the page is bounded.
    assert 0 < deep.count("<blockquote>") <= richtext.MAX_NESTING
    assert 0 < html("- " * 5000 + "x").count("<li>") <= richtext.MAX_NESTING


def test_a_plain_body_is_its_paragraphs_escaped_as_before():
    plain = text("First <b>para</b>\nwraps.\n\nSecond.", richtext.PLAIN)

    assert str(plain.body_html) == "<p>First &lt;b&gt;para&lt;/b&gt; wraps.</p>\n<p>Second.</p>"
    assert plain.paragraphs == ["First <b>para</b> wraps.", "Second."]


def test_a_markdown_bodys_paragraphs_are_plain_text_without_link_addresses():
    body = "# Heading\n\nSee **the** [statement](https://example.org/s).\n\n- item one\n  more"

    assert text(body).paragraphs == ["Heading", "See the statement.", "item one more"]
    assert text(body).plain_body == "Heading\n\nSee the statement.\n\nitem one more"


@pytest.mark.django_db
def test_the_release_page_shows_the_sanitised_body(client):
    release = ReleaseFactory(
        body="## Results\n\nSigned **two** agreements.\n\n<script>x</script>",
        body_format=richtext.MARKDOWN,
    )

    content = client.get(release.get_absolute_url()).content.decode()

    assert "<h3>Results</h3>\n<p>Signed <strong>two</strong> agreements.</p>" in content
    assert "<script>x</script>" not in content
    assert "<p>&lt;script&gt;x&lt;/script&gt;</p>" in content


@pytest.mark.django_db
def test_existing_and_imported_releases_stay_plain_text():
    release = ReleaseFactory(body="A **star** stays.\n\nTwo.")

    assert release.body_format == richtext.PLAIN
    assert release.text_in("en").paragraphs == ["A **star** stays.", "Two."]
