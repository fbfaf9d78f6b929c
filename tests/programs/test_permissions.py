"""The batch handlers are one predicate (`permissions.handles_batches`): the services that send
batches and import BPJS's answers enforce it, and the menu offers those pages to the same roles."""

import pytest

from lindungi.core.roles import SUPERUSER, Role
from lindungi.core.scopes import Scope
from lindungi.programs.permissions import handles_batches, may_send_batches, may_verify
from lindungi.web.navigation import entries


def _scope(role: str, *, can_write: bool = True) -> Scope:
    return Scope(user_id=1, role=role, region_codes=("32.11",), can_write=can_write)


@pytest.mark.parametrize("url_name", ["web:batches", "web:confirmations"])
def test_the_menu_offers_the_batch_pages_to_the_batch_handlers_and_no_one_else(url_name):
    (item,) = [item for item in entries() if item.url_name == url_name]
    for role in [SUPERUSER, *Role.values]:
        assert item.visible(_scope(role)) == handles_batches(_scope(role)), role


def test_the_superuser_handles_batches_and_verifies():
    assert handles_batches(_scope(SUPERUSER))
    assert may_verify(_scope(SUPERUSER))


def test_a_handler_who_may_not_write_sends_nothing():
    assert handles_batches(_scope(Role.PETUGAS_BPJS, can_write=False))
    assert not may_send_batches(_scope(Role.PETUGAS_BPJS, can_write=False))
    assert may_send_batches(_scope(Role.PETUGAS_BPJS))
