"""Content digest: stable for the same content, different for any single change."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.digest import (
    canonical_bytes,
    content_digest,
    digest,
    return_content,
    short_digest,
)
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import enter, enter_cell
from siwu_desktop.core.sample import sample_return


def test_canonical_form_is_documented_shape() -> None:
    data = {"b": D("1.50"), "a": ["用水", None, True, 3], "c": D("6.17E+4")}
    assert (
        canonical_bytes(data)
        == '{"a":["用水",null,true,3],"b":{"$d":"1.5"},"c":{"$d":"61700"}}'.encode()
    )
    # a known value pins the algorithm (SHA-256 of those bytes)
    assert digest({}) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        digest({"x": 0.1})


def test_decimal_spelling_and_key_order_do_not_matter() -> None:
    assert digest({"a": D("1.50"), "b": D("2")}) == digest({"b": D("2.000"), "a": D("1.5")})
    assert digest({"a": D("0")}) == digest({"a": D("-0.00")})
    # a number and the same digits as text are different content
    assert digest({"a": D("1.5")}) != digest({"a": "1.5"})


def test_return_digest_is_stable_and_sensitive(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2025)
    first = content_digest(ret)
    assert first == content_digest(copy.deepcopy(ret))
    # the same value typed differently (1.5 亿m³ vs 15000) is the same content
    twin = copy.deepcopy(ret)
    enter(ret, form, "total_use", "15000")
    enter(twin, form, "total_use", "1.5亿立方米")
    assert content_digest(ret) == content_digest(twin)
    # any single change of a value, an explanation or a signature changes the digest
    base = content_digest(ret)
    for change in (
        lambda r: enter(r, form, "total_use", "15000.01"),
        lambda r: enter(r, form, "gdp_index_b2020", "—"),
        lambda r: r.explanations.update({"C01:leakage_rate": "说明"}),
        lambda r: setattr(r, "metadata", replace(r.metadata, reviewer="赵六")),
        lambda r: setattr(r, "year", 2026),
    ):
        changed = copy.deepcopy(ret)
        change(changed)
        assert content_digest(changed) != base


def test_dict_insertion_order_is_irrelevant(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2025)
    reordered = copy.deepcopy(ret)
    reordered.values = dict(reversed(list(ret.values.items())))
    assert content_digest(reordered) == content_digest(ret)
    assert len(short_digest(content_digest(ret))) == 19


def test_ledger_rows_are_covered(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t4")
    ret = sample_return(form, "盂县", 2025, ledger_rows=3)
    before = content_digest(ret)
    enter_cell(ret, form, 2, "annual", "99")
    assert content_digest(ret) != before
    assert return_content(ret)["schema"] == "siwu-return/1"


values = st.dictionaries(
    st.text(min_size=1, max_size=5),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000),
    max_size=6,
)


@given(values)
def test_any_single_value_change_changes_the_digest(data: dict[str, D]) -> None:
    base = digest(data)
    assert digest(dict(reversed(list(data.items())))) == base
    for key in data:
        changed = dict(data)
        changed[key] = data[key] + D("0.001")
        assert digest(changed) != base
