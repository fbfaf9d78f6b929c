"""Billing's background work: the daily job (lapses, reminders, the outbox)."""

from dataclasses import asdict
from datetime import date
from typing import Any

from django_tasks import task

from lindungi.billing.lapses import billing_daily
from lindungi.billing.reminders import outbox_send, reminders_queue


@task()
def billing_daily_task(day: str | None = None) -> dict[str, Any]:
    """Once a day (and from `lindungi billing daily`): lapse what stayed unpaid, queue the
    month's reminders before the 10th, and send what waits in the outbox. `day` is an ISO
    date for catching up or testing; by default today in Asia/Jakarta."""
    today = date.fromisoformat(day) if day else None
    lapses = billing_daily(today=today)
    queued = reminders_queue(today=lapses.today)
    sent = outbox_send()
    return {
        "date": lapses.today.isoformat(),
        "lapsed": lapses.lapsed,
        "credit_notes": lapses.credit_notes,
        "credited": lapses.credited,
        **{f"reminders_{key}": value for key, value in asdict(queued).items()},
        **{f"mail_{key}": value for key, value in asdict(sent).items()},
    }
