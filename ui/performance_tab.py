"""Stage 5, build performance: runs by type, weekly load and flags, sleep, mobility."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from core.log_forms import another_words
from core.model import RunEntry, RunType, SessionKind
from core.rules.metrics import FLAG_TITLES, FLAGS_IN_SHORT, flag_help, load_guidance
from core.runback import Changes
from ui import log_form, replace_question
from ui.common import (
    Operations,
    button,
    card,
    feedback_label,
    fill_table,
    named,
    read_only_table,
    text_label,
)
from ui.log_form import LogForm
from ui.session_table import SessionTable

FLAGS_COLUMN = 4
RUN_TYPES = [("Easy", RunType.EASY), ("Long", RunType.LONG), ("Hills", RunType.HILLS),
             ("Speed", RunType.SPEED)]
RUN = (
    log_form.choice("run_type", "Type", "Run type", RUN_TYPES),
    log_form.minutes("Run minutes", 30, high=600),
    log_form.distance(),
    log_form.effort("Run effort", 4),
    log_form.pain("Knee pain during the run"),
    log_form.cadence("Run cadence"),
    log_form.check("limp", "Stop signs", "I limped", "Limp", one_session=True),
    log_form.check("swelling", "", "The knee swelled", "New swelling", one_session=True),
    log_form.day("Run date"),
    log_form.notes("Run notes"),
)
MOBILITY = (
    log_form.minutes("Mobility minutes", 10, high=240, attribute="mobility"),
    log_form.day("Mobility date", attribute="mobility_date"),
)
MOBILITY_NOTES = "Hip and ankle mobility"


class PerformanceTab(QWidget):
    mobility: QDoubleSpinBox  # these two set by the mobility LogForm
    mobility_date: QDateEdit

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.guidance = text_label(name="Performance guidance")
        self.form = LogForm(self, self.ops, RUN, "Log run",
                            stored=lambda runback, day: runback.session_on(SessionKind.RUN, day))
        self.save, self.feedback = self.form.save, self.form.feedback
        run_card = card("Log a run")
        self.form.lay_out(QVBoxLayout(run_card), above=[self.guidance])

        self.sleep = named(QDoubleSpinBox(), "Hours slept")
        self.sleep.setRange(0, 24)
        self.sleep.setSingleStep(0.25)
        self.sleep.setValue(7.5)
        self.sleep.setSuffix(" h")
        self.save_sleep = button("Save sleep")
        self.mobility_form = LogForm(self, self.ops, MOBILITY, "Log mobility",
                                     stored=lambda runback, day: runback.session_on(
                                         SessionKind.MOBILITY, day))
        self.save_mobility = self.mobility_form.save
        self.save_mobility.setDefault(False)  # beside "Save sleep": neither is the tab's main
        self.save_mobility.setAutoDefault(False)
        self.drills = text_label(name="Mobility drills")
        self.recovery_feedback = feedback_label()
        recovery_card = card("Recovery")
        recovery = QVBoxLayout(recovery_card)
        for label, widgets in (("Last night's sleep", (self.sleep, self.save_sleep)),
                               ("Mobility drills", (self.mobility, self.mobility_date,
                                                    self.save_mobility))):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            recovery.addLayout(row)
        recovery.addWidget(self.mobility_form.source)
        recovery.addWidget(self.drills)
        recovery.addWidget(self.recovery_feedback)
        recovery.addWidget(self.mobility_form.feedback)

        self.load = read_only_table("Weekly load",
                                    ["Week of", "Load", "Ratio", "Strength", "Flags"])
        load_card = card("Weekly load (minutes × effort)")
        load_box = QVBoxLayout(load_card)
        load_box.addWidget(self.load)
        self.flags_note = text_label(
            f"{FLAGS_IN_SHORT} "
            "Hover a week's flags for what they can and cannot tell.", name="Load flags note")
        self.flags_help = button("What do these flags mean?")
        load_box.addWidget(self.flags_note)
        load_box.addWidget(self.flags_help, alignment=Qt.AlignmentFlag.AlignLeft)

        self.history = SessionTable(
            self.ops, (SessionKind.RUN,),
            [("Date", lambda s: s.date.isoformat()),
             ("Type", lambda s: s.run_type.value if s.run_type else ""),
             ("Minutes", lambda s: round(s.minutes)), ("Effort", lambda s: s.effort),
             ("Pain", lambda s: s.pain_during), ("Notes", lambda s: s.notes)],
            "Recent runs", limit=20)

        grid = QGridLayout(self)
        grid.addWidget(run_card, 0, 0, 2, 1)
        grid.addWidget(load_card, 0, 1)
        grid.addWidget(self.history, 1, 1)
        grid.addWidget(recovery_card, 2, 0, 1, 2)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)
        self.save_sleep.clicked.connect(self._log_sleep)
        self.save_mobility.clicked.connect(self._log_mobility)
        for form in (self.form, self.mobility_form):
            form.date_box().dateChanged.connect(lambda _=None, f=form: f.load_day())
        self.flags_help.clicked.connect(self._explain_flags)

    def submit(self) -> bool:
        """Save; over a run stored that day, only once the runner says replace it (or save
        this one beside it)."""
        return replace_question.save_asking(
            self, self.form, lambda rb, entry, replace: rb.log_run(entry, replace=replace),
            lambda entry: f"Logged a {entry.minutes:g}-minute {entry.run_type.value} run.",
            RunEntry, "Replace the run?", another_words(SessionKind.RUN))

    def _log_sleep(self) -> None:
        hours = self.sleep.value()
        self.ops.run(lambda rb: rb.log_sleep(hours), self.recovery_feedback,
                     f"Saved {hours:g} h of sleep for last night.")

    def _log_mobility(self) -> bool:
        """As a run: over a mobility session stored that day, only once the runner says."""
        return replace_question.save_asking(
            self, self.mobility_form,
            lambda rb, values, replace: rb.log_mobility(notes=MOBILITY_NOTES, replace=replace,
                                                        **values),
            lambda values: f"Logged {values['minutes']:g} min of mobility.", None,
            "Replace the mobility session?", another_words(SessionKind.MOBILITY))

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        self.history.refresh(changes)
        if runback.needs_setup:
            return
        for form in (self.form, self.mobility_form):
            form.reset_date(runback)
            form.load_day(refill=False)
        protocol = runback.protocol
        quality = runback.next_quality_session()
        order = ", then ".join(t.value for t in protocol.reintroduce)
        needed = protocol.performance.sessions_before_next
        growth = protocol.performance.weekly_load_growth_percent
        self.guidance.setText(
            (f"Next to bring back: <b>{quality.value}</b>. " if quality else
             "Long runs, hills and speed are all back. ")
            + f"Quality sessions return one at a time ({order}), each done {needed}× with pain "
            f"at {protocol.pain.threshold}/10 or less first. Let weekly load grow by "
            f"{growth:g} % at most.")
        self.drills.setText("Mobility for hips and ankles: "
                            + ", ".join(protocol.performance.mobility_drills) + ".")
        self._show_weeks()

    def _show_weeks(self) -> None:
        shown, raised = [], []
        for row in self.ops.runback.recent_weeks()[::-1]:
            ratio = "" if row.load.ratio is None else f"{row.load.ratio:.2f}"
            strength = (f"{row.adherence.done}/{row.adherence.planned}"
                        if row.adherence.planned else "")
            shown.append((row.week.isoformat(), f"{row.load.load:.0f}", ratio, strength,
                          "; ".join(row.load.flags)))
            raised.append(row.load.raised)
        fill_table(self.load, shown)
        explained = flag_help(self.ops.runback.protocol)
        for index, flags in enumerate(raised):  # each week's flags explained on hover
            by_title = {FLAG_TITLES[flag.kind]: explained[flag.kind] for flag in flags}
            item = self.load.item(index, FLAGS_COLUMN)  # fill_table leaves no cell empty
            assert item is not None
            tip = "\n\n".join(f"{title}. {text}" for title, text in by_title.items())
            if item.toolTip() != tip:  # each tip set costs as a cell set (fill_table)
                item.setToolTip(tip)

    def _explain_flags(self) -> None:
        QMessageBox.information(self, "What the load flags can and cannot tell",
                                load_guidance(self.ops.runback.protocol))
