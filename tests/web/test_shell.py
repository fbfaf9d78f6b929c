"""The shell (web/, api/) decides nothing by role: it asks the apps' permissions (issue 17)."""

import re
from pathlib import Path

import lindungi

SRC = Path(lindungi.__file__).parent
SHELL = [
    *(
        f"web/{name}.py"
        for name in (
            "context_processors",
            "dashboard",
            "helpers",
            "middleware",
            "navigation",
            "parts",
            "search",
            "versions",
            "views",
        )
    ),
    *(
        f"api/{name}.py"
        for name in ("api", "auth", "inputs", "pagination", "schemas", "search", "versions")
    ),
    "web/templates/web/home.html",
    "web/templates/web/base.html",
]
ROLE_TEST = re.compile(r"\.role\s*(==|!=|in\b|not in\b)|[\"']superuser[\"']|\bRole\.")


def test_no_shell_module_compares_roles():
    for name in SHELL:
        path = SRC / name
        if path.exists():  # a module the apps' pages left may be gone
            assert not ROLE_TEST.search(path.read_text()), name


def test_the_menu_and_home_page_name_no_app():
    for name in ("web/navigation.py", "web/dashboard.py", "web/parts.py"):
        text = (SRC / name).read_text()
        imported = re.findall(r"^from lindungi\.(\w+)", text, flags=re.MULTILINE)
        assert set(imported) <= {"core", "web", "config", "accounts"}, (name, imported)
