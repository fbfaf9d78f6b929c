"""Pages the crawl cannot reach with their inputs, read for language (issue 19)."""

import pytest

from tests.conftest import client_for
from tests.language import findings, shown_text

pytestmark = pytest.mark.django_db


def test_the_benefit_simulation_names_each_component(demo):
    page = client_for(demo["disnaker"]).get(
        "/simulasi-manfaat/",
        {"type": "JKM", "category": "PU", "wage": "5000000", "date": "2026-11-24"},
    )
    text = shown_text(page.content.decode())

    assert "Santunan sekaligus" in text and "Biaya pemakaman" in text
    assert findings(text) == []
