from typing import Any

from django.http import HttpRequest

from lindungi.accounts.selectors import scope_for_user
from lindungi.web.navigation import menu_html


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": ""}
    return {"nav_menu": menu_html(scope_for_user(user))}
