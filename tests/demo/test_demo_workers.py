"""The demo registry: the review queue of possible duplicates has pairs to decide."""

import pytest
from django.db.models import Count

from lindungi.core.masking import mask_nik
from lindungi.workers import nik as nik_rules
from lindungi.workers.models import DuplicateCandidate, Worker

pytestmark = pytest.mark.django_db


def test_the_demo_has_residents_registered_twice_for_the_operators_to_review(demo_workers):
    pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)

    reasons = sorted(pairs.values_list("reason", flat=True))
    assert len(reasons) >= 3
    assert {"same_name", "similar_name"} <= set(reasons)
    for pair in pairs.select_related("first", "second"):
        assert pair.first.nik != pair.second.nik
        assert pair.first.birth_date == pair.second.birth_date


def test_demo_niks_are_valid_and_their_masks_tell_workers_apart(demo_workers):
    """Every demo NIK follows Dukcapil's rules (the district of the worker's village, the birth
    date with +40 for a woman, a serial), and the serials vary: two namesakes in a list do not
    look alike (the mask shows the last four digits)."""
    workers = list(Worker.objects.values_list("nik", "village_id", "birth_date", "sex"))
    assert len(workers) >= 3000
    for nik, village, born, sex in workers:
        parsed = nik_rules.parse(nik)
        assert nik[:6] == village.replace(".", "")[:6]
        assert (parsed.birth_date, parsed.sex) == (born, sex)
    masks = {mask_nik(nik) for nik, *_ in workers}
    assert len(masks) > 0.8 * len(workers)  # 3,000 serials drawn from 8,999: a few repeat
    namesakes = Worker.objects.values("village_id", "name").annotate(n=Count("id")).filter(n__gt=1)
    for group in namesakes:
        same = Worker.objects.filter(village_id=group["village_id"], name=group["name"])
        assert len({mask_nik(nik) for nik in same.values_list("nik", flat=True)}) == group["n"]
    serials = {nik[-4:] for nik, *_ in workers}
    assert len(serials) > 1000
