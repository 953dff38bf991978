"""Start-up: first run (own unit or the demo), city mode, a killed process loses no keystroke,
screenshots of every return."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.storage import Profile, Storage, open_storage
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.dialogs import ProfileDialog, RestoreDialog
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.startup import DEMO_FOLDER, apply_first_run

from .conftest import make_window, open_return

ROOT = Path(__file__).resolve().parents[2]


def test_first_run_saves_the_unit_and_its_signatories(qtbot: QtBot, tmp_path: Path) -> None:
    create_app()
    storage = open_storage(tmp_path / "d")
    dialog = ProfileDialog(default_catalog(), first_run=True)
    qtbot.addWidget(dialog)
    dialog.city.setCurrentText("阳泉市")
    dialog.county.setCurrentText("平定县")
    assert dialog.unit.text() == "平定县水利局"  # suggested until typed over
    dialog.accept()  # signatories missing: refused, says which
    assert dialog.result() == 0 and "填报人" in dialog.error.text()
    for edit, text in ((dialog.preparer, "周一"), (dialog.reviewer, "吴二"), (dialog.head, "郑三")):
        edit.setText(text)
    dialog.phone.setText("0353-6000000")
    dialog.accept()
    storage = apply_first_run(storage, default_catalog(), dialog)
    profile = storage.profile.require()
    assert (profile.city, profile.county, profile.preparer, profile.head) == (
        "阳泉市",
        "平定县",
        "周一",
        "郑三",
    )
    storage.close()


def test_first_run_can_open_the_demo_in_its_own_folder(qtbot: QtBot, tmp_path: Path) -> None:
    create_app()
    storage = open_storage(tmp_path / "d")
    dialog = ProfileDialog(default_catalog(), first_run=True)
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    demo = apply_first_run(storage, default_catalog(), dialog)
    try:
        assert demo.paths.root == tmp_path / "d" / DEMO_FOLDER
        assert demo.profile.require().county == "潞城区"
        assert demo.returns.list_returns(year=2025)
    finally:
        demo.close()
    with open_storage(tmp_path / "d") as own:  # the unit's own data stays empty
        assert own.profile.get() is None


def test_city_mode_shows_every_county(qtbot: QtBot, tmp_path: Path) -> None:
    storage = open_storage(tmp_path / "city")
    catalog = default_catalog()
    city = catalog.city("阳泉市")
    storage.profile.save(
        Profile(
            mode="city",
            city=city.name,
            unit_name=city.water_bureau,
            counties=tuple((c.name, c.code) for c in city.counties),
        )
    )
    storage.returns.get_or_create(
        __import__("siwu_desktop.storage", fromlist=["ReturnKey"]).ReturnKey("盂县", "t1", 2025)
    )
    try:
        window = make_window(qtbot, tmp_path, storage)
        nav = window.page.navigator  # type: ignore[union-attr]
        top = [nav.topLevelItem(i).text(0) for i in range(nav.topLevelItemCount())]
        assert top == ["盂县"]
        assert window.page.current is not None  # type: ignore[union-attr]
        window.close()
    finally:
        storage.close()


def test_restore_dialog_offers_the_newest_good_backup(qtbot: QtBot, tmp_path: Path) -> None:
    from siwu_desktop.storage import BackupCandidate

    create_app()
    candidate = BackupCandidate(tmp_path / "b.db", "2026-01-19 08:00:00", "daily")
    dialog = RestoreDialog("数据库文件损坏", candidate, str(tmp_path))
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.children()[1])))
    assert "2026-01-19 08:00:00" in texts and "每日备份" in texts


CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import open_storage
    from siwu_desktop.ui.app import create_app
    from siwu_desktop.ui.main_window import MainWindow

    app = create_app()
    storage = open_storage(sys.argv[1])
    window = MainWindow(default_catalog(), QSettings(sys.argv[1] + "/w.ini", QSettings.Format.IniFormat),
                        service=ReturnService(storage, default_catalog()))
    window.show()
    window.activateWindow()
    app.processEvents()
    editor = window.page.current_editor()
    view = editor.view
    view.setCurrentIndex(editor.model.index_of(None, "total_use"))
    view.setFocus()
    for ch in "７７７７．７" + "\\r":
        target = QApplication.focusWidget() or view
        code = Qt.Key.Key_Return if ch == "\\r" else 0
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, code, Qt.KeyboardModifier.NoModifier, ch))
    print("EDITED", window.saved_label.text(), flush=True)
    sys.stdin.readline()  # wait here until killed
    """
)


def _window_child(demo_storage: Storage, script: str) -> tuple[Path, int, subprocess.Popen[str]]:
    """The demo's data folder, its 潞城区 2025 表一 and a window process editing it."""
    from siwu_desktop.storage import ReturnKey

    data = demo_storage.paths.root
    info = demo_storage.returns.find(ReturnKey("潞城区", "t1", 2025))
    assert info is not None
    demo_storage.close()
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        text=True,
    )
    return data, info.id, child


def test_a_killed_window_loses_no_keystroke(tmp_path: Path, demo_storage: Storage) -> None:
    data, rid, child = _window_child(demo_storage, CHILD)
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("EDITED 已保存"), line
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
        child.stdin.close()  # type: ignore[union-attr]
    with open_storage(data) as again:
        stored = again.returns.values(rid)["total_use"]
        assert stored.text == "７７７７．７" and str(stored.value) == "7777.7"


def test_screenshots_of_every_return(window: MainWindow, artifacts_dir: Path) -> None:
    """Each form of the demo, as a person sees it: out/test-artifacts/return_*.png."""
    shots = []
    for year, form, period in (
        (2025, "t1", "Y"),
        (2025, "t2", "Y"),
        (2025, "t3", "Y"),
        (2025, "t4", "Y"),
        (2026, "t3", "Q1"),
        (2024, "t1", "Y"),
    ):
        editor = open_return(window, year, form, period)
        assert editor.isVisible()
        path = artifacts_dir / f"return_{year}_{form}_{period}.png"
        assert window.grab().save(str(path))
        shots.append(path)
    assert all(p.stat().st_size > 20_000 for p in shots)
    assert isinstance(window, MainWindow)


IDLE_CHILD = CHILD.replace(
    'print("EDITED", window.saved_label.text(), flush=True)',
    """print("EDITED", window.saved_label.text(), flush=True)
wal = os.path.join(sys.argv[1], "siwu.db-wal")
def in_wal():
    return os.path.exists(wal) and os.path.getsize(wal) > 0
for _ in range(100):  # events for at most ~20 s, until the idle checkpoint ran
    if not in_wal():
        break
    pause = QEventLoop()
    QTimer.singleShot(200, pause.quit)
    pause.exec()
print("STILL IN THE WAL" if in_wal() else "CHECKPOINTED", flush=True)""",
).replace(
    "from PySide6.QtCore import QEvent,", "from PySide6.QtCore import QEventLoop, QTimer, QEvent,"
)


def test_an_idle_window_leaves_no_work_in_the_wal(tmp_path: Path, demo_storage: Storage) -> None:
    """#15 item 10: 2 s after the last edit the window checkpoints; the process is then
    killed and its WAL deleted, and the edit is still there. Without the idle timer the
    child reports STILL IN THE WAL."""
    data, rid, child = _window_child(demo_storage, IDLE_CHILD)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().startswith("EDITED 已保存")
        assert child.stdout.readline().strip() == "CHECKPOINTED"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdout, child.stderr, child.stdin):
            if stream is not None:
                stream.close()
    (data / "siwu.db-wal").unlink(missing_ok=True)
    (data / "siwu.db-shm").unlink(missing_ok=True)
    with open_storage(data) as again:
        assert again.returns.values(rid)["total_use"].text == "７７７７．７"


def test_a_start_without_the_database_offers_restore(qtbot: QtBot, tmp_path: Path) -> None:
    """#15 item 1: siwu.db gone, backups there: the window says so and offers the newest
    backup (no empty database is made); accepting brings the data back. Before, the
    start silently made an empty database (尚未设置填报单位)."""
    from decimal import Decimal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from siwu_desktop.storage import ReturnKey
    from siwu_desktop.ui.startup import open_data

    create_app()
    data = tmp_path / "data"
    with open_storage(data) as s:
        s.profile.save(Profile(mode="county", city="长治市", county="潞城区", preparer="张三"))
        rid = s.returns.get_or_create(ReturnKey("潞城区", "t1", 2025)).id
        s.returns.set_value(rid, "total_use", "8000", Decimal(8000))
    (data / "siwu.db").unlink()
    seen: list[str] = []

    def answer() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, RestoreDialog):
            seen.append(
                " ".join(label.text() for label in widget.findChildren(type(widget.children()[1])))
            )
            widget.accept()
        elif isinstance(widget, QMessageBox):  # 已恢复 …
            seen.append(widget.text())
            widget.accept()
        if len(seen) < 2:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    storage = open_data(data)
    assert storage is not None
    try:
        assert "找不到数据库文件" in seen[0] and "siwu restore" in seen[0]
        assert storage.returns.values(rid)["total_use"].text == "8000"
    finally:
        storage.close()
