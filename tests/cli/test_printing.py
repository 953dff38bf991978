"""`siwu print` as a script or the city's batch runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cups import QUEUE, PrintServer
from tests.printing.conftest import flat, pdf_text, run


def siwu(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)  # the command must find its own way without a display
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_print_finalised_return_matches_the_digest(demo_dir: Path, tmp_path: Path) -> None:
    data = demo_dir
    pdf = tmp_path / "t1.pdf"
    args = ("print", "--county", "潞城区", "--year", "2024", "--form", "表一", "--pdf", str(pdf))
    result = siwu(data, *args)
    assert result.returncode == 0, result.stderr
    checked = siwu(
        data, "validate", "--county", "潞城区", "--year", "2024", "--form", "t1", "--json"
    )
    (ret,) = json.loads(checked.stdout)
    assert ret["status"] == "finalised"
    digest = result.stdout.split("内容摘要（SHA-256）：")[1].strip()
    assert len(digest) == 64 and digest in flat(pdf_text(pdf))
    assert "已生成表一打印文件" in result.stdout and "共 2 页" in result.stdout
    from siwu_desktop.storage import open_storage
    from siwu_desktop.storage.returns import ReturnKey

    with open_storage(data, read_only=True) as storage:
        info = storage.returns.find(ReturnKey("潞城区", "t1", 2024))
        assert info is not None and info.digest == digest
        (record,) = [r for r in storage.outputs.for_return(info.id) if r.kind == "print"]
        assert record.digest == digest and record.file == str(pdf.resolve())


def test_print_draft_carries_the_watermark(demo_dir: Path, tmp_path: Path) -> None:
    data = demo_dir
    pdf = tmp_path / "draft.pdf"
    result = siwu(
        data, "print", "--county", "潞城区", "--year", "2026", "--form", "t3", "--period", "Q1",
        "--pdf", str(pdf),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "草稿" in result.stdout
    text = pdf_text(pdf)
    assert "草稿" in text and "2026年第一季度" in text and "内容摘要（SHA-256）" not in text


def test_no_such_return_is_refused_in_chinese(demo_dir: Path, tmp_path: Path) -> None:
    data = demo_dir
    pdf = tmp_path / "none.pdf"
    result = siwu(
        data, "print", "--county", "潞城区", "--year", "2030", "--form", "t1", "--pdf", str(pdf)
    )
    assert result.returncode == 1
    assert "没有表一" in result.stderr and "Traceback" not in result.stderr
    assert not pdf.exists()
    bad = siwu(data, "print", "--county", "潞城区", "--year", "2024", "--form", "t1",
               "--pdf", str(tmp_path / "missing" / "x.pdf"))  # fmt: skip
    assert bad.returncode == 1 and "文件夹不存在" in bad.stderr
    usage = siwu(data, "print", "--county", "潞城区", "--year", "2024", "--form", "t1")
    assert usage.returncode == 2


def test_print_sends_the_sheet_to_a_real_cups_queue(
    demo_dir: Path, print_server: PrintServer, artifacts_dir: Path
) -> None:
    """`siwu print --printer QUEUE` → the private cupsd → cups-pdf → a PDF read back."""
    mark = print_server.mark()
    result = siwu(
        demo_dir, "print", "--county", "潞城区", "--year", "2024", "--form", "t1",
        "--printer", QUEUE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"已将表一送往打印机 {QUEUE}（共 2 页）" in result.stdout
    digest = result.stdout.split("内容摘要（SHA-256）：")[1].strip()
    pdf = print_server.wait_for_pdf(mark)
    text = flat(pdf_text(pdf))
    assert "长治市潞城区水利局" in text and "表号：表一" in text and "2024年度" in text
    for label in ("单位负责人", "审核人", "填报人", "报出日期", "单位（盖章）"):
        assert label in text
    assert digest in text and "第2页共2页" in text
    run("pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / "cli-cups-t1"))
    from siwu_desktop.storage import open_storage
    from siwu_desktop.storage.returns import ReturnKey

    with open_storage(demo_dir, read_only=True) as storage:
        info = storage.returns.find(ReturnKey("潞城区", "t1", 2024))
        assert info is not None
        records = [r for r in storage.outputs.for_return(info.id) if r.kind == "print"]
        assert [(r.file, r.digest) for r in records] == [(QUEUE, digest)]


def test_print_to_an_unknown_printer_names_the_ones_there_are(
    demo_dir: Path, print_server: PrintServer
) -> None:
    result = siwu(
        demo_dir, "print", "--county", "潞城区", "--year", "2024", "--form", "t1",
        "--printer", "三楼打印机",
    )  # fmt: skip
    assert result.returncode == 1
    assert f"本机没有名为“三楼打印机”的打印机。可用的打印机：{QUEUE}" in result.stderr
    assert "Traceback" not in result.stderr


def test_print_wants_a_pdf_or_a_printer_not_both(demo_dir: Path, tmp_path: Path) -> None:
    base = ("print", "--county", "潞城区", "--year", "2024", "--form", "t1")
    assert siwu(demo_dir, *base).returncode == 2
    both = siwu(demo_dir, *base, "--pdf", str(tmp_path / "a.pdf"), "--printer", QUEUE)
    assert both.returncode == 2 and not (tmp_path / "a.pdf").exists()
