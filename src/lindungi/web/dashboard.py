"""The home page: who the reader is, then the cards the domain apps contribute
(`<app>/web/home.py`, a function `cards(scope)` returning `HomeCard`s), ordered by position.
The shell lays them out and knows nothing of what they show."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from lindungi.accounts.selectors import scope_for_user
from lindungi.web.parts import HomeCard, app_modules


def dashboard_for(user: AbstractBaseUser | AnonymousUser) -> dict[str, Any]:
    scope = scope_for_user(user)
    cards: list[HomeCard] = []
    for module in app_modules("home"):
        cards += module.cards(scope)
    cards.sort(key=lambda card: card.position)
    scripts = list(dict.fromkeys(script for card in cards for script in card.scripts))
    return {"scope": scope, "cards": cards, "scripts": scripts}
