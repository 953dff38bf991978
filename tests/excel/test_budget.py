"""Hostile and unreadable files, built here: each refused with its own short Chinese message,
within the reading budget (scan.py), and never with a MemoryError or a traceback.

Memory is asserted, not timed: the hostile reads run in a child process whose address
space is capped (RLIMIT_AS) at what it had after imports plus 200 MB; a read that needed
more would end in MemoryError there. Times and peaks are printed by
benchmarks/bench_hostile.py.
Checked to fail without the fix (the reader before scan.py, run against these tests):
every test fails; 195 sheets end in "无法读取（MemoryError）", the corrupt member says
"（error）", the encrypted, .xls and lock files get the generic "不是 Excel 工作簿", the
unreadable file a traceback; the bombs built here compress well enough that the old
per-member ratio check refused them, but by ratio, not by what they would cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.excel import scan
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
from siwu_desktop.excel.template import write_template
from tests.excel import hostile_files as hf
from tests.libreoffice import soffice_convert


@pytest.fixture
def template(catalog: TargetCatalog, tmp_path: Path) -> Path:
    return write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", tmp_path / "模板.xlsx")


CAPPED_READ = textwrap.dedent(
    """
    import json, resource, sys
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
    import openpyxl.reader.excel, openpyxl.worksheet._read_only  # loaded before the cap
    catalog = default_catalog()
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    cap = used + 200 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        read_workbook(sys.argv[1], catalog)
        print(json.dumps(["accepted", ""]))
    except WorkbookRejected as exc:
        print(json.dumps(["rejected", exc.message], ensure_ascii=False))
    except MemoryError:
        print(json.dumps(["MemoryError", ""]))
    """
)


def capped_read(path: Path) -> tuple[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", CAPPED_READ, str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    kind, message = json.loads(out.stdout)
    return kind, message


def test_small_file_of_empty_cells_is_refused_within_200_mb(template: Path, tmp_path: Path) -> None:
    path = hf.empty_cell_bomb(template, tmp_path / "空单元格.xlsx", sheets=12)
    assert path.stat().st_size < 200 * 1024  # small on disk (≈ 24 KB in the report)
    kind, message = capped_read(path)
    assert kind == "rejected", (kind, message)
    assert "单元格超过 100000 个" in message and "空单元格.xlsx" in message


def test_195_sheets_are_refused_with_a_short_message(template: Path, tmp_path: Path) -> None:
    path = hf.empty_cell_bomb(template, tmp_path / "195.xlsx", sheets=195, megabytes=0.05)
    kind, message = capped_read(path)
    assert kind == "rejected" and "工作表超过 40 个" in message, (kind, message)


def test_1985_sheets_message_stays_short(
    template: Path, tmp_path: Path, catalog: TargetCatalog
) -> None:
    path = hf.many_sheets(template, tmp_path / "1985.xlsx", 1985)
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(path, catalog)
    assert "工作表超过 40 个" in caught.value.message and len(caught.value.message) < 200


def test_180_mb_of_unused_shared_strings_is_refused_unread(template: Path, tmp_path: Path) -> None:
    path = hf.unused_shared_strings(template, tmp_path / "字符串.xlsx", megabytes=180)
    assert path.stat().st_size < 3 * 1024 * 1024
    kind, message = capped_read(path)
    assert kind == "rejected" and "解压后共 180 MB，上限 60 MB" in message, (kind, message)


def test_many_tiny_shared_strings_are_counted_while_reading(template: Path, tmp_path: Path) -> None:
    path = hf.many_tiny_strings(template, tmp_path / "小字符串.xlsx", 400_000)
    assert zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml").file_size < scan.MAX_STRINGS_BYTES
    kind, message = capped_read(path)
    assert kind == "rejected" and "共享字符串超过 100000 个" in message, (kind, message)


def test_content_far_outside_any_return_is_refused(
    template: Path, tmp_path: Path, catalog: TargetCatalog
) -> None:
    far = hf.SHEET_HEAD + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + hf.SHEET_TAIL
    path = hf.with_parts(template, tmp_path / "远处.xlsx", sheets=[far])
    with pytest.raises(WorkbookRejected, match="第 1048576 行第 16384 列有内容"):
        read_workbook(path, catalog)


def test_memory_error_becomes_a_message(template: Path, tmp_path: Path) -> None:
    """Within the budget but more than the capped child can hold: a message, not a crash."""
    child = CAPPED_READ.replace("200 * 1024 * 1024", "16 * 1024 * 1024")
    cell = b'<c t="inlineStr"><is><t>' + b"A" * 300 + b"</t></is></c>"
    row = b"<row>" + cell * 26 + b"</row>"
    sheet = hf.SHEET_HEAD + row * 3400 + hf.SHEET_TAIL  # 88,400 cells: inside the budget
    path = hf.with_parts(template, tmp_path / "大.xlsx", sheets=[sheet])
    out = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    kind, message = json.loads(out.stdout)
    assert kind == "rejected" and "内存" in message, (kind, message)


def test_encrypted_workbook(template: Path, tmp_path: Path, catalog: TargetCatalog) -> None:
    path = tmp_path / "加密.xlsx"
    with template.open("rb") as plain, path.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("123456", out)
    assert path.read_bytes()[:8] == scan.OLE_MAGIC
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(path, catalog)
    assert caught.value.message == "文件“加密.xlsx”已加密，请在 Excel 中取消密码后另存再导入"


def test_old_xls(template: Path, tmp_path: Path, catalog: TargetCatalog) -> None:
    xls = soffice_convert(template, tmp_path / "xls", "xls", tmp_path / "home")
    with pytest.raises(
        WorkbookRejected, match=r"是旧版 \.xls 文件，请在 Excel 或 WPS 中另存为 \.xlsx"
    ):
        read_workbook(xls, catalog)


def test_excel_lock_file(template: Path, tmp_path: Path, catalog: TargetCatalog) -> None:
    lock = tmp_path / "~$模板.xlsx"
    lock.write_bytes(b"\x06zhangsan" + b" " * 45 + b"\x06\x00z\x00h\x00" + b"\x00" * 100)
    with pytest.raises(WorkbookRejected, match="临时锁定文件（以 ~\\$ 开头），不是报表"):
        read_workbook(lock, catalog)


def test_corrupt_member_names_what_is_wrong(
    template: Path, tmp_path: Path, catalog: TargetCatalog
) -> None:
    data = bytearray(template.read_bytes())
    with zipfile.ZipFile(template) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    data[start : start + 40] = bytes(40)  # damage the compressed sheet
    path = tmp_path / "坏.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(path, catalog)
    message = caught.value.message
    assert "已损坏或不完整" in message and "error" not in message, message


def test_external_links_and_macros_are_noted(
    template: Path, tmp_path: Path, catalog: TargetCatalog
) -> None:
    extra = {
        "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
        "xl/vbaProject.bin": b"\x00" * 64,
    }
    path = hf.with_parts(template, tmp_path / "链接.xlsx", extra=extra)
    found = scan.scan(path)
    assert found.notes == [scan.msg.NOTE_EXTERNAL_LINKS, scan.msg.NOTE_MACROS]
    parsed = read_workbook(path, catalog)  # read as before, with what was dropped noted
    assert parsed.notes == found.notes


UNREADABLE_AS_NOBODY = textwrap.dedent(
    """
    import json, os, sys
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
    import openpyxl.reader.excel
    catalog = default_catalog()
    os.setgid(65534); os.setuid(65534)
    try:
        read_workbook(sys.argv[1], catalog)
        print(json.dumps("accepted"))
    except WorkbookRejected as exc:
        print(json.dumps(exc.message, ensure_ascii=False))
    """
)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_unreadable_file_says_no_permission(template: Path, tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    template.chmod(0o600)  # root's, unreadable for nobody
    out = subprocess.run(
        [sys.executable, "-c", UNREADABLE_AS_NOBODY, str(template)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        json.loads(out.stdout)
        == "无法读取：没有权限（“模板.xlsx”）。请检查文件权限，或把文件复制到自己的文件夹后再导入"
    )


def _percent_field(catalog: TargetCatalog) -> tuple[str, str]:
    from siwu_desktop.core.forms import INPUT, NUMBER, build_form

    form = build_form(catalog, "长治市", "t1", year=2025, county="潞城区")
    spec = next(
        f for f in form.fields if f.unit == "%" and f.kind == INPUT and f.value_type == NUMBER
    )
    return spec.cell, spec.id


def test_percent_typed_in_a_spreadsheet_reads_as_shown(
    template: Path, tmp_path: Path, catalog: TargetCatalog
) -> None:
    """45% typed in a spreadsheet is stored 0.45 with a % format (here written so and then
    re-saved by LibreOffice): it is 45 %, not 0.45 %. Without as_shown(): 0.45."""
    import openpyxl

    name, field_id = _percent_field(catalog)
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    cell = ws[ws.defined_names[name].attr_text.split("!")[1].replace("$", "")]
    cell.value, cell.number_format = 0.45, "0%"
    wb.save(template)
    resaved = soffice_convert(template, tmp_path / "lo", "xlsx", tmp_path / "home")
    parsed = read_workbook(resaved, catalog)
    entry = parsed.returns[0].data.values[field_id]
    assert entry.value is not None and entry.value == 45, entry
    assert parsed.warnings == []


def test_fraction_in_a_percent_field_without_the_format_asks(
    template: Path, catalog: TargetCatalog
) -> None:
    import openpyxl

    name, field_id = _percent_field(catalog)
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    ref = ws.defined_names[name].attr_text.split("!")[1].replace("$", "")
    ws[ref].value = 0.45
    wb.save(template)
    parsed = read_workbook(template, catalog)
    assert str(parsed.returns[0].data.values[field_id].value) == "0.45"  # read as written
    (warning,) = parsed.warnings
    assert f"单元格 {ref}" in warning and "已按 0.45% 读入" in warning and "请改填 45" in warning
