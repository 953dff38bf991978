"""A blank return for one county and period: input cells unlocked, everything else
protected, numeric validation and drop-downs, the targets filled in for reference."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from siwu_desktop import __version__
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import PERIODS, build_form
from siwu_desktop.core.returns import new_return
from siwu_desktop.core.validation import ValidationContext
from siwu_desktop.excel import book
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.export import save_atomically
from siwu_desktop.excel.fill import build_fill
from siwu_desktop.excel.layout import SheetHeader, write_sheet


def template_workbook(
    catalog: TargetCatalog, city: str, county: str | None, form_id: str, year: int, period: str
) -> Workbook:
    """`county=None` gives the city's layout skeleton (every task of the year in 表三)."""
    if period not in PERIODS:
        raise ValueError(period)
    city_obj = catalog.city(city)
    form = build_form(catalog, city_obj.name, form_id, year=year, county=county)
    if period not in form.periods:
        raise ValueError(period)
    code = catalog.county(city_obj.name, county).code if county else city_obj.code
    place = county or city_obj.name
    ctx = ValidationContext(catalog)
    ret = new_return(form, place, year, period)
    header = SheetHeader(
        form=form,
        issuer=city_obj.water_bureau,
        unit_name=f"{place}水利局" if county else "",
        county=place,
        code=code,
        year=year,
        period=period,
        template=True,
        status_line=msg.TEMPLATE_MARK,
    )
    wb = Workbook()
    ws = wb.active
    ws.title = form.short
    write_sheet(ws, header, build_fill(form, ret, ctx, template=True))
    meta = {
        "kind": book.KIND_TEMPLATE,
        "layout": book.LAYOUT_VERSION,
        "app_version": __version__,
        "catalog_version": book.catalog_version(catalog),
        "sheets": [
            {
                "sheet": ws.title,
                "form": form.id,
                "form_version": book.form_version(form),
                "columns_version": book.columns_version(form),
                "city": city_obj.name,
                "county": place,
                "code": code,
                "year": year,
                "period": period,
            }
        ],
    }
    book.write_hidden(wb, {"meta": book.dumps(meta)})
    wb.properties.creator = "siwu"
    return wb


def write_template(
    catalog: TargetCatalog,
    city: str,
    county: str,
    form_id: str,
    year: int,
    period: str,
    out: Path,
) -> Path:
    return save_atomically(template_workbook(catalog, city, county, form_id, year, period), out)
