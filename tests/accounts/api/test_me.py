"""`/api/v1/me`: who is signed in, and their scope."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_me_tells_the_user_their_scope(demo):
    me = client_for(demo["desa.cikeruh"]).get("/api/v1/me").json()
    assert me["user"]["username"] == "desa.cikeruh"
    assert me["scope"] == {
        "role": "operator_desa",
        "region_codes": ["32.11.15.2001"],
        "agency_id": None,
        "can_write": True,
    }
