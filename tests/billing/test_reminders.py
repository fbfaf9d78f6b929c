"""Reminders before the 10th, through an outbox that keeps what the mail server refused."""

import smtplib
from datetime import date

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from lindungi.billing.models import Outbox
from lindungi.billing.reminders import outbox_send, reminders_queue
from lindungi.billing.selectors.accounts import reminders_for
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.regions.selectors import region_get

from .conftest import scope_of

MARCH = date(2026, 3, 1)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def open_bills(admin, demo_workers, enrol, village_program, cikeruh, gudang):
    """March bills for Cikeruh (whose operator has an e-mail address) and Gudang (none)."""
    operator = demo_workers["desa.cikeruh"]
    operator.email = "desa.cikeruh@example.id"
    operator.save(update_fields=["email"])
    enrol(village_program, cikeruh, 2)
    enrol(village_program, gudang, 1, skip=2)
    billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=MARCH,
        today=date(2026, 3, 2),
    )


def test_before_the_10th_each_sponsor_with_an_open_bill_gets_one_reminder(
    open_bills, cikeruh, gudang, admin
):
    queued = reminders_queue(today=date(2026, 3, 5))
    assert (queued.queued, queued.already, queued.without_address) == (1, 0, 1)
    reminder = Outbox.objects.get(sponsor=cikeruh)
    assert (reminder.to, reminder.sent_at) == ("desa.cikeruh@example.id", None)
    assert "Rp 33.600" in reminder.body
    # Gudang has no address: its reminder is for its dashboard only.
    assert Outbox.objects.get(sponsor=gudang).to == ""
    again = reminders_queue(today=date(2026, 3, 8))
    assert (again.queued, again.already) == (0, 2)
    assert Outbox.objects.count() == 2
    assert list(reminders_for(scope=scope_of(admin), sponsor=cikeruh)) == [reminder]


def test_no_reminder_from_the_10th_on_nor_for_a_paid_bill(open_bills, admin, cikeruh):
    assert reminders_queue(today=date(2026, 3, 10)).queued == 0
    payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=33_600,
        paid_on=date(2026, 3, 3),
        channel="transfer",
        today=date(2026, 3, 3),
    )
    assert reminders_queue(today=date(2026, 3, 4)).queued == 0


def test_the_outbox_sends_through_djangos_mail_backend(open_bills, mailoutbox):
    reminders_queue(today=date(2026, 3, 5))
    sent = outbox_send()
    assert (sent.sent, sent.failed) == (1, 0)
    assert [message.to for message in mailoutbox] == [["desa.cikeruh@example.id"]]
    assert Outbox.objects.exclude(to="").get().sent_at is not None
    assert outbox_send().sent == 0  # nothing sent twice, nothing sent to nobody


def test_a_refused_mail_stays_in_the_outbox_with_its_error_and_goes_out_later(
    open_bills, mailoutbox
):
    reminders_queue(today=date(2026, 3, 5))
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        failed = outbox_send()
    assert (failed.sent, failed.failed) == (0, 1)
    waiting = Outbox.objects.exclude(to="").get()
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert "Connection unexpectedly closed" in waiting.last_error
    assert outbox_send().sent == 1
    assert len(mailoutbox) == 1
