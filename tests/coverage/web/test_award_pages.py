"""The award pages: the admin computes a draft, reviews it and publishes it; a village operator
reads the published list but cannot publish (403); another regency's list is absent (404); the
certificate is a PDF; the public page shows only published lists."""

import pytest
from django.test import Client

from lindungi.coverage.models import AwardEntry, AwardRound, AwardStatus
from tests.conftest import client_for
from tests.coverage.test_awards import AS_OF, villages  # noqa: F401 (fixture)


@pytest.fixture
def on_the_day(time_machine):
    time_machine.move_to(f"{AS_OF.isoformat()} 10:00 +07:00", tick=False)


@pytest.mark.usefixtures("villages", "on_the_day")
def test_the_admin_computes_reviews_and_publishes_the_award_list(admin, demo_workers, bandung):
    client = client_for(admin)
    page = client.get("/cakupan/penghargaan/")
    assert page.status_code == 200 and 'data-testid="award-form"' in page.content.decode()
    posted = client.post(
        "/cakupan/penghargaan/",
        {
            "region": "32.11",
            "first_month": "2026-01",
            "last_month": "2026-03",
            "categories": ["village_quota", "village_on_time"],
            "winners": "2",
            "title": "",
        },
    )
    award = AwardRound.objects.get()
    assert posted.status_code == 302 and posted["Location"] == f"/cakupan/penghargaan/{award.pk}/"
    draft = client.get(posted["Location"]).content.decode()
    assert "Cikeruh" in draft and 'data-testid="award-publish"' in draft
    assert 'data-testid="certificate"' not in draft

    village = client_for(demo_workers["desa.cikeruh"])
    assert village.get(f"/cakupan/penghargaan/{award.pk}/").status_code == 404  # a draft
    assert (
        village.post(f"/cakupan/penghargaan/{award.pk}/", {"action": "publish"}).status_code == 403
    )
    other = client_for(bandung["admin"])
    assert other.post(f"/cakupan/penghargaan/{award.pk}/", {"action": "publish"}).status_code == 404

    assert (
        client.post(f"/cakupan/penghargaan/{award.pk}/", {"action": "publish"}).status_code == 302
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.PUBLISHED
    published = village.get(f"/cakupan/penghargaan/{award.pk}/").content.decode()
    assert 'data-testid="certificate"' in published and "award-publish" not in published
    winner = AwardEntry.objects.get(round=award, category="village_quota", rank=1)
    pdf = village.get(f"/cakupan/penghargaan/{award.pk}/piagam/{winner.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert other.get(f"/cakupan/penghargaan/{award.pk}/").status_code == 404
    assert other.get(f"/cakupan/penghargaan/{award.pk}/piagam/{winner.pk}.pdf").status_code == 404
    # Computing a published period again is refused with a message, nothing changes.
    again = client.post(f"/cakupan/penghargaan/{award.pk}/", {"action": "recompute"}, follow=True)
    assert (
        "no longer changes" in again.content.decode() or "tidak berubah" in again.content.decode()
    )


@pytest.mark.usefixtures("villages", "on_the_day")
def test_a_bad_period_is_refused_with_its_message(admin):
    client = client_for(admin)
    answer = client.post(
        "/cakupan/penghargaan/",
        {
            "region": "32.11",
            "first_month": "2025-11",
            "last_month": "2026-02",
            "categories": ["village_quota"],
            "winners": "3",
        },
    )
    assert answer.status_code == 200 and not AwardRound.objects.exists()
    assert 'role="alert"' in answer.content.decode() or "notice-error" in answer.content.decode()


@pytest.mark.usefixtures("villages", "on_the_day")
def test_the_public_page_shows_only_published_award_lists(admin):
    client = client_for(admin)
    client.post(
        "/cakupan/penghargaan/",
        {"region": "32.11", "year": "2026", "categories": ["village_quota"], "winners": "1"},
    )
    award = AwardRound.objects.get()
    anonymous = Client()
    assert (
        'data-testid="public-award"' not in anonymous.get("/publik/cakupan/32.11/").content.decode()
    )
    client.post(f"/cakupan/penghargaan/{award.pk}/", {"action": "publish"})
    page = anonymous.get("/publik/cakupan/32.11/").content.decode()
    assert 'data-testid="public-award"' in page and "Cikeruh" in page and "Gudang" not in page
    assert (
        'data-testid="public-award"' not in anonymous.get("/publik/cakupan/32.04/").content.decode()
    )
