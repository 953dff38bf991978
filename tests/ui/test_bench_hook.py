"""SIWU_BENCH_SHOWN=<launcher clock>: the app reports its window shown with 表一 displayed,
then 表一 judged (targets, findings), then exits 0; a normal start does not load the hook.

benchmarks/run_all.py times start-up of the frozen and the unfrozen app by this line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import pytest
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import open_storage
from siwu_desktop.ui.entry_models import DISPLAY, CellModel, IndicatorModel
from siwu_desktop.ui.main_window import MainWindow
from tests.window_stub import siwu_up_to_the_window

from .conftest import open_return


def siwu(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )


def test_shown_line_then_exit_0(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SIWU_BENCH_SHOWN", None)
    data = tmp_path / "demo"
    assert siwu("--data-dir", str(data), "demo", env=env).returncode == 0

    env |= {"SIWU_BENCH_SHOWN": repr(time.time())}
    result = siwu("--data-dir", str(data), env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    shown = [line for line in result.stdout.splitlines() if line.startswith("SIWU_SHOWN")]
    assert len(shown) == 1, result.stdout
    match = re.fullmatch(r"SIWU_SHOWN (\d+\.\d+)", shown[0])
    assert match is not None, shown[0]
    assert 0 < float(match.group(1)) < 120
    # then the same 表一 judged: painted first with its values, judged right after
    judged = [line for line in result.stdout.splitlines() if line.startswith("SIWU_JUDGED")]
    assert len(judged) == 1 and result.stdout.index(shown[0]) < result.stdout.index(judged[0])
    at = re.fullmatch(r"SIWU_JUDGED (\d+\.\d+)", judged[0])
    assert at is not None and float(match.group(1)) <= float(at.group(1)) < 120
    # the return on screen was the demo's 表一 (the page remembers the last one opened)
    last = re.search(r"^last=(\d+)$", (data / "window.ini").read_text(encoding="utf-8"), re.M)
    assert last is not None
    with open_storage(data, daily_backup=False) as storage:
        assert storage.returns.get(int(last.group(1))).form == "t1"


def test_process_age_with_and_without_the_launcher_clock() -> None:
    from siwu_desktop.ui import bench_hook

    age = bench_hook.process_age("")
    assert 0 < age < 24 * 3600  # this test process started a moment ago, not at boot
    assert 1.9 < bench_hook.process_age(repr(time.time() - 2.0)) < 60


def test_a_normal_start_does_not_import_the_hook() -> None:
    code = (
        "import sys\n"
        "import siwu_desktop.ui.app, siwu_desktop.ui.main_window\n"
        "sys.exit('siwu_desktop.ui.bench_hook' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# What opening the window imports: the modules of a start (run_gui, MainWindow and what they
# import at module level), then what reopening a data directory loads on the way.
START_IMPORTS = (
    "import sys\n"
    "import siwu_desktop.cli.program, siwu_desktop.ui.app, siwu_desktop.ui.main_window\n"
    "import siwu_desktop.ui.startup, siwu_desktop.services.returns\n"
    "from siwu_desktop.services.data import open_storage\n"
    "open_storage({data!r}, daily_backup=False).close()\n"
)
# Libraries of signing, workbooks and printing, and the command-line commands.
LIBRARIES = (
    "cryptography",
    "openpyxl",
    "sqlite_utils",
    "segno",
    "siwu_desktop.excel",
    "siwu_desktop.printing",
    "siwu_desktop.cli.catalog",
    "siwu_desktop.cli.excel",
)
# Modules made to load on first use (issue #13 item 7): keys, signing and target packs
# (a county's receipts are read without them), the per-user folder lookup (a start with
# --data-dir needs none), the storage of keys and city statistics, carrying into a new
# year (a carried value loads it), and the dialogs (the preferences' own included). No
# dataclass either: the value types are msgspec Structs (a frozen dataclass costs ≈ 0.6 ms
# to define; tests/test_architecture.py::test_value_types_are_msgspec_structs).
LATER = (
    "dataclasses",
    "hashlib",
    "platformdirs",
    "siwu_desktop.core.signing",
    "siwu_desktop.core.target_pack",
    "siwu_desktop.services.carry",
    "siwu_desktop.services.keys",
    "siwu_desktop.services.receipts",
    "siwu_desktop.storage.keys",
    "siwu_desktop.storage.statistics",
    "siwu_desktop.ui.dialogs",
    "siwu_desktop.ui.new_return",
    "siwu_desktop.ui.preferences_dialog",
)


def loaded_by(code: str, names: tuple[str, ...]) -> list[str]:
    check = f"later = {names!r}\nprint(sorted(m for m in sys.modules if m.startswith(later)))\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SIWU_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", code + check], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return list(eval(result.stdout.strip().splitlines()[-1]))  # a printed list of names


def test_the_window_loads_no_library_it_needs_only_later(tmp_path: Path) -> None:
    """What the window imports before its first paint: none of the libraries of signing,
    workbooks or printing, none of the command-line commands, and none of the modules
    made to load on first use (issue #13 item 7)."""
    open_storage(tmp_path, daily_backup=False).close()  # made (migrated) before the start
    code = START_IMPORTS.format(data=str(tmp_path))
    assert loaded_by(code, LIBRARIES + LATER) == []


# Judging the reopened return, as the window does right after its first paint: its
# findings, derived values and 完成情况, with last year's and this year's other forms.
JUDGING = (
    "import sys\n"
    "from siwu_desktop.core.catalog import default_catalog\n"
    "from siwu_desktop.core.validation import judgements, validate, values_of\n"
    "from siwu_desktop.services.data import open_storage\n"
    "from siwu_desktop.services.returns import ReturnService\n"
    "svc = ReturnService(open_storage({data!r}, daily_backup=False), default_catalog())\n"
    "loaded = svc.load(svc.open('潞城区', 't1', 2025))\n"
    "ctx = svc.context(loaded)\n"
    "assert validate(loaded.data, ctx)\n"
    "assert judgements(loaded.data, ctx, values_of(loaded.data, ctx))\n"
)
# What judging needs only when a target pack is made, imported or stored (#13 item 7).
PACK_MAKING = (
    "cryptography",
    "hashlib",
    "siwu_desktop.core.files",
    "siwu_desktop.core.signing",
    "siwu_desktop.core.target_pack",
    "siwu_desktop.services.keys",
    "siwu_desktop.services.packs",
)


def test_judging_without_a_stored_pack_loads_no_pack_making(tmp_path: Path) -> None:
    """The demo county holds no target pack: judging its 表一 reads the pack in force
    through services.stored_packs and loads neither the making, signing and importing
    of packs (services.packs, keys, files) nor core.target_pack and its digests."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import build_demo

    with open_storage(tmp_path, daily_backup=False) as storage:
        build_demo(storage, default_catalog())
        assert storage.packs.list_packs() == []
    assert loaded_by(JUDGING.format(data=str(tmp_path)), PACK_MAKING) == []


def test_the_receipt_window_loads_no_workbook_or_printing_library() -> None:
    """A receipt dropped on the window loads ui.receipts then: still no openpyxl (it came
    in once through services.keys) and no printing until something is printed."""
    code = "import sys\nimport siwu_desktop.ui.receipts\n"
    assert loaded_by(code, LIBRARIES) == []


def test_the_city_window_loads_no_library_it_needs_only_later(tmp_path: Path) -> None:
    """A city's window, built over a data directory holding a county's imported return
    (board, charts and summary filled from it): none of the libraries of signing, workbooks
    or printing (Qt's print support included) is loaded before its first paint (#13 item 7)."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services import city_import as ci
    from siwu_desktop.services.city_demo import (
        export_county_returns,
        key_folder,
        register_county_keys,
    )
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import Profile

    catalog, city = default_catalog(), "长治市"
    export_county_returns(
        catalog, city, 2025, tmp_path / "sent", tmp_path / "work", counties=("潞州区",)
    )
    counties = tuple((c.name, c.code) for c in catalog.counties_for(city))
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(Profile(mode="city", city=city, counties=counties))
        register_county_keys(storage, key_folder(tmp_path / "work"))
        report = ci.import_paths(ReturnService(storage, catalog), [tmp_path / "sent"])
        assert report.count(ci.ACCEPTED) == 1  # 潞州区's finalised 表一
    data = str(tmp_path / "city")
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from siwu_desktop.core.catalog import default_catalog\n"
        "from siwu_desktop.services.data import open_storage\n"
        "from siwu_desktop.services.returns import ReturnService\n"
        "from siwu_desktop.ui.app import create_app\n"
        "from siwu_desktop.ui.main_window import MainWindow\n"
        "app = create_app()\n"
        f"storage = open_storage({data!r}, daily_backup=False)\n"
        "catalog = default_catalog()\n"
        f"settings = QSettings({data + '/window.ini'!r}, QSettings.Format.IniFormat)\n"
        "win = MainWindow(catalog, settings, service=ReturnService(storage, catalog))\n"
        "assert win.city_mode is not None and win.city_mode.board.model.board.rows\n"
    )
    assert loaded_by(code, (*LIBRARIES, "PySide6.QtPrintSupport")) == []


def test_a_start_reopening_the_last_return_writes_no_settings(tmp_path: Path) -> None:
    """The window's settings file is written only when something in it changes: reopening
    the return on record writes nothing (QSettings rewrites the whole file, behind a lock
    file and two fsyncs, on every setValue)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    data = tmp_path / "demo"
    assert siwu("--data-dir", str(data), "demo", env=env).returncode == 0
    for _ in range(2):  # records the 表一 opened, and the window's place once restored
        env["SIWU_BENCH_SHOWN"] = repr(time.time())
        assert siwu("--data-dir", str(data), env=env).returncode == 0
    ini = data / "window.ini"
    before, text = ini.stat(), ini.read_bytes()
    assert b"last=" in text

    env["SIWU_BENCH_SHOWN"] = repr(time.time())
    again = siwu("--data-dir", str(data), env=env)

    assert again.returncode == 0 and "SIWU_JUDGED" in again.stdout, again.stdout + again.stderr
    after = ini.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert ini.read_bytes() == text
    assert not (data / "window.ini.lock").exists()


# Qt classes only the paths that show them need (#13 item 7): PySide6 builds all of a class's
# Python enums the first time the class is touched, importing its name included (QMessageBox:
# six enums, 48 members, ≈5 M instructions; QFileDialog ≈3 M), so a start must not touch them.
# The message boxes and file dialogs; the dialogs of the first run, the restore and printing,
# the progress dialog and worker threads of a long export or import (ui.jobs), the calendar's
# date, and the sort and filter of a ledger's rows (ui.row_filter: 表三, 表四).
ON_DEMAND_QT = (
    "QAbstractProxyModel",
    "QDate",
    "QDialog",
    "QFileDialog",
    "QMessageBox",
    "QProgressDialog",
    "QRunnable",
    "QSortFilterProxyModel",
    "QThreadPool",
)
# Modules of ours only a click or another form loads: the long-job runner of 导出全部 and 导入
# (ui.jobs), a ledger's sort and filter (ui.row_filter).
ON_DEMAND_MODULES = ("siwu_desktop.ui.jobs", "siwu_desktop.ui.row_filter")
# A start as the benchmark times it (SIWU_BENCH_SHOWN: until the reopened 表一 is judged and
# painted), then which of CLASSES the PySide6 modules hold (a module holds a class once it
# has been built) and which of MODULES are loaded.
JUDGED_START = """
import atexit, runpy, sys

def built():
    qt = [sys.modules[m] for m in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")]
    print(sorted(n for m in qt for n in vars(m) if n in CLASSES), flush=True)
    print(sorted(m for m in sys.modules if m in MODULES), flush=True)

atexit.register(built)
sys.argv = ["siwu", "--data-dir", DATA]
runpy.run_module("siwu_desktop", run_name="__main__", alter_sys=True)
"""


def judged_start(
    tmp_path: Path, classes: tuple[str, ...], modules: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Which of `classes` a start to the demo's judged 表一 builds, and which of `modules`
    it loads."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SIWU_BENCH_SHOWN", None)
    data = tmp_path / "demo"
    assert siwu("--data-dir", str(data), "demo", env=env).returncode == 0
    env["SIWU_BENCH_SHOWN"] = repr(time.time())
    names = f"CLASSES = {set(classes)!r}\nMODULES = {set(modules)!r}\nDATA = {str(data)!r}\n"
    result = subprocess.run(
        [sys.executable, "-c", names + JUDGED_START], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SIWU_JUDGED" in result.stdout, result.stdout
    built, loaded = result.stdout.strip().splitlines()[-2:]
    return list(eval(built)), list(eval(loaded))  # printed lists of names


def test_the_judged_start_builds_no_qt_class_only_a_click_or_an_error_shows(
    tmp_path: Path,
) -> None:
    """None of the classes of the error and question boxes, the dialogs and the long jobs is
    built, and none of the modules only a click needs is loaded, before the reopened 表一 is
    judged and painted."""
    assert judged_start(tmp_path, ON_DEMAND_QT, ON_DEMAND_MODULES) == ([], [])


def test_the_window_loads_its_qt_free_modules_before_qt() -> None:
    """Once PySide6 is imported, it reads the whole source of every module imported after it
    (looking for "PySide6", its `__feature__` switch): `siwu` imports the services the window
    uses before the window's module brings in Qt, so none of them is read again (issue #13
    item 7). The window's module is replaced here by one that lists what came before it."""
    printed = siwu_up_to_the_window(
        "names = ('siwu_desktop.services', 'siwu_desktop.storage', 'PySide6')\n"
        "print(sorted(m for m in sys.modules if m.startswith(names)))\n"
    )
    before_qt = eval(printed[-1])  # a printed list of names
    assert not [m for m in before_qt if m.startswith("PySide6")]
    for name in ("returns", "editing", "data", "receipt_status"):
        assert f"siwu_desktop.services.{name}" in before_qt
    assert "siwu_desktop.storage.store" in before_qt


# --- what the first paint costs (issue #13 item 7) --------------------------------------------


@pytest.mark.parametrize("form", ["t1", "t2"])
def test_a_painted_cell_is_read_in_one_call(qtbot: QtBot, window: MainWindow, form: str) -> None:
    """A delegate asks for seven roles of each cell it paints (font, alignment, colours,
    icon, text, background): the models answer them all in one multiData call, so a paint
    asks data() for no role of any cell (the name-and-note delegate's own read of its text
    aside). Through data(), 表一's first paint was 1164 calls from Qt into Python. (表三 and
    表四 sit behind a sort/filter proxy, which asks its source role by role.)"""
    editor = open_return(window, 2025, form)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    asked: list[int] = []

    def watch(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code is CellModel.data.__code__:
            asked.append(int(frame.f_locals["role"]))

    sys.setprofile(watch)
    try:
        editor.view.grab()  # paints every visible cell
    finally:
        sys.setprofile(None)
    assert set(asked) <= {DISPLAY}, sorted(set(asked))
    assert len(asked) < editor.view.model().rowCount()  # none for most cells


@pytest.mark.parametrize(("year", "form"), [(2024, "t1"), (2025, "t2"), (2025, "t4")])
def test_opening_a_form_measures_no_row_numbers(
    qtbot: QtBot, window: MainWindow, year: int, form: str
) -> None:
    """No form shows row numbers, and the table's row header is hidden before the model is
    set: opening and showing a form asks the model for no row heading. Set while the header
    was still shown, the model measured every row's number once (表一: 36 rows × 4 roles,
    144 calls from Qt into Python) for a header hidden right after. (表三's rows take the
    height of their content, which its hidden row header measures by design.)"""
    from PySide6.QtCore import Qt

    asked: list[int] = []

    def watch(frame: FrameType, event: str, _arg: object) -> None:
        if event != "call" or frame.f_code.co_name != "headerData":
            return
        if frame.f_locals.get("orientation") == Qt.Orientation.Vertical:
            asked.append(int(frame.f_locals["section"]))

    sys.setprofile(watch)
    try:
        editor = open_return(window, year, form)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        editor.view.grab()
    finally:
        sys.setprofile(None)
    assert editor.view.verticalHeader().isHidden()
    assert asked == [], asked


def test_the_document_forwards_the_model_without_getattr(window: MainWindow) -> None:
    """Each name ReturnDocument forwards to its editing model is a property of the class:
    read through QObject's attribute look-up, a name PySide does not find reached
    __getattr__ after ~2 µs, several times for every cell painted."""
    from siwu_desktop.ui.document import _FORWARDED, ReturnDocument

    editor = open_return(window, 2025, "t1")
    doc = editor.doc
    for name in _FORWARDED:
        assert isinstance(vars(ReturnDocument).get(name), property), name
    assert doc.data is doc.editing.data and doc.form is doc.editing.form
    assert doc.field(None, "total_use") is doc.editing.field(None, "total_use")


def test_the_column_widths_read_the_cells_from_python(window: MainWindow) -> None:
    """Fitting 表一's columns to their content reads every row's text and icon from the
    return's model itself (CellModel.shown), not through QModelIndex.data: each of those
    is a call from Qt back into Python (about 600 when 表一 opens at start)."""
    from PySide6.QtCore import QModelIndex

    editor = open_return(window, 2025, "t1")
    through_qt: list[object] = []

    def watch(frame: FrameType, event: str, arg: object) -> None:
        called = getattr(arg, "__name__", "")
        if (
            event == "c_call"
            and called == "data"
            and isinstance(getattr(arg, "__self__", None), QModelIndex)
        ):
            through_qt.append(called)

    sys.setprofile(watch)
    try:
        need = editor.widths.content_width(IndicatorModel.COL_UNIT)
    finally:
        sys.setprofile(None)
    assert through_qt == []
    # what 单位 needs is still its widest text: 万立方米 plus the cell's margins, at least
    assert need >= editor.view.fontMetrics().horizontalAdvance("万立方米")


def test_the_first_frame_has_no_style_sheet(window: MainWindow) -> None:
    """No widget of the window showing a draft 表一 has a style sheet: one on any widget
    brings in Qt's style-sheet style for it, ~36 M instructions of the start (its title,
    subtitle and the hidden banner, ledger legend and placeholder had one). The labels take
    their colour and size from palette and font; the banner is styled when first shown."""
    from PySide6.QtWidgets import QApplication, QWidget

    from siwu_desktop.ui.return_editor import BANNER_STYLE

    editor = open_return(window, 2025, "t1")
    assert not editor.doc.loaded.locked  # the demo's 2025 表一 is a draft: no banner
    styled = [type(w).__name__ for w in window.findChildren(QWidget) if w.styleSheet()]
    assert styled == []
    app = QApplication.instance()
    assert isinstance(app, QApplication) and app.styleSheet() == ""
    # a finalised return shows its banner, styled as before
    locked = open_return(window, 2024, "t1")
    assert locked.doc.loaded.locked
    assert not locked.banner.isHidden() and locked.banner.styleSheet() == BANNER_STYLE


# A benchmark's start (`python -m siwu_desktop --data-dir DEMO` with the bench hook on), then
# the Qt classes the PySide6 modules hold once it has quit at SIWU_JUDGED.
BENCH_START = """
import sys
import PySide6.QtWidgets
from siwu_desktop.cli import main
code = main(["--data-dir", DATA])
widgets = vars(PySide6.QtWidgets)
print(sorted(n for n in ("QStyle", "QCommonStyle", "QProxyStyle") if n in widgets), flush=True)
sys.exit(code)
"""


def test_a_start_builds_no_qstyle_before_t1_is_judged(tmp_path: Path) -> None:
    """From the start to 表一 judged and painted (toolbar icons, findings with their icons,
    the name-and-note cells, the rows fitted to their text), nothing reaches the style from
    Python: PySide6 would build the QStyle class, ≈560 enum members (and QCommonStyle with
    the application's style), ≈10 ms (issue #13 item 7). The icons are files (ui.icons)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SIWU_BENCH_SHOWN", None)
    data = tmp_path / "demo"
    assert siwu("--data-dir", str(data), "demo", env=env).returncode == 0
    env |= {"SIWU_BENCH_SHOWN": repr(time.time())}
    code = f"DATA = {str(data)!r}\n" + BENCH_START
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["SIWU_SHOWN", "SIWU_JUDGED"], lines
    assert lines[2:] == ["[]"], result.stdout
