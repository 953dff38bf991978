"""`siwu print` as a script or the city's batch runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.printing.conftest import flat, pdf_text


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
