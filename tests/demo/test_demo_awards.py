"""The demo's published 2026 award list as a newcomer finds it on 24 November 2026: computed on
the demo's own enrolments and bills, published by the Disnaker, shown on the public page."""

from datetime import date

from django.test import Client

from lindungi.coverage.models import AwardEntry, AwardRound, AwardStatus
from lindungi.demo.seed import seed_demo

TODAY = date(2026, 11, 24)


def test_the_2026_award_list_is_published_on_the_demos_real_figures(demo_billed):
    award = AwardRound.objects.get()
    assert (award.region_id, award.first_month, award.last_month) == (
        "32.11",
        date(2026, 1, 1),
        date(2026, 12, 1),
    )
    assert award.status == AwardStatus.PUBLISHED and award.published_by.username == "disnaker"
    winners = AwardEntry.objects.filter(round=award, is_winner=True)
    by_category = {
        c: set(winners.filter(category=c).values_list("name", flat=True)) for c in award.categories
    }
    # Dinkes's one civil servant protects her household worker: the whole agency does.
    assert "Dinas Kesehatan" in by_category["agency_share"]
    assert by_category["village_quota"] and by_category["village_on_time"]
    # The villages that stopped paying in August and October win nothing for paying on time.
    on_time = AwardEntry.objects.filter(round=award, category="village_on_time")
    assert on_time.filter(is_winner=False).exists()
    assert all(entry.figures["months_on_time"] == 11 for entry in on_time.filter(is_winner=True))
    seed_demo(today=TODAY)  # seeding again changes nothing
    assert AwardRound.objects.count() == 1

    page = Client().get("/publik/cakupan/32.11/").content.decode()
    assert 'data-testid="public-award"' in page and "Dinas Kesehatan" in page
