"""Runback's window on a demo file, for tests/ui/test_atspi.py: writes what Today shows
to ``expected.json`` in the folder given, then stays up until ``done`` appears there."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from core.exchange.demo import create_demo  # noqa: E402
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def main(folder: Path) -> int:
    app = application()
    runback = create_demo(folder / "demo.db")
    window = MainWindow(runback, QSettings(str(folder / "settings.ini"),
                                           QSettings.Format.IniFormat))
    window.show()
    today = window.today_tab
    (folder / "expected.json").write_text(json.dumps({
        "title": window.windowTitle(), "prescription": today.headline.text(),
        "prompt": today.check_in.prompt.text()}), encoding="utf-8")
    done = folder / "done"
    timer = QTimer()
    timer.timeout.connect(lambda: app.quit() if done.exists() else None)
    timer.start(100)
    QTimer.singleShot(120_000, app.quit)  # a limit on a hang only
    app.exec()
    runback.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
