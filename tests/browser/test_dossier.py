"""The dossier and the API's browsable page in a real browser: the chart is drawn and
styled from the site's stylesheet, and neither page breaks the Content-Security-Policy."""

import pytest
from django.db import connections

from tests.browser.test_content_security import violations, watched

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def close_connections():
    yield
    connections.close_all()


def test_the_chart_is_drawn_and_styled(new_context, sample_content, close_connections):
    page = watched(new_context())

    response = page.goto("/en/countries/kz/")
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    chart = page.get_by_role("img", name="Meetings with Kazakhstan per year")
    assert chart.is_visible()
    bars = page.locator("svg.chart rect.chart__bar")
    assert bars.count() == 2
    # Coloured by the stylesheet's classes, not the browser's default black.
    fills = bars.evaluate_all("(rects) => rects.map((r) => getComputedStyle(r).fill)")
    assert fills == ["rgb(200, 16, 46)", "rgb(0, 81, 154)"]  # 2021 incoming, 2022 outgoing
    assert bars.first.bounding_box()["height"] > 100
    assert page.get_by_role("table", name="Meetings with Kazakhstan per year").is_visible()
    assert violations(page) == []


def test_the_browsable_api_breaks_no_rule(new_context, sample_content, close_connections):
    page = watched(new_context())

    response = page.goto("/api/releases/?format=api")
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert "Sahiba Gafarova" in page.content()
    assert violations(page) == []
