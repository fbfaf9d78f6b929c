from typing import Any

from django.http import HttpRequest

from lindungi.web.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = items_for(role=user.role, is_superuser=user.is_superuser)
    return {"nav_items": items}
