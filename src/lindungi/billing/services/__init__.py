"""Writing billing, by concept: `runs` (billing runs and corrections), `cofunding`, `payments`
(recording and reviewing them), `statements` (BPJS payment statements). Every write is a service
with one transaction and one audit event; set-wise work is in `ledger.py`, lapses and
resumptions in `lapses.py`, continuity in `continuity.py`, reminders in `reminders.py`."""
