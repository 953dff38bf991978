"""`siwu self-test` (also `siwu --self-test`): proves a build works, headless, end to end.

Loads the catalog, builds the demo county in a temporary data directory,
validates and finalises a return, exports it to a workbook and reads the file
back (digest and signature verified), prints it to PDF, and builds the main window offscreen.
Exit 0 when every step passed. Meant for a frozen executable in CI and on a
county PC where someone asks "does this copy work?".
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def run_self_test(say: Callable[[str], None] = print) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="siwu-selftest-") as tmp:
        work = Path(tmp)
        state: dict[str, object] = {}
        for label, step in (
            ("目标库", _catalog),
            ("示例数据库", _demo),
            ("校验与定稿", _finalise),
            ("导出工作簿", _export),
            ("打印PDF", _print),
            ("主窗口", _window),
            ("Qt对话框中文", _qt_chinese),
        ):
            try:
                detail = step(work, state)
            except Exception as exc:  # report every failing step, then exit 1
                failures += 1
                say(f"[失败] {label}：{type(exc).__name__}: {exc}")
            else:
                say(f"[通过] {label}：{detail}")
        storage = state.get("storage")
        if storage is not None:
            storage.close()  # type: ignore[attr-defined]
    say(f"自检{'通过' if not failures else '未通过'}，用时 {time.perf_counter() - start:.1f} 秒")
    return 1 if failures else 0


def _catalog(work: Path, state: dict[str, object]) -> str:
    from siwu_desktop.core.catalog import default_catalog

    catalog = default_catalog()
    state["catalog"] = catalog
    return f"{len(catalog.documents)} 份文件，{len(catalog.targets)} 项目标，{len(catalog.tasks)} 项任务"


def _demo(work: Path, state: dict[str, object]) -> str:
    from siwu_desktop.services.demo import build_demo
    from siwu_desktop.storage import open_storage

    storage = open_storage(work / "data")
    state["storage"] = storage
    lines = build_demo(storage, state["catalog"])  # type: ignore[arg-type]
    return f"{len(lines)} 张报表"


def _finalise(work: Path, state: dict[str, object]) -> str:
    from siwu_desktop.services.returns import ReturnService

    service = ReturnService(state["storage"], state["catalog"])  # type: ignore[arg-type]
    loaded = service.load(service.open("潞城区", "t2", 2025))
    revision = service.finalise(loaded)
    state["service"], state["loaded"] = service, loaded
    return f"表二 第{revision.revision}版 {revision.digest}"


def _export(work: Path, state: dict[str, object]) -> str:
    from siwu_desktop.core import signing
    from siwu_desktop.excel import read_workbook
    from siwu_desktop.services.export import export_returns
    from siwu_desktop.services.keys import facts_of

    loaded = state["loaded"]
    result = export_returns(state["service"], [loaded], work / "out.xlsx")  # type: ignore[arg-type, list-item]
    workbook = read_workbook(result.path, state["catalog"])  # type: ignore[arg-type]
    (parsed,) = workbook.returns
    if not parsed.verified or parsed.digest != loaded.info.digest:  # type: ignore[attr-defined]
        raise RuntimeError("读回的工作簿摘要与定稿摘要不一致")
    pair = state["storage"].keys.ensure_own()  # type: ignore[attr-defined]
    facts = facts_of(parsed, workbook.exported_at)
    if parsed.signature is None or not signing.verifies(
        pair.public, parsed.signature, signing.return_schema(facts), facts
    ):
        raise RuntimeError("读回的工作簿签名核验失败")
    size = result.path.stat().st_size
    return f"{result.path.name}，{size} 字节，摘要一致，签名有效（指纹 {pair.fingerprint}）"


def _print(work: Path, state: dict[str, object]) -> str:
    from siwu_desktop.printing.paint import write_pdf
    from siwu_desktop.printing.sheet import build_report
    from siwu_desktop.ui.app import create_app

    create_app()
    sheet = build_report(state["service"], state["loaded"])  # type: ignore[arg-type]
    pdf = work / "out.pdf"
    pages = write_pdf(sheet, pdf)
    if not pdf.read_bytes().startswith(b"%PDF") or pages < 1:
        raise RuntimeError("未生成有效的PDF文件")
    return f"{pdf.name}，{pages} 页，{pdf.stat().st_size} 字节"


def _window(work: Path, state: dict[str, object]) -> str:
    from PySide6.QtCore import QSettings

    from siwu_desktop.ui.app import create_app
    from siwu_desktop.ui.main_window import MainWindow

    app = create_app()
    window = MainWindow(
        state["catalog"], QSettings(str(work / "w.ini"), QSettings.Format.IniFormat)
    )  # type: ignore[arg-type]
    window.show()
    app.processEvents()
    size = f"{window.width()}×{window.height()}"
    window.close()
    return f"已显示 {size}"


def _qt_chinese(work: Path, state: dict[str, object]) -> str:
    """Qt's own dialogs: its qtbase_zh_CN catalogue shipped and loaded, and ours on top."""
    from PySide6.QtCore import QCoreApplication

    from siwu_desktop.ui.app import create_app

    create_app()
    texts = [
        QCoreApplication.translate("QPrintDialog", "Print"),  # Qt's catalogue
        QCoreApplication.translate("QFileDialog", "&Look in:"),  # siwu_desktop.ui.qt_zh
    ]
    if texts != ["打印", "查找范围(&L)："]:
        raise RuntimeError(f"Qt 对话框未译成中文：{texts}")
    return "，".join(texts)


if __name__ == "__main__":
    sys.exit(run_self_test())
