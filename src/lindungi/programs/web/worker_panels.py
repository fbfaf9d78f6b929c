"""What programs adds to the worker page: the worker's protection, enrolment by enrolment."""

from lindungi.core.scopes import Scope
from lindungi.programs.permissions import may_end_enrolments, may_record_death
from lindungi.programs.protection import protection_of
from lindungi.programs.selectors import enrolment_list
from lindungi.web.parts import Panel
from lindungi.workers.models import Worker


def panel(scope: Scope, worker: Worker, revealed: bool) -> Panel | None:
    enrolments = enrolment_list(scope=scope).filter(worker=worker)
    return Panel(
        position=10,
        template="programs/_worker_enrolments.html",
        context={
            "enrolments": enrolments,
            "protection": protection_of(worker.pk),
            "revealed": revealed,
            "worker_id": worker.pk,
            "may_end": may_end_enrolments(scope),
            "may_record_death": may_record_death(scope) and worker.died_on is None,
        },
    )
