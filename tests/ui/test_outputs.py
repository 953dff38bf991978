"""Long work off the GUI thread, and the export / import / print actions wired to their layers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.jobs import Job
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.outputs import fitted
from tests.printing.conftest import flat, pdf_text

from .conftest import open_return


def test_a_job_works_in_a_thread_and_applies_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    gui = threading.get_ident()
    seen: list[tuple[int, int, int]] = []

    def work(n: int) -> int:
        return threading.get_ident()

    def apply(n: int, worker_thread: int) -> int:
        seen.append((n, worker_thread, threading.get_ident()))
        return n * 2

    job = Job(parent, "测试", [1, 2, 3], lambda i, n: f"{i}", apply, work)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        job.start()
    assert [r for _, r, _ in done.args[0]] == [2, 4, 6]
    assert all(worker != gui and applied == gui for _, worker, applied in seen)


def test_a_job_can_be_cancelled_between_items(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    applied: list[int] = []
    job = Job(parent, "测试", list(range(100)), lambda i, n: f"{i}", lambda n, _: applied.append(n))

    def maybe_cancel(n: int, _: object) -> None:
        applied.append(n)
        if n == 2:
            job.dialog.cancel()

    job.apply_item = maybe_cancel
    with qtbot.waitSignal(job.done, timeout=10_000):
        job.start()
    assert job.cancelled and applied == [0, 1, 2]


def test_a_job_that_runs_to_the_end_is_not_cancelled(qtbot: QtBot) -> None:
    """Closing the progress dialog at the end is not the user pressing 取消 (#17 item 11)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    job = Job(parent, "测试", [1, 2, 3], lambda i, n: f"{i}", lambda n, _: n * 2)
    job.dialog.setMinimumDuration(0)  # shown at once, as during a long export
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        job.start()
    assert [r for _, r, _ in done.args[0]] == [2, 4, 6]
    assert not job.cancelled


def test_export_all_and_import_report_success_not_cancelled(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The demo county holds 13 returns (2023–2024: four forms each; 2025: four drafts;
    2026: one 表三): 导出全部 writes 13 workbooks and says so; importing one back says
    导入完成, not 已取消：已完成 13 / 13."""
    assert window.page is not None
    outputs = window.page.outputs
    count = len(window.page.all_returns())
    job = outputs.export_all_to(tmp_path)
    assert job is not None
    job.dialog.setMinimumDuration(0)
    qtbot.waitUntil(lambda: job.dialog is None, timeout=60_000)
    assert len(list(tmp_path.glob("*.xlsx"))) == count
    assert outputs.last_message == f"已导出 {count} 张报表到 {tmp_path}"
    one = sorted(tmp_path.glob("*2024年度_表一*.xlsx"))[:1]
    job = outputs.import_files(one)
    assert job is not None
    qtbot.waitUntil(lambda: job.dialog is None, timeout=60_000)
    assert "已取消" not in outputs.last_message
    assert outputs.last_message.startswith("导入完成：1 个文件成功，0 个被拒绝")


def test_export_action_writes_the_return_and_records_the_export(
    window: MainWindow, tmp_path: Path
) -> None:
    """The window's 导出 goes through services.export: the file reads back as the open
    return (same values, same content digest) and the export is in the return's record."""
    from siwu_desktop.core.digest import content_digest
    from siwu_desktop.excel.reader import read_workbook

    editor = open_return(window, 2024, "t1")
    loaded = editor.doc.loaded
    out = tmp_path / "out.xlsx"
    assert window.page is not None
    result = window.page.outputs.export_to(out)
    assert result is not None, window.page.outputs.last_message
    (parsed,) = read_workbook(out, window.page.service.catalog).returns
    assert (parsed.county, parsed.year, parsed.form.id) == (loaded.info.county, 2024, "t1")
    assert parsed.verified and parsed.digest == content_digest(loaded.data)
    assert {k: e.value for k, e in parsed.data.values.items()} == {
        k: e.value for k, e in loaded.data.values.items()
    }
    records = window.page.service.storage.outputs.for_return(loaded.info.id)
    assert [(r.kind, Path(r.file), r.digest) for r in records] == [("export", out, parsed.digest)]


def test_pdf_and_preview_actions_use_the_printing_layer(window: MainWindow, tmp_path: Path) -> None:
    open_return(window, 2024, "t1")
    assert window.page is not None
    pdf = window.page.outputs.save_pdf_to(tmp_path / "t1.pdf")
    assert pdf is not None, window.page.outputs.last_message
    text = flat(pdf_text(pdf))
    assert "主要指标完成情况表" in text and "潞城区" in text and "第1页共2页" in text
    preview = window.page.outputs.print_preview()
    assert preview is not None
    preview.close()


def test_the_print_preview_fits_the_screen(window: MainWindow) -> None:
    """It was always 900 × 1000 px: on a 1366 × 768 screen (a 40 px panel: 728 free) its
    lower part was out of reach. 92 % of 728 is 669.76 → 669 px; 92 % of 1366 is 1256, more
    than the 900 wanted. On a 1920 × 1080 screen (1040 free): 900 × 956."""
    assert fitted(QSize(900, 1000), QSize(1366, 728)) == QSize(900, 669)
    assert fitted(QSize(900, 1000), QSize(1920, 1040)) == QSize(900, 956)
    open_return(window, 2024, "t1")
    assert window.page is not None
    preview = window.page.outputs.print_preview()
    assert preview is not None
    free = window.screen().availableGeometry()
    assert preview.height() <= free.height() and preview.width() <= free.width()
    preview.close()


def test_every_action_has_a_shortcut_and_chinese_text(window: MainWindow) -> None:
    actions = [
        window.undo_action,
        window.redo_action,
        window.validate_action,
        window.finalise_action,
        window.correct_action,
        window.export_action,
        window.export_all_action,
        window.import_action,
        window.print_action,
        window.preview_action,
        window.pdf_action,
        window.next_action,
        window.profile_action,
    ]
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert not any(
            "a" <= ch.lower() <= "z" for ch in action.text().replace("PDF", "").split("(")[0]
        ), action.text()


def test_importing_into_the_open_return_shows_the_imported_figure_at_once(
    qtbot: QtBot, yangquan_window: MainWindow, tmp_path: Path
) -> None:
    """The import says which returns it wrote (services.changes); the window reads the
    open one again from that, instead of showing its old figures until a restart."""
    import openpyxl
    from PySide6.QtCore import Qt

    from siwu_desktop.excel.template import write_template

    win = yangquan_window
    editor = open_return(win, 2025, "t1")
    doc = editor.doc
    assert doc.text(None, "total_use") != "4321"
    path = write_template(
        win.page.service.catalog, "阳泉市", "盂县", "t1", 2025, "Y", tmp_path / "t1.xlsx"
    )
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    _sheet, cell = ws.defined_names[doc.form.field("total_use").cell].attr_text.split("!")
    ws[cell.replace("$", "")].value = 4321
    wb.save(path)
    assert win.page is not None
    job = win.page.outputs.import_files([path])
    assert job is not None
    qtbot.waitUntil(lambda: "导入" in win.page.outputs.last_message, timeout=20_000)
    assert doc.text(None, "total_use") == "4321"
    shown = editor.model.data(editor.model.index_of(None, "total_use"), Qt.ItemDataRole.DisplayRole)
    assert "4321" in str(shown).replace(",", "")


def test_the_pdf_of_a_quarter_is_named_by_its_quarter(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's 2025 表三 and its 2026 第一季度 表三: 另存为 PDF offered 潞城区2025表三.pdf
    and 潞城区2026表三.pdf, one name for the year's and every quarter's 表三 of a year."""
    offered: list[str] = []

    def save_as(parent, title, path, filters):  # type: ignore[no-untyped-def]
        offered.append(Path(path).name)
        return "", filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    assert window.page is not None
    for year, period in ((2025, "Y"), (2026, "Q1")):
        open_return(window, year, "t3", period)
        window.page.outputs.save_pdf()
    assert offered == ["潞城区_2025年度_表三.pdf", "潞城区_2026年第一季度_表三.pdf"]


def test_exporting_a_draft_says_the_city_will_not_take_it(
    window: MainWindow, tmp_path: Path
) -> None:
    """The demo's 2025 表一 is a draft: 已导出 alone let the clerk send it, and the city
    refused it; the finalised 2024 表一 is reported as before (#17, the clerk's day)."""
    assert window.page is not None
    outputs = window.page.outputs
    open_return(window, 2025, "t1")
    assert outputs.export_to(tmp_path / "draft.xlsx") is not None
    assert outputs.last_message.endswith("（草稿：市局不会接收，定稿后重新导出再报送）")
    open_return(window, 2024, "t1")
    assert outputs.export_to(tmp_path / "final.xlsx") is not None
    assert outputs.last_message == f"已导出：{tmp_path / 'final.xlsx'}"
