"""File → Import from a watch…, and files dropped on the window: one flow (issue 14).

The files are read on a thread of their own (``Reader``: reading never touches the runner's
file), one at a time, with a progress dialog that can cancel between two files; the window
keeps answering meanwhile. Each activity read comes back by a signal, and the GUI thread
alone asks the facade what it would become (``Runback.import_proposal``). Once all are
read, the review dialog (ui/import_dialog.py) lets the runner add what the watch cannot
know and save. A cancelled read saves nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from core.exchange.watch import Read, Source, WatchFiles

if TYPE_CHECKING:
    import datetime as dt

    from core.exchange.watch.match import ImportProposal
    from ui.common import Operations
    from ui.import_dialog import ImportDialog

TITLE = "Import from a watch"
FILTER = ("Watch files and Strava exports (*.fit *.gpx *.tcx *.gz *.zip activities.csv);;"
          "All files (*)")
STRAVA_INDEX = "activities.csv"  # chosen in the file dialog, it stands for its export folder

# A test hook, called on the reading thread before each file is read: tests make the
# reader slow with it (waiting on an event), never the product.
before_read: Callable[[Source], None] | None = None


def choose_paths(parent: QWidget) -> list[Path]:
    """Ask for watch files (one or many), a Strava export's zip, or its unpacked folder
    (by choosing the ``activities.csv`` in it)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, f"{TITLE}: files, a Strava export's zip, or its activities.csv",
        str(Path.home()), FILTER)
    return [Path(name) for name in names]


def paths_of(names: Iterable[str | Path]) -> list[Path]:
    """What to read for what was chosen or dropped: a Strava export's ``activities.csv``
    stands for its folder (a file dialog chooses files, not folders)."""
    paths = []
    for name in names:
        path = Path(name)
        paths.append(path.parent if path.name.lower() == STRAVA_INDEX else path)
    return list(dict.fromkeys(paths))


class Reader(QObject):
    """Lists and reads the chosen files on its own thread; says each step by a signal."""

    listed = Signal(int)  # how many activities there are to read
    read = Signal(object)  # core.exchange.watch.Read, one per activity, in order
    finished = Signal(bool, str)  # cancelled; a failure nobody foresaw, in one line

    def __init__(self, paths: list[Path], now: dt.datetime):
        super().__init__()
        self.paths = paths
        self.now = now
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next file (safe from any thread)."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        failure = ""
        try:
            with WatchFiles(self.paths, self.now) as files:
                self.listed.emit(len(files))
                for source in files.sources:
                    if self._cancel.is_set():
                        break
                    if before_read is not None:
                        before_read(source)
                    if self._cancel.is_set():
                        break
                    self.read.emit(files.read(source))
        except Exception as error:  # on this thread nobody else would hear of it
            failure = f"{type(error).__name__}: {error}".splitlines()[0]
        self.finished.emit(self._cancel.is_set(), failure)


class ImportFlow(QObject):
    """One import: read ``paths`` off the GUI thread with a progress dialog, then review.

    :ivar proposals: what each activity read would become, with the reads that failed,
        in the order read (``(read, proposal or None)``).
    """

    done = Signal()  # the reading ended (the review, if any, is open): ``running`` False

    def __init__(self, parent: QWidget, ops: Operations, paths: list[Path]):
        super().__init__(parent)
        self.window = parent
        self.ops = ops
        self.reads: list[tuple[Read, ImportProposal | None]] = []
        self.count = 0
        self.cancelled = False
        self.running = True
        self.dialog: ImportDialog | None = None
        self.progress = QProgressDialog("Finding the activities…", "Cancel", 0, 0, parent)
        self.progress.setWindowTitle(TITLE)
        self.progress.setAccessibleName("Reading watch files")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        self.worker_thread = QThread(self)
        self.reader = Reader(paths, ops.runback.clock())
        self.reader.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.reader.run)
        self.reader.listed.connect(self._listed)
        self.reader.read.connect(self._read)
        self.reader.finished.connect(self._finished)
        self.progress.canceled.connect(self.cancel)
        parent.installEventFilter(self)  # the window closing waits for the reader
        self.worker_thread.start()

    @Slot()
    def cancel(self) -> None:
        """Stop reading before the next file; nothing is saved."""
        self.cancelled = True
        self.reader.cancel()

    @Slot(int)
    def _listed(self, count: int) -> None:
        self.count = count
        if count > 1:
            self.progress.setMinimumDuration(0)  # many files: the bar at once
        self.progress.setMaximum(count)
        self.progress.setValue(0)

    @Slot(object)
    def _read(self, read: Read) -> None:
        proposal = None
        if read.activity is not None and not self.cancelled:
            proposal = self.ops.runback.import_proposal(read.activity)
        self.reads.append((read, proposal))
        done = len(self.reads)
        self.progress.setLabelText(f"Read {done} of {self.count}: {read.source.name}")
        self.progress.setValue(done)

    @Slot(bool, str)
    def _finished(self, cancelled: bool, failure: str) -> None:
        self._stop()
        self.cancelled = self.cancelled or cancelled
        self.progress.canceled.disconnect(self.cancel)  # closing it says "canceled" too
        self.progress.close()
        status = getattr(self.window, "statusBar", None)
        if self.cancelled:
            if callable(status):
                status().showMessage("Import cancelled: nothing was saved.", 15000)
        elif failure:
            from ui.common import alert

            alert(self.window, TITLE, f"The files could not be read: {failure}. Nothing was "
                                      f"saved.")
        else:
            from ui.import_dialog import ImportDialog

            self.dialog = ImportDialog(self.ops, self.reads, self.window)
            self.dialog.open()
        self.running = False
        self.done.emit()

    def _stop(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self.running:
            self.reader.cancel()
            self.worker_thread.quit()
            self.worker_thread.wait()
        return False
