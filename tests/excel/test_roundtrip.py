"""Export → import is lossless for every field: generated returns (numbers of any scale and
precision, 不适用, refused text, formula-like text, explanations, ledger rows) go through a
workbook into a second database and come back with the same content digest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siwu_desktop.core import units
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.forms import INPUT, NUMBER, build_form
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from tests.profiles import YU_COUNTY

CATALOG = default_catalog()
PROFILE = YU_COUNTY
T1 = build_form(CATALOG, "阳泉市", "t1", year=2025)
T1_NUMBERS = [f.id for f in T1.fields if f.kind == INPUT and f.value_type == NUMBER]

decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6, allow_nan=False
).map(units.plain)
plain_text = (
    st.text(
        alphabet=st.sampled_from("水利局用量达标说明情况工程=+-@ abcXYZ0123456789，。；（）"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
cell_text = st.one_of(decimals, st.sampled_from(["—", "不适用", "约3000", "12,345.6", "１２．５"]))
t1_values = st.dictionaries(st.sampled_from(T1_NUMBERS), cell_text, max_size=12)
explanations = st.dictionaries(st.sampled_from(T1_NUMBERS), plain_text, max_size=3)
ledger_row = st.fixed_dictionaries(
    {"name": plain_text, "plan": decimals.map(lambda d: d.lstrip("-")), "annual": decimals},
    optional={"industry": plain_text, "source": st.sampled_from(["公共供水", "自备地下水"])},
)


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return tmp_path_factory


def _service(storage) -> ReturnService:  # type: ignore[no-untyped-def]
    return ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=t1_values, notes=explanations, rows=st.lists(ledger_row, max_size=6))
def test_export_then_import_is_lossless(roots, values, notes, rows) -> None:  # type: ignore[no-untyped-def]
    root: Path = roots.mktemp("rt")
    with open_storage(root / "a") as storage:
        storage.profile.save(PROFILE)
        svc = _service(storage)
        t1 = svc.load(svc.open("盂县", "t1", 2025))
        if values:
            svc.enter_values(t1, values)
        for key, text in notes.items():
            svc.set_explanation(t1, key, text)
        t4 = svc.load(svc.open("盂县", "t4", 2025))
        for i, row in enumerate(rows):
            svc.put_ledger_row(t4, i, row)
        want = {"t1": content_digest(t1.data), "t4": content_digest(t4.data)}
        path = export_returns(svc, [t1, t4], root / "x.xlsx").path
    with open_storage(root / "b") as storage:
        storage.profile.save(PROFILE)
        svc = _service(storage)
        result = import_workbook(svc, path)
        assert result.ok, result.message
        assert all(r.verified for r in result.returns)
        for form_id in ("t1", "t4"):
            got = svc.load(svc.open("盂县", form_id, 2025))
            assert content_digest(got.data) == want[form_id]
