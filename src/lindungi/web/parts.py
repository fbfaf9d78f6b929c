"""What the domain apps contribute to the shell's pages: each app may have a module of a given
name in its `web` package (`menu` for the menu, `home` for the home page's cards); the shell
imports them in the order of `config.apps.DOMAIN_APPS` and knows nothing else about them."""

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from lindungi.config.apps import DOMAIN_APPS


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """Every domain app's `lindungi.<app>.web.<name>` module that exists, in app order."""
    found = []
    for app in DOMAIN_APPS:
        module = f"lindungi.{app}.web.{name}"
        if find_spec(module) is not None:
            found.append(import_module(module))
    return tuple(found)
