"""Running the installed `lindungi` command in a child process, as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-m", "lindungi.config.manage"]
# What the test process carries that must not leak into a child's settings.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def child_environment(**env: str) -> dict[str, str]:
    inherited = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return {**inherited, "LINDUNGI_DOTENV": "0", **env}


def run_lindungi(
    *args: str, cwd: Path, env: dict[str, str], check: bool = False, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
