"""Derived fields: the named formulas a form's derived fields refer to, and computing them.

A derived value is None (not computed) when an input is missing or the formula is
undefined (zero denominator): an empty cell, never a made-up zero. Sums are the
exception by design: blank parts of a sum are simply not there (表二's empty cells).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from siwu_desktop.core import formulas as fx
from siwu_desktop.core import units
from siwu_desktop.core.forms import DERIVED, NUMBER, Field, FormSpec

Values = dict[str, Decimal | None]
Formula = Callable[[Sequence[Decimal]], Decimal]

HUNDRED = Decimal(100)


def _leakage_percent(a: Sequence[Decimal]) -> Decimal:
    supplied, billed, r_percent, density, pressure = a
    result = fx.leakage(supplied, billed, units.percent_to_fraction(r_percent), density, pressure)
    return units.fraction_to_percent(result.reported)


def _decline_percent(a: Sequence[Decimal]) -> Decimal:
    base, current, index_base100 = a
    return units.fraction_to_percent(fx.intensity_decline(base, current, index_base100 / HUNDRED))


# Formulas taking all their inputs filled in.
FORMULAS: dict[str, Formula] = {
    "intensity": lambda a: fx.intensity_m3_per_wan_yuan(a[0], a[1]),
    "ratio": lambda a: fx.share(a[0], a[1]),
    "share_percent": lambda a: units.fraction_to_percent(fx.share(a[0], a[1])),
    "reuse_percent": lambda a: units.fraction_to_percent(fx.reuse_rate(a[0], a[1])),
    "leakage_percent": _leakage_percent,
    "decline_percent": _decline_percent,
    "over_plan": lambda a: fx.over_plan(a[0], a[1]),
    "over_plan_rate": lambda a: units.fraction_to_percent(fx.over_plan_rate(a[0], a[1])),
}


def compute(field: Field, values: Mapping[str, Decimal | None]) -> Decimal | None:
    if field.formula == "sum":
        return fx.total(values.get(i) for i in field.inputs)
    formula = FORMULAS.get(field.formula or "")
    if formula is None:
        return None
    args = [values.get(i) for i in field.inputs]
    filled = [a for a in args if a is not None]
    if len(filled) != len(args):
        return None
    try:
        return formula(filled)
    except (fx.FormulaUndefined, ArithmeticError):
        return None


def derive_all(form: FormSpec, entered: Mapping[str, Decimal | None]) -> Values:
    """Entered values plus every derived number of the form, in declaration order."""
    values: Values = dict(entered)
    for f in form.derived_order:
        if f.value_type == NUMBER:
            values[f.id] = compute(f, values)
    return values


def derive_row(
    columns: Sequence[Field], row: dict[str, Decimal | None], bands: Sequence[fx.SurchargeBand]
) -> None:
    """Derived columns of one ledger row, in place (the surcharge band needs the city's bands)."""
    for c in columns:
        if c.kind != DERIVED or c.value_type != NUMBER:
            continue
        if c.formula == "surcharge":
            rate = row.get("over_rate")
            row[c.id] = (
                None
                if rate is None
                else Decimal(fx.surcharge_multiplier(units.percent_to_fraction(rate), bands))
            )
        else:
            row[c.id] = compute(c, row)
