"""Load: the worker list and the dashboard under a `make run`-style deployment with gunicorn.

Builds the demo on a fresh embedded SQLite (production settings, DEBUG off), signs in the
regency admin, serves with gunicorn, and drives each page with wrk (Debian's `wrk`, installed
with apt-get when run as root) for DURATION seconds with CONNECTIONS connections. Prints requests
per second, latency percentiles and errors, and a baseline measured in the same run: Django's
single-threaded development server on the same pages.

Target (issue 9): 200 requests/s with p99 under 300 ms and no error, on a 2-core machine.

    .venv/bin/python bench/load.py            # DURATION=20 CONNECTIONS=16 WORKERS=3

gunicorn runs as README.md deploys it: sync workers (with threads, `gthread`, the same pages
gave fewer requests/s and a p99 several times longer here). Machines of the same kind differ in
speed: the run prints how long a fixed pure-Python loop takes, to compare runs across machines.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DURATION = int(os.environ.get("DURATION", "20"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "16"))
WORKERS = int(os.environ.get("WORKERS", "3"))
PAGES = {"worker list": "/pekerja/", "dashboard": "/"}
BIN = Path(sys.executable).parent


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        return "wrk"
    sys.exit("wrk is not installed (apt-get install wrk); load benchmark skipped")


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop (best of three): machines of one kind differ."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(20_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def parse(output: str) -> dict[str, float]:
    def latency(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", output)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": rate,
        "requests": total,
        "p50": latency("50"),
        "p90": latency("90"),
        "p99": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def drive(wrk: str, port: int, cookie: str, path: str, duration: int, connections: int) -> dict:
    done = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse(done.stdout)


def main() -> None:
    wrk = wrk_path()
    folder = Path(tempfile.mkdtemp(prefix="lindungi-load-"))
    env = {
        **os.environ,
        "LINDUNGI_DOTENV": "0",
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-" + "k" * 60,
        "DATABASE_URL": f"sqlite:///{folder / 'lindungi.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    lindungi = [str(BIN / "lindungi")]
    started = time.perf_counter()
    for step in (
        ["migrate", "-v", "0"],
        ["load-regions", "-v", "0"],
        ["seed-demo"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        done = subprocess.run(
            [*lindungi, *step], env=env, cwd=folder, capture_output=True, text=True
        )
        if done.returncode:
            sys.exit(f"lindungi {' '.join(step)} failed:\n{done.stderr[-3000:]}")
    cookie = subprocess.run(
        [
            *lindungi,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model;"
            "from django.contrib.sessions.backends.db import SessionStore;"
            "user = get_user_model().objects.get(username='disnaker');"
            "s = SessionStore(); s['_auth_user_id'] = str(user.pk);"
            "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
            "s['_auth_user_hash'] = user.get_session_auth_hash(); s.create(); print(s.session_key)",
        ],
        env=env,
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    print(
        f"demo built in {time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs; "
        f"this machine's speed: {cpu_reference():.2f} s for 20M additions in pure Python"
    )

    servers = {
        f"gunicorn ({WORKERS} sync workers)": [
            str(BIN / "gunicorn"),
            "lindungi.config.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            "127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        "baseline: runserver --nothreading": [
            *lindungi,
            "runserver",
            "--nothreading",
            "--noreload",
            "127.0.0.1:{port}",
        ],
    }
    print(f"wrk: {CONNECTIONS} connections, {DURATION} s per page, signed in as the regency admin")
    print(
        f"{'server':<40} {'page':<12} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} errors"
    )
    results: dict[tuple[str, str], dict] = {}
    for name, command in servers.items():
        port = free_port()
        process = subprocess.Popen(
            [part.replace("{port}", str(port)) for part in command],
            env=env,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            for page, path in PAGES.items():
                drive(wrk, port, cookie, path, 3, CONNECTIONS)  # warm up
                figures = drive(wrk, port, cookie, path, DURATION, CONNECTIONS)
                results[(name, page)] = figures
                print(
                    f"{name:<40} {page:<12} {figures['rate']:>8.1f} {figures['p50']:>8.1f} "
                    f"{figures['p90']:>8.1f} {figures['p99']:>8.1f} "
                    f"{figures['errors']} {figures['socket_errors']}"
                )
        finally:
            process.terminate()
            process.wait(timeout=30)
    first, baseline = list(servers)
    for page in PAGES:
        ours, base = results[(first, page)], results[(baseline, page)]
        met = ours["rate"] >= 200 and ours["p99"] < 300 and ours["errors"] == 0
        print(
            f"{page}: {ours['rate'] / base['rate']:.1f}x the baseline's requests/s; "
            f"target 200 req/s, p99 < 300 ms, no error: {'met' if met else 'NOT MET'}"
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
