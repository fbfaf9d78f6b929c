"""Who may do what with the worker registry: named predicates that services enforce and pages
and the API ask."""

from lindungi.core.scopes import Scope


def may_write_workers(scope: Scope) -> bool:
    """Whether the actor registers, changes and imports workers (inside their region)."""
    return scope.can_write
