"""Issue #17 item 12: the words a reader sees (finding messages, the 校验结果 sheet's field
column, `siwu rules`' checks) name fields by their Chinese labels, never by internal ids."""

from __future__ import annotations

import re

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.describe import field_checks
from siwu_desktop.core.forms import FORM_IDS, build_form
from siwu_desktop.core.returns import enter, new_return
from siwu_desktop.core.rules import RULES
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.validation import ValidationContext, validate

# An internal id: lower-case ASCII words such as total_use, over, annual.
FIELD_ID = re.compile(r"[a-z_]{3,}")
COUNTERPART = {"t1": "t2", "t2": "t1"}


def test_d07_rows_name_the_other_forms_field_by_its_label(catalog: TargetCatalog) -> None:
    t1, t2 = build_form(catalog, "阳泉市", "t1"), build_form(catalog, "阳泉市", "t2")
    on_t1 = [r for r in field_checks(t1, t2) if r[0] == "D07"]
    on_t2 = [r for r in field_checks(t2, t1) if r[0] == "D07"]
    assert ["D07", "用水总量", "等于表二“用水总量（合计）”"] in on_t1
    assert ["D07", "用水总量（合计）", "等于表一“用水总量”"] in on_t2
    assert ["D07", "工业·合计", "等于表一“工业用水量”"] in on_t2
    for row in on_t1 + on_t2:
        assert not FIELD_ID.search(" ".join(row)), row


def test_d07_finding_on_both_sides_is_in_chinese(catalog: TargetCatalog) -> None:
    t1_form, t2_form = build_form(catalog, "阳泉市", "t1"), build_form(catalog, "阳泉市", "t2")
    r1 = sample_return(t1_form, "盂县", 2025)
    r2 = new_return(t2_form, "盂县", 2025, "Y")
    enter(r2, t2_form, "industry_surface", "3000")  # 表二 合计 3000
    enter(r1, t1_form, "total_use", "3580")  # 表一 3580: 580 apart
    sides = (
        (t1_form, validate(r1, ValidationContext(catalog, companions={"t2": r2}))),
        (t2_form, validate(r2, ValidationContext(catalog, companions={"t1": r1}))),
    )
    for form, findings in sides:
        d07 = [f for f in findings if f.rule == "D07" and f.field == "total_use"]
        assert len(d07) == 1, form.id
        shown = f"{form.label_of(d07[0].field)} {d07[0].message}"
        assert "用水总量" in shown and "万立方米" in shown
        assert not FIELD_ID.search(shown), shown


def test_no_user_text_of_any_city_or_form_carries_a_field_id(catalog: TargetCatalog) -> None:
    for rule in RULES:
        assert not FIELD_ID.search(f"{rule.title} {rule.checks}"), rule.id
    for city in catalog.cities:
        forms = {f: build_form(catalog, city, f) for f in FORM_IDS}
        for form_id, form in forms.items():
            other = COUNTERPART.get(form_id)
            for row in field_checks(form, forms[other] if other else None):
                assert not FIELD_ID.search(" ".join(row)), (city, row)
            # an empty return and the sample return between them raise most findings
            county = catalog.city(city).counties[0].name
            for ret in (new_return(form, county, 2025, "Y"), sample_return(form, county, 2025)):
                for f in validate(ret, ValidationContext(catalog)):
                    shown = f"{form.label_of(f.field)} {f.message}"
                    assert not FIELD_ID.search(shown), (city, form_id, f.rule, shown)
