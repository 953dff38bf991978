"""`siwu template | validate FILE | import | export` over the demo county."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.cli import main
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.reader import read_workbook
from tests.excel.test_template_import import ref


def test_cli_template_then_validate_and_import(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t3.xlsx"
    args = ["--data-dir", str(demo_dir)]
    assert (
        main(
            [
                *args,
                "template",
                "--form",
                "表三",
                "--year",
                "2026",
                "--period",
                "Q2",
                "--county",
                "潞城区",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    parsed = read_workbook(out, default_catalog())
    assert parsed.kind == "template" and parsed.returns[0].period == "Q2"
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    first = ws[ref(ws, "T3_tasks_first_row")]
    columns = [c.id for c in parsed.returns[0].form.table.columns]  # type: ignore[union-attr]
    ws.cell(first.row, first.column + columns.index("status")).value = "已完成"
    ws.cell(first.row, first.column + columns.index("done_date")).value = dt.datetime(2026, 5, 3)
    wb.save(out)
    capsys.readouterr()
    main([*args, "validate", str(out)])
    assert "t3.xlsx" in capsys.readouterr().out
    assert main([*args, "import", str(out)]) == 0
    assert "按草稿导入" in capsys.readouterr().out


def test_cli_export_names_the_file(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(demo_dir)]
    assert (
        main(
            [
                *args,
                "export",
                "--county",
                "潞城区",
                "--year",
                "2024",
                "--form",
                "表一",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert (tmp_path / "潞城区_2024年度_表一_第1版.xlsx").is_file()
    assert (
        main(
            [
                *args,
                "export",
                "--county",
                "潞城区",
                "--year",
                "2025",
                "--all",
                "--out",
                str(tmp_path / "all.xlsx"),
            ]
        )
        == 0
    )
    assert "草稿" in capsys.readouterr().out
    assert main([*args, "import", str(tmp_path / "all.xlsx"), str(tmp_path / "none.xlsx")]) == 1
    assert "已拒绝" in capsys.readouterr().out


def test_cli_export_warns_before_writing_drafts_into_one_workbook(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "2025.xlsx"
    argv = ["--data-dir", str(demo_dir), "export", "--county", "潞城区", "--year", "2025"]
    assert main([*argv, "--all", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    err = printed.err
    assert err.startswith("警告：") and "表一（2025年度）" in err and "表三（2025年度）" in err
    # each sheet by its period written out, never the code Y / Q3 (#17, the clerk's day)
    sheets = [line.split() for line in printed.out.splitlines()[1:]]
    assert sheets and all(words[1] == "2025年度" for words in sheets), printed.out
    assert main([*argv[:-2], "--year", "2024", "--all", "--out", str(tmp_path / "b.xlsx")]) == 0
    assert capsys.readouterr().err == ""  # 2024: all finalised, no warning
