"""Make the demo runner's clinical report and its pages as PNGs in docs/report/
(page-1.png …), as the README shows page 1. Headless; needs poppler's pdftoppm:

    python docs/make_report_pages.py [--paper a4|letter]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from core.exchange.demo import create_demo  # noqa: E402
from ui.report_pdf import ensure_app, write_report  # noqa: E402

OUT = ROOT / "docs" / "report"
END = dt.date(2026, 11, 20)  # the screenshots' demo day, so the pages stay the same
DPI = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()
    ensure_app()
    with tempfile.TemporaryDirectory() as folder:
        runback = create_demo(Path(folder) / "demo.db", end=END)
        pdf = write_report(runback, Path(folder) / "report.pdf", args.paper)
        runback.close()
        OUT.mkdir(exist_ok=True)
        for old in OUT.glob("page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(OUT / "page")],
                       check=True)
    for page in sorted(OUT.glob("page-*.png")):
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
