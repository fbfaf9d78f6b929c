"""Writing a regency's coordination team (`team.py`), cooperation agreements (KSO/PKS/MoU,
`agreements.py`) and activities (FGD, sosialisasi, audiensi, rapat koordinasi, `activities.py`):
one transaction per call, written by the regional admin only (`permissions.py`), with an audit
event. Callers import from the submodules."""
