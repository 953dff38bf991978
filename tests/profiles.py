"""Profiles the tests share."""

from __future__ import annotations

from siwu_desktop.storage import Profile

#: 阳泉市盂县 with everyone who signs, as a county clerk would set it up.
YU_COUNTY = Profile(
    mode="county",
    city="阳泉市",
    county="盂县",
    unit_name="盂县水利局",
    preparer="赵一",
    reviewer="钱二",
    head="孙三",
    phone="0353-1234567",
    counties=(("盂县", "140322"),),
)

#: 太原市清徐县, the issue's second county (#17, the clerk's day).
QINGXU_COUNTY = Profile(
    mode="county",
    city="太原市",
    county="清徐县",
    unit_name="清徐县水利局",
    preparer="赵六",
    reviewer="钱七",
    head="孙八",
    phone="0351-5721234",
    counties=(("清徐县", "140121"),),
)
