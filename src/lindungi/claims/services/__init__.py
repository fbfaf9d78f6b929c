"""Writing claims: reported by the operators, sent to BPJS, decided by BPJS, paid. Every change
is one service call with one audit event; a claim moves only along `NEXT_STATUSES`.

- `reporting`: report a claim (or a draft), confirm a draft, submit it to BPJS, checked against
  the worker's enrolments and paid months (`assessment`);
- `documents`: attach a claim's documents and download them (recorded);
- `amounts`: the most the regulation pays for a claim, and what an amount must be;
- `decisions`: BPJS's decision, with its maker-checker for another amount than the benefit
  computed;
- `payments`: what BPJS paid to the family;
- `deaths`: a death claim (JKM, JKK death) reported or approved ends the worker's protection.

Who may do what is `claims.permissions`. Callers import from the submodules.
"""
