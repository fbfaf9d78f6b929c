"""The demo registry: the review queue of possible duplicates has pairs to decide."""

import pytest

from lindungi.workers.models import DuplicateCandidate

pytestmark = pytest.mark.django_db


def test_the_demo_has_residents_registered_twice_for_the_operators_to_review(demo_workers):
    pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)

    reasons = sorted(pairs.values_list("reason", flat=True))
    assert len(reasons) >= 3
    assert {"same_name", "similar_name"} <= set(reasons)
    for pair in pairs.select_related("first", "second"):
        assert pair.first.nik != pair.second.nik
        assert pair.first.birth_date == pair.second.birth_date
