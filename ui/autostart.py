"""Start at login: the platform's autostart entry for Runback (File → Reminders…).

On Linux (and other XDG desktops) an entry ``runback.desktop`` in
``$XDG_CONFIG_HOME/autostart`` (``~/.config/autostart`` by default), made from
``resources/runback.desktop``: its Exec line starts this very program (the bundle's
executable when frozen, else this Python on ``main.py``) with ``--tray``, so Runback
starts in the system tray. macOS and Windows are not supported yet: nothing is written
there, and the settings say so.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.resources import resource_path

ENTRY_NAME = "runback.desktop"
TRAY_OPTION = "--tray"
NOT_SUPPORTED = ("Starting at login is not supported on this system yet (only on Linux "
                 "desktops): start Runback yourself to be reminded.")
# Characters the Desktop Entry spec reserves in Exec: a quoted argument escapes these.
_ESCAPED_IN_QUOTES = '"`$\\'
_NEEDS_QUOTES = set(' \t\n"\'\\><~|&;$*?#()`')


def supported() -> bool:
    """Whether this platform has an autostart entry Runback can write (XDG desktops)."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def entry_path() -> Path:
    """Where the autostart entry goes: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart
    (a relative XDG_CONFIG_HOME is ignored, as the spec says)."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart" / ENTRY_NAME


def command() -> list[str]:
    """The program to start at login: the bundle's executable when frozen (PyInstaller),
    else this Python on main.py; in the tray."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve()), TRAY_OPTION]
    main = Path(__file__).resolve().parent.parent / "main.py"
    return [str(Path(sys.executable).absolute()), str(main), TRAY_OPTION]


def exec_line(arguments: list[str]) -> str:
    """``arguments`` as a Desktop Entry Exec value: an argument with a space or a reserved
    character in double quotes (``"`$\\`` escaped there), and ``%`` doubled."""
    def quoted(argument: str) -> str:
        argument = argument.replace("%", "%%")
        if not argument or _NEEDS_QUOTES & set(argument):
            escaped = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
            return f'"{escaped}"'
        return argument
    return " ".join(quoted(each) for each in arguments)


def entry_text(arguments: list[str] | None = None) -> str:
    """resources/runback.desktop with Exec starting this program, and the autostart keys."""
    lines = []
    for line in resource_path("runback.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_line(command() if arguments is None else arguments)
        lines.append(line)
    lines += ["X-GNOME-Autostart-enabled=true", "X-KDE-autostart-after=panel"]
    return "\n".join(lines) + "\n"


def enabled() -> bool:
    return supported() and entry_path().is_file()


def enable(arguments: list[str] | None = None) -> Path:
    """Write the autostart entry (owner-only, in one step: never half a file).

    :raises OSError: the folder or file cannot be written.
    """
    path = entry_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(entry_text(arguments))
        os.chmod(temporary, 0o600)  # whatever the umask
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def disable() -> None:
    """Remove the autostart entry, if Runback wrote one."""
    entry_path().unlink(missing_ok=True)
