"""`siwu init`: the profile for county or city mode, names checked against the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from siwu_desktop.cli import main
from siwu_desktop.storage import ReturnKey, audit, open_storage


def test_init_county_mode(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = [
        "--preparer",
        "张三",
        "--reviewer",
        "李四",
        "--head",
        "王五",
        "--phone",
        "0355-1234567",
    ]
    code = main(
        ["--data-dir", str(data_dir), "init", "--city", "长治", "--county", "潞州区", *people]
    )
    assert code == 0
    assert "已初始化为县区模式：长治市潞州区" in capsys.readouterr().out
    with open_storage(data_dir) as s:
        p = s.profile.require()
    assert (p.mode, p.city, p.county, p.unit_name) == ("county", "长治市", "潞州区", "潞州区水利局")
    assert (p.preparer, p.reviewer, p.head, p.phone) == ("张三", "李四", "王五", "0355-1234567")
    assert p.counties == (("潞州区", "140403"),)


def test_init_again_keeps_people_not_given(data_dir: Path) -> None:
    base = ["--data-dir", str(data_dir), "init", "--city", "长治市", "--county", "潞州区"]
    assert main([*base, "--preparer", "张三", "--phone", "123"]) == 0
    assert main([*base, "--reviewer", "李四"]) == 0
    with open_storage(data_dir) as s:
        p = s.profile.require()
        changes = [(a.key, a.old, a.new) for a in audit.trail(s.session.db) if a.kind == "profile"]
    assert (p.preparer, p.reviewer, p.phone) == ("张三", "李四", "123")
    assert ("reviewer", "", "李四") in changes  # profile changes are audited too


def test_init_city_mode_stores_all_counties(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "init", "--city", "太原市", "--city-mode"]) == 0
    with open_storage(data_dir) as s:
        p = s.profile.require()
    assert (p.mode, p.county, p.unit_name) == ("city", None, "太原市水务局")
    assert len(p.counties) == 10 and p.counties[0] == ("小店区", "140105")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--city", "北京市", "--city-mode"], "未知城市：北京市"),
        (["--city", "长治市", "--county", "小店区"], "长治市没有县区“小店区”"),
    ],
)
def test_unknown_names_are_usage_errors(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main(["--data-dir", str(data_dir), "init", *args]) == 2
    assert expected in capsys.readouterr().err
    assert not (data_dir / "siwu.db").exists()


def test_changing_unit_with_returns_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--data-dir", str(data_dir), "init", "--city", "长治市", "--county", "潞州区"]) == 0
    )
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    code = main(["--data-dir", str(data_dir), "init", "--city", "长治市", "--county", "上党区"])
    assert code == 1
    assert "已有报表数据" in capsys.readouterr().err


def test_data_in_use_is_reported(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_storage(data_dir):
        code = main(["--data-dir", str(data_dir), "init", "--city", "长治市", "--city-mode"])
    assert code == 1
    assert "正被另一个正在运行的本程序使用" in capsys.readouterr().err


def test_env_var_chooses_the_data_dir(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIWU_DATA_DIR", str(data_dir))
    assert main(["init", "--city", "阳泉市", "--county", "盂县"]) == 0
    with open_storage(data_dir, daily_backup=False) as s:  # the profile went there
        profile = s.profile.get()
    assert profile is not None
    assert (profile.mode, profile.city, profile.county) == ("county", "阳泉市", "盂县")
