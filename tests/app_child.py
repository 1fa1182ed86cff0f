"""Runback started as a user starts it (``main.main``), for tests that must know when its
window is up: once the event loop has turned after start-up (the window shown, its first
view drawn), it writes one byte to the descriptor named by ``RUNBACK_TEST_READY_FD``.
Nothing else differs from a real start, so the console stays the app's own."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_app(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """The app as a child process, and the descriptor its readiness arrives on."""
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, __file__, *args], env={**env, "RUNBACK_TEST_READY_FD": str(write_end)},
        pass_fds=(write_end,), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    return process, read_end


def wait_ready(process: subprocess.Popen, ready: int, deadline_seconds: float) -> bool:
    """Wait for the app's readiness byte (an event, not a time). False if it ended or
    closed the pipe first; the deadline only turns a hang into a failure."""
    with selectors.DefaultSelector() as selector:
        selector.register(ready, selectors.EVENT_READ)
        end = time.monotonic() + deadline_seconds
        while time.monotonic() < end:
            if selector.select(timeout=end - time.monotonic()):
                got = os.read(ready, 1)
                os.close(ready)
                return got == b"r"
            if process.poll() is not None:
                break
    os.close(ready)
    return False


def signal_and_wait(process: subprocess.Popen, signal_name: str,
                    deadline_seconds: float) -> tuple[str, str]:
    """Send the app ``signal_name`` (SIGTERM, SIGHUP …) and wait for it to end: its
    stdout and stderr. Killed if it outlives the deadline (a hang, not a slow machine)."""
    import signal

    try:
        process.send_signal(getattr(signal, signal_name))
        return process.communicate(timeout=deadline_seconds)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _run() -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer

    import main
    import ui.app as app_module

    ready = int(os.environ.pop("RUNBACK_TEST_READY_FD"))
    real_start = app_module.start

    def say_ready() -> None:
        os.write(ready, b"r")
        os.close(ready)

    def start(*args, **kwargs):
        window = real_start(*args, **kwargs)
        # Two turns of the loop: the first shows and draws; the second finds it done.
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, say_ready))
        return window

    app_module.start = start
    return main.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_run())
