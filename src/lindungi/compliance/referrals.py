"""The non-compliance workflow of an employer, as BPJS and the prosecutor's office run it
(Inpres 2/2021 asks the Attorney General for legal enforcement): a first warning (SP1), a
second (SP2), then BPJS hands a special power of attorney (Surat Kuasa Khusus, SKK) to the
district prosecutor's office (Kejari, bidang Datun, as Jaksa Pengacara Negara under UU 16/2004
Pasal 30(2)), which summons the employer. The case ends paid/settled, in court, or closed. Pure:
no Django.

>>> allowed_after(SP1)
('sp2', 'settled', 'closed')
>>> is_allowed(SP1, REFERRED)
False
>>> is_allowed(None, SP1), is_allowed(None, SP2)
(True, False)
"""

SP1 = "sp1"
SP2 = "sp2"
REFERRED = "referred"  # handed to the prosecutor's office (Datun) under an SKK
IN_COURT = "in_court"
SETTLED = "settled"  # paid or settled
CLOSED = "closed"

STEPS = (SP1, SP2, REFERRED, IN_COURT, SETTLED, CLOSED)
FINAL = frozenset({SETTLED, CLOSED})

# What may follow each step. An employer who pays after a warning settles early; nobody reaches
# the prosecutor without both warnings, nor court without the prosecutor.
TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: (SP1,),
    SP1: (SP2, SETTLED, CLOSED),
    SP2: (REFERRED, SETTLED, CLOSED),
    REFERRED: (IN_COURT, SETTLED, CLOSED),
    IN_COURT: (SETTLED, CLOSED),
    SETTLED: (),
    CLOSED: (),
}


def allowed_after(step: str | None) -> tuple[str, ...]:
    """The steps that may follow `step` (None: a case not opened yet)."""
    return TRANSITIONS.get(step, ())


def is_allowed(current: str | None, following: str) -> bool:
    return following in allowed_after(current)
