"""The 填报 page: navigator | the selected return | findings, and the return's life cycle.

Documents (and their undo stacks) are kept per return while the window is open;
opening a return again rebuilds its validation context, since another form of
the same year may have changed meanwhile.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent, QUndoGroup
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from siwu_desktop.core.forms import FORM_IDS
from siwu_desktop.core.terms import ANNUAL, Period, Severity, period_text
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.data import ReturnInfo, StorageError
from siwu_desktop.services.returns import WITHDRAWN, FinaliseRefused, ReturnService
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.document import ReturnDocument
from siwu_desktop.ui.findings_panel import FindingsPanel
from siwu_desktop.ui.navigator import ReturnNavigator
from siwu_desktop.ui.outputs import Outputs
from siwu_desktop.ui.preferences import Preferences, documents_folder, forget, store
from siwu_desktop.ui.return_editor import ReturnEditor, set_font, set_text_color

if TYPE_CHECKING:
    from siwu_desktop.services.carry import CarryPlan

#: The side panels' widths until the clerk drags a splitter handle: a share of the page's
#: width within bounds (in em of the page's font), so a 1280 px window or a 150 % desktop
#: leaves the table most of the width. The navigator is no wider than its content.
NAV_SHARE, NAV_LEAST_EM = 0.2, 12.0
FINDINGS_SHARE, FINDINGS_LEAST_EM, FINDINGS_MOST_EM = 0.2, 15.0, 26.0
#: The splitter as the clerk dragged it (QSplitter.saveState), kept in window.ini. The
#: earlier "window/splitter" was saved on every close, dragged or not (fixed 270 | 300 px).
PANELS_KEY = "window/panels"
PLACEHOLDER_COLOR = QColor("#6b7280")
OLD_PANELS_KEY = "window/splitter"


def panel_widths(width: int, nav_need: int, em: float, handles: int) -> list[int]:
    """The navigator's, the table's and 检查结果's widths in a page `width` px wide: the
    navigator `nav_need` (its content) but at most NAV_SHARE of the width (never under
    NAV_LEAST_EM), 检查结果 FINDINGS_SHARE of it within its bounds, the table the rest
    less the splitter's `handles`."""
    nav = min(nav_need, max(int(NAV_LEAST_EM * em), int(NAV_SHARE * width)))
    findings = int(FINDINGS_SHARE * width)
    findings = max(int(FINDINGS_LEAST_EM * em), min(int(FINDINGS_MOST_EM * em), findings))
    return [nav, max(0, width - nav - findings - handles), findings]


class ReturnsPage(QWidget):
    message = Signal(str)
    saved = Signal(str)
    current_changed = Signal()
    refreshed = Signal()
    # once per window: the return reopened at start is judged and on screen (or there was
    # none to judge); ui.app.collect_garbage_after_start turns the collector back on here
    started = Signal()
    # every operation's Changes, after this page has refreshed from them: the window's other
    # views (the city's board, charts and summary, the 密钥与备案 page) refresh from it too
    applied = Signal(object)

    def __init__(self, service: ReturnService, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.prefs = Preferences(settings)
        self.profile = service.profile()
        self.undo_group = QUndoGroup(self)
        self.documents: dict[int, ReturnDocument] = {}
        self.editors: dict[int, ReturnEditor] = {}
        self.current: ReturnDocument | None = None
        self.last_dialog: QWidget | None = None
        self.outputs = Outputs(self)
        self.navigator = ReturnNavigator()
        self.stack = QStackedWidget()
        self.placeholder = QLabel(S.NO_RETURN)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_text_color(self.placeholder, PLACEHOLDER_COLOR)
        set_font(self.placeholder, 13.0)
        self.stack.addWidget(self.placeholder)
        self.findings = FindingsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        nav_box = QWidget()
        nav_layout = QVBoxLayout(nav_box)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.addWidget(self.navigator)
        if self.profile.mode == "city":
            hint = QLabel(S.CITY_MODE_HINT)
            hint.setWordWrap(True)
            hint.setStyleSheet("color:#6b7280")
            nav_layout.addWidget(hint)
        self.splitter.addWidget(nav_box)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.findings)
        # a wider window widens the table; the side panels keep their width
        for panel, stretch in enumerate((0, 1, 0)):
            self.splitter.setStretchFactor(panel, stretch)
        self.splitter.setCollapsible(1, False)
        em = self.fontMetrics().horizontalAdvance("中")
        self.navigator.setIndentation(em)
        nav_box.setMinimumWidth(int(NAV_LEAST_EM * em))
        self.findings.setMinimumWidth(int(FINDINGS_LEAST_EM * em))
        self.panels_dragged = self._restore_panels()
        self.splitter.splitterMoved.connect(self._panels_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.navigator.chosen.connect(self.open_return)
        self.navigator.rows_changed.connect(self.fit_navigator)
        self.findings.activated.connect(self._finding_activated)
        self._judge_queue: list[ReturnInfo] = []
        # start(): the reopened return is judged after the window's first paint (issue #6)
        self._defer_judging = False
        self._deferred: ReturnDocument | None = None
        self._stopped = False  # the window closed: the database closes next

    # --- panels -----------------------------------------------------------------------------

    def _restore_panels(self) -> bool:
        state = self.settings.value(PANELS_KEY)
        return state is not None and self.splitter.restoreState(state)

    def _panels_moved(self, *_: object) -> None:
        self.panels_dragged = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.panels_dragged:  # the clerk's widths stay; else relative to the window
            self.fit_panels(event.size().width())

    def fit_panels(self, width: int) -> None:
        """The side panels' default widths for a page `width` px wide (panel_widths)."""
        self.splitter.setSizes(self._panel_widths(width))

    def _panel_widths(self, width: int) -> list[int]:
        em = self.fontMetrics().horizontalAdvance("中")
        handles = 2 * self.splitter.handleWidth()
        return panel_widths(width, self.navigator.content_width(), em, handles)

    def fit_navigator(self) -> None:
        """After the navigator's rows changed (a year added, a longer state such as
        有错误 or 市局退回; its rows_changed): the undragged panels follow its content, as
        on a resize. Only a changed width touches the splitter."""
        if self.panels_dragged or not self.isVisible():
            return
        sizes = self._panel_widths(self.width())
        if sizes[0] != self.splitter.sizes()[0]:
            self.splitter.setSizes(sizes)

    def save_panels(self) -> None:
        """The splitter as the clerk dragged it is kept; undragged, the defaults stay
        relative to the window next time."""
        forget(self.settings, OLD_PANELS_KEY)
        if self.panels_dragged:
            store(self.settings, PANELS_KEY, self.splitter.saveState())

    # --- returns ----------------------------------------------------------------------------

    def counties(self) -> list[str]:
        p = self.profile
        return [n for n, _ in p.counties] or ([p.county] if p.county else [])

    def all_returns(self) -> list[ReturnInfo]:
        out: list[ReturnInfo] = []
        for county in self.counties():
            out += self.service.county_returns(county)
        return out

    def reload_returns(self) -> None:
        returns = self.all_returns()
        if not returns and self.profile.mode == "county" and self.profile.county:
            self.create_year((self.service.today or dt.date.today()).year - 1, select=False)
            returns = self.all_returns()
        self.navigator.exported = self._exported(returns)
        self.navigator.receipts = self._receipts()
        self.navigator.show_returns(
            returns,
            self._nav_titles(),
            self.profile.mode == "city",
            [name for name, _ in self.profile.counties],
        )

    def _nav_titles(self) -> dict[str, str]:
        return dict(zip(FORM_IDS, S.NAV_FORMS, strict=True))

    def _receipts(self) -> dict[tuple[str, str, int, str], object]:
        """The city's receipts the county holds (services.receipt_status.latest_receipts)."""
        from siwu_desktop.services.receipt_status import latest_receipts

        out: dict[tuple[str, str, int, str], object] = {}
        for county in self.counties() if self.profile.mode == "county" else ():
            for (form, year, period), r in latest_receipts(self.service, county).items():
                out[county, form, year, period] = r
        return out

    def _exported(self, returns: list[ReturnInfo]) -> set[tuple[int, int]]:
        """(return, revision) of each finalised revision exported or printed as it stands:
        a record of that digest, not one of a draft under the same number (the correction
        before 定稿, or one later withdrawn, whose number the next correction reuses)."""
        out = set()
        for info in returns:
            if info.locked:
                for record in self.service.output_records(info.id):
                    if record.digest == info.digest:
                        out.add((record.return_id, record.revision))
        return out

    def _refresh_statuses(self, ids: frozenset[int]) -> None:
        """The navigator rows of the returns an operation changed: state, export mark and
        the city's receipt; the other rows stay as they are."""
        self.navigator.receipts = self._receipts()
        for return_id in ids:
            info = self.service.info(return_id)
            kept = {k for k in self.navigator.exported if k[0] != return_id}
            self.navigator.exported = kept | self._exported([info])
            self.navigator.refresh_info(info)

    def apply(self, changes: Changes) -> None:
        """Refresh every view from what an operation changed (services.changes): the
        navigator's list or states, and the open returns whose content the operation
        wrote (an import into an open return shows at once) or whose pack changed."""
        if not changes:
            return
        if changes.listing:  # returns were added: the list itself is read again
            self.reload_returns()
        elif changes.statuses or changes.returns:
            self._refresh_statuses(changes.statuses | changes.returns)
        service = self.service
        for return_id, doc in self.documents.items():
            if changes.pack or return_id in changes.returns:
                doc.reload(service.info(return_id))
            elif return_id in changes.statuses:
                doc.loaded.info = service.info(return_id)
                doc.refresh()
            elif return_id in changes.findings:
                doc.context = service.context(doc.loaded)
                doc.refresh()
        for return_id in changes.returns | changes.statuses:
            editor = self.editors.get(return_id)
            if editor is not None:
                editor.update_header()
        if changes.pack:
            self._judge_queue = [i for i in self.all_returns() if i.id not in self.documents]
            QTimer.singleShot(0, self._judge_next)
        self.findings.rebuild()
        self.refreshed.emit()
        self.current_changed.emit()
        self.applied.emit(changes)

    def create_return(self, year: int, period: str, carry: bool) -> None:
        """新建报表: a year's returns (carrying last year forward when `carry`: 表四 ledger
        and base-year inputs) or a quarter's 表三."""
        if period == ANNUAL:
            self.create_year(year, from_last_year=carry, base_inputs=carry)
        else:
            self.create_quarter(year, period)

    def create_year(
        self,
        year: int,
        select: bool = True,
        from_last_year: bool = False,
        base_inputs: bool = True,
    ) -> None:
        """新建年度报表 (services.carry.create_year: base-year inputs from the county's
        earlier returns unless not `base_inputs`, and last year's 表四 ledger when asked);
        what was carried, or left as the clerk had it, is listed in a message."""
        county = self.profile.county
        if not county:
            return
        from siwu_desktop.services.carry import create_year

        carried = create_year(
            self.service, county, year, from_last_year=from_last_year, base_inputs=base_inputs
        )
        if not select:
            return
        self.apply(carried.changes)
        first = self.service.open(county, FORM_IDS[0], year)
        self.navigator.select(first.id)
        lines = carried.lines()
        self.message.emit(S.CARRIED_DONE.format(year=year))
        if lines:
            from PySide6.QtWidgets import QMessageBox  # built on first use

            box = QMessageBox(
                QMessageBox.Icon.Information,
                S.CARRIED_TITLE,
                S.CARRIED_DONE.format(year=year) + "\n\n" + "\n".join(f"· {t}" for t in lines),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()
            self.last_dialog = box

    def carry_plan(self, year: int) -> CarryPlan:
        """What 从上一年结转 would carry into `year` now (services.carry.plan)."""
        from siwu_desktop.services.carry import CarryPlan, plan

        county = self.profile.county
        return plan(self.service, county, year) if county else CarryPlan(year)

    def county_title(self) -> str:
        """The county the new returns are for, with its city (the dialog shows it fixed)."""
        return f"{self.profile.city}{self.profile.county}"

    def create_quarter(self, year: int, quarter: str) -> None:
        """新建季度报表 (services.carry.create_quarter); the new (or existing) 表三 opens."""
        county = self.profile.county
        if not county:
            return
        from siwu_desktop.services.carry import create_quarter

        self.apply(create_quarter(self.service, county, year, Period(quarter)).changes)
        self.navigator.select(self.service.open(county, "t3", year, quarter).id)

    def start(self) -> None:
        """Fill the navigator and reopen the last return (or the newest 表一)."""
        self.reload_returns()  # the whole list: nothing is shown yet
        last = self.settings.value("returns/last")
        returns = [i.data(0, Qt.ItemDataRole.UserRole) for i in self.navigator.items()]
        chosen = next((r for r in returns if str(r.id) == str(last)), None)
        if chosen is None:
            chosen = next((r for r in returns if r.form == "t1"), returns[0] if returns else None)
        if chosen is not None:
            self._defer_judging = True
            try:
                self.navigator.select(chosen.id)
            finally:
                self._defer_judging = False
        self._judge_queue = [
            r for r in returns if self.current is None or r.id != self.current.loaded.info.id
        ]
        if self._deferred is None:  # else after the window's first paint (window_painted)
            QTimer.singleShot(0, self.started.emit)
            QTimer.singleShot(50, self._judge_next)

    def window_painted(self) -> None:
        """The window's first paint (MainWindow.paintEvent): the return reopened at start
        is judged once this paint is on screen, then the navigator's others."""
        if self._deferred is not None:
            QTimer.singleShot(0, self._judge_deferred)

    def _judge_deferred(self) -> None:
        """The return reopened at start-up: its findings, then the navigator's others."""
        doc, self._deferred = self._deferred, None
        if doc is None:
            return
        doc.judge_pending()  # its targets and findings first: the clerk is reading them
        QTimer.singleShot(0, self._prepare_writes)
        QTimer.singleShot(50, self._judge_next)

    def _prepare_writes(self) -> None:
        """Once the judged return is on screen: the write path, not on the first keystroke;
        the start is over."""
        if not self._stopped:
            self.service.prepare_writes()
        self.started.emit()

    def stop(self) -> None:
        """The window is closing: the explanation being typed is saved, and no more
        background judging (the database closes next)."""
        self.save_panels()
        self.findings.flush()
        self._judge_queue.clear()
        self._deferred = None
        self._stopped = True

    def _judge_next(self) -> None:
        """Mark "有错误" in the navigator, one return per turn of the event loop."""
        if not self._judge_queue:
            return
        info = self._judge_queue.pop(0)
        if info.id not in self.documents and not info.locked:
            try:
                loaded = self.service.load(info)
                errors = any(f.severity is Severity.ERROR for f in self.service.validate(loaded))
                self.navigator.refresh_info(info, errors)
            except StorageError:
                pass
        QTimer.singleShot(0, self._judge_next)

    def document(self, info: ReturnInfo) -> ReturnDocument:
        doc = self.documents.get(info.id)
        if doc is None:
            judge = not self._defer_judging
            doc = ReturnDocument(self.service, self.service.load(info), self, judge=judge)
            if not judge:
                self._deferred = doc
            doc.saved.connect(self._saved)
            doc.failed.connect(self._failed)
            doc.refreshed.connect(self._doc_refreshed)
            self.undo_group.addStack(doc.undo_stack)
            self.documents[info.id] = doc
        else:
            doc.context = self.service.context(doc.loaded)
            doc.refresh()
        return doc

    def open_return(self, info: ReturnInfo) -> None:
        doc = self.document(info)
        editor = self.editors.get(info.id)
        if editor is None:
            editor = ReturnEditor(
                doc,
                self.profile.unit_name or self.profile.label,
                city_view=self.profile.mode == "city",
                prefs=self.prefs,
            )
            editor.message.connect(self.message)
            self.editors[info.id] = editor
            self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self.current = doc
        self.undo_group.setActiveStack(doc.undo_stack)
        self.findings.set_document(doc)
        store(self.settings, "returns/last", info.id)
        self._doc_refreshed()
        self.current_changed.emit()

    def current_editor(self) -> ReturnEditor | None:
        if self.current is None:
            return None
        return self.editors.get(self.current.loaded.info.id)

    def require_document(self) -> ReturnDocument | None:
        if self.current is None:
            self.message.emit(S.NO_CURRENT_RETURN)
        return self.current

    def selected_year(self) -> int | None:
        """The year selected in the navigator, else the open return's."""
        year = self.navigator.selected_year()
        if year is None and self.current is not None:
            year = self.current.loaded.info.year
        return year

    def output_dir(self) -> Path:
        """Where export and PDF dialogs open (设置 → 偏好设置, else the last export's folder,
        else the user's 文档 folder)."""
        return self.prefs.export_dir(documents_folder())

    # --- reacting to edits ----------------------------------------------------------------

    def _saved(self, at: str) -> None:
        self.saved.emit(at)

    def _failed(self, text: str) -> None:
        """A refused write (full disk, read-only folder): a warning that stays until read, not
        only the status bar's eight seconds, since what was typed is no longer in the cell."""
        self.message.emit(S.SAVE_FAILED.format(error=text))
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            S.SAVE_FAILED_TITLE,
            S.SAVE_FAILED.format(error=text),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.last_dialog = box

    def _doc_refreshed(self) -> None:
        doc = self.current
        if doc is None:
            return
        info = doc.loaded.info
        errors = None if doc.pending else any(f.severity is Severity.ERROR for f in doc.findings)
        self.navigator.refresh_info(info, errors)
        self.refreshed.emit()

    def _finding_activated(self, finding) -> None:  # type: ignore[no-untyped-def]
        editor = self.current_editor()
        if editor is not None:
            editor.select_finding(finding)

    # --- life cycle -----------------------------------------------------------------------

    def validate(self) -> None:
        doc = self.require_document()
        if doc is None:
            return
        doc.context = self.service.context(doc.loaded)
        try:
            checked = self.service.check(doc.loaded)
        except StorageError as exc:
            self.message.emit(str(exc))
            checked = None
        doc.refresh()
        errors = doc.counts()[Severity.ERROR]
        if checked is not None:
            self.apply(checked.changes)
        self.message.emit(
            S.VALIDATED_OK if errors == 0 else S.VALIDATED_ERRORS.format(errors=errors)
        )
        if errors:
            self.findings.next_finding()

    def finalise_summary(self, doc: ReturnDocument) -> str:
        import html

        data = doc.data
        meta = self.service.signatures(doc.loaded)
        warnings = [f for f in doc.findings if doc.needs_explanation(f)]
        values = len([e for e in data.values.values() if not e.blank]) + sum(
            len([e for e in r.cells.values() if not e.blank]) for r in data.rows
        )
        info = doc.loaded.info
        return S.FINALISE_SUMMARY.format(
            title=html.escape(f"{doc.form.short} {doc.form.title}"),
            unit=html.escape(meta.unit),
            period=period_text(info.year, info.period),
            values=values,
            explanations=len(data.explanations),
            warnings=len(warnings),
            explained=len([f for f in warnings if doc.explained(f)]),
            preparer=html.escape(meta.preparer or "—"),
            reviewer=html.escape(meta.reviewer or "—"),
            head=html.escape(meta.head or "—"),
        )

    def finalise(self) -> None:
        doc = self.require_document()
        if doc is None:
            return
        if doc.read_only:
            self.message.emit(S.EDIT_LOCKED)
            return
        doc.context = self.service.context(doc.loaded)
        doc.refresh()
        unchanged = self.service.unchanged_correction(doc.loaded)
        if unchanged is not None:
            self._unchanged(doc, unchanged)
            return
        from siwu_desktop.core.validation import finalise_blockers

        blockers = finalise_blockers(doc.findings, doc.data.explanations)
        if blockers:
            self._refused(doc, blockers)
            return
        from siwu_desktop.ui.dialogs import FinaliseDialog  # not needed at start-up

        dialog = FinaliseDialog(
            self.finalise_summary(doc),
            S.FINALISE_INTRO.format(revision=doc.loaded.revision),
            self,
        )
        dialog.accepted.connect(lambda: self._do_finalise(doc))
        dialog.open()
        self.last_dialog = dialog

    def _unchanged(self, doc: ReturnDocument, old: int) -> None:
        """定稿 of a correction that changed nothing: say so, and offer 撤销更正 (back to
        第n版, no new revision) or 返回修改."""
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(
            QMessageBox.Icon.Question,
            S.UNCHANGED_TITLE,
            S.UNCHANGED_TEXT.format(new=doc.loaded.revision, old=old),
            parent=self,
        )
        withdraw = box.addButton(S.UNCHANGED_WITHDRAW, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(S.UNCHANGED_BACK, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(withdraw)
        withdraw.clicked.connect(lambda: self._do_finalise(doc))
        box.open()
        self.last_dialog = box

    def _refused(self, doc: ReturnDocument, reasons: list[str]) -> None:
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            S.FINALISE_REFUSED_TITLE,
            "\n".join(f"· {r}" for r in reasons[:8]) + ("\n……" if len(reasons) > 8 else ""),
            parent=self,
        )
        box.open()
        self.last_dialog = box
        first = next(
            (f for f in doc.findings if f.blocking and not doc.explained(f)),
            next((f for f in doc.findings if f.severity is Severity.ERROR), None),
        )
        if first is not None:
            self.findings.open_explanation(first)

    def _do_finalise(self, doc: ReturnDocument) -> None:
        try:
            revision = self.service.finalise(doc.loaded)
        except FinaliseRefused as exc:
            self._refused(doc, exc.reasons)
            return
        except StorageError as exc:
            self.message.emit(str(exc))
            return
        doc.undo_stack.clear()
        self.apply(revision.changes)
        if revision.withdrawn:
            self.message.emit(WITHDRAWN.format(new=revision.revision + 1, old=revision.revision))
            return
        self.message.emit(
            S.FINALISE_DONE.format(revision=revision.revision, digest=(revision.digest or "")[:16])
        )

    def correct(self) -> None:
        doc = self.require_document()
        if doc is None:
            return
        info = doc.loaded.info
        if not info.locked:
            self.message.emit(S.CORRECT_TITLE + "：" + "只有已定稿的报表需要更正，草稿可直接修改。")
            return
        from siwu_desktop.ui.dialogs import CorrectDialog

        dialog = CorrectDialog(
            S.CORRECT_PROMPT.format(revision=info.revision, new=info.revision + 1), self
        )
        dialog.accepted.connect(lambda: self._do_correct(doc, dialog.reason.toPlainText().strip()))
        dialog.open()
        self.last_dialog = dialog

    def _do_correct(self, doc: ReturnDocument, reason: str) -> None:
        try:
            revision = self.service.correct(doc.loaded, reason)
        except StorageError as exc:
            self.message.emit(str(exc))
            return
        doc.undo_stack.clear()
        self.apply(revision.changes)
        self.message.emit(S.CORRECT_DONE.format(revision=revision.revision))
