"""The 密钥与备案 page (issue #14, item 1): a county sees its fingerprint, exports its key file
and prints its 密钥备案表; the city registers that key after confirming the fingerprint, and
a second key for the same county only when the replacement is confirmed too."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.keys_page import KeysPage
from siwu_desktop.ui.main_window import MainWindow

ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
CATALOG = default_catalog()


def _city(tmp_path: Path) -> Storage:
    storage = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for("长治市"))
    storage.profile.save(
        Profile(mode="city", city="长治市", unit_name="长治市水利局", counties=counties)
    )
    return storage


def test_county_exports_and_city_registers_and_replaces(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    tab = window.keys_tab
    assert tab is not None
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == S.TAB_KEYS
    window.tabs.setCurrentWidget(tab)
    county = tab.content()
    assert isinstance(county, KeysPage)
    fingerprint = county.view.fingerprint
    assert fingerprint in county.fingerprint.text()
    assert county.import_button.text() == "更换市局公钥…"
    key_file = county.export_key(tmp_path / "潞城区.siwukey")
    pdf = county.print_sheet(tmp_path / "备案表.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert fingerprint in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / "keys_page_county.png"))

    with _city(tmp_path) as storage:
        page = KeysPage(ReturnService(storage, CATALOG))
        qtbot.addWidget(page)
        asked: list[str] = []
        assert not page.import_key(key_file, lambda title, text: asked.append(text) or False)
        assert fingerprint in asked[0] and storage.keys.all_trusted() == []  # declined
        assert page.import_key(key_file, lambda title, text: True)
        assert page.table.rowCount() == 1 and page.table.item(0, 3).text() == fingerprint
        other = tmp_path / "other"
        with open_storage(other, daily_backup=False) as o:
            o.profile.save(Profile(mode="county", city="长治市", county="潞城区",
                                   counties=(("潞城区", "140406"),)))  # fmt: skip
            from siwu_desktop.services import keys

            second = keys.export_public_key(o, tmp_path / "新.siwukey")
        answers = iter([True, False])  # confirm the fingerprint, decline the replacement
        assert not page.import_key(second, lambda title, text: next(answers))
        assert page.table.rowCount() == 1
        assert page.import_key(second, lambda title, text: True)
        assert page.table.rowCount() == 2
        states = {page.table.item(r, 5).text() for r in range(2)}
        assert "有效" in states and any(s.startswith("已于") for s in states)
        page.resize(1000, 420)
        page.grab().save(str(ARTIFACTS / "keys_page_city.png"))
