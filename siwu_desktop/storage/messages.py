"""Every user-facing message of the storage layer, in one place for review (zh_CN)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siwu_desktop.core.terms import ReturnStatus, status_label
from siwu_desktop.storage.errors import BackupCandidate

BACKUP_REASONS = {
    "daily": "每日自动备份",
    "migration": "升级前备份",
    "import": "导入前备份",
    "manual": "手动备份",
    "restore": "恢复前备份",
}


def data_in_use(data_dir: Path, holder: str) -> str:
    return (
        f"数据目录“{data_dir}”正被另一个正在运行的本程序使用（{holder}）。"
        "为防止两处同时修改造成数据错乱，本次无法打开。请先关闭另一个窗口或命令，再重试。"
    )


def holder_info(pid: str, host: str, user: str, since: str) -> str:
    parts = [f"进程号 {pid}" if pid else "", f"计算机 {host}" if host else ""]
    parts += [f"用户 {user}" if user else "", f"自 {_local_minute(since)} 起" if since else ""]
    return "，".join(p for p in parts if p) or "占用者信息不详"


def _local_minute(iso: str) -> str:
    """2026-12-02T01:56:47.868+00:00 as the clerk's clock shows it: 2026-12-02 09:56 (UTC+8)."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def read_only(path: Path) -> str:
    return (
        f"无法写入数据目录“{path}”（只读或没有写入权限）。已有数据没有任何改动。"
        "请检查磁盘或文件夹权限，或用 --data-dir 指定一个可写的文件夹。"
    )


def disk_full(path: Path) -> str:
    return (
        f"磁盘空间不足（或超出文件大小限制），刚才的修改没有保存，“{path}”中已有的数据完好。"
        "请清理磁盘空间后重试。"
    )


def disk_full_at_open(folder: Path, free: int) -> str:
    return (
        f"磁盘空间不足：数据目录“{folder}”所在磁盘只剩 {free // 1024} KB，"
        "程序打开数据库时也需要写入少量数据，因此本次无法打开。"
        "数据库文件没有损坏，也没有任何改动。请清理磁盘空间后重新打开。"
    )


def write_failed(path: Path, detail: str) -> str:
    return f"写入数据库“{path}”失败（{detail}），刚才的修改没有保存，已有数据完好。"


def newer_schema(path: Path, unknown: list[str]) -> str:
    return (
        f"数据库“{path}”是由更新版本的本程序创建或升级的（含本版本不认识的升级步骤："
        f"{'、'.join(unknown)}）。为避免损坏数据，本版本不会打开或修改它。请安装新版本后再使用。"
    )


def older_backup(backup: BackupCandidate) -> str:
    return (
        f"数据目录中有一份本版本能打开的较早备份（{backup.created[:16]}，"
        f"{BACKUP_REASONS.get(backup.reason, backup.reason)}），但其中没有此后录入的内容。"
        f"如确需用本版本继续，可运行 siwu restore --backup “{backup.path}”："
        "当前的数据库文件会移到 damaged 文件夹保留，不会删除。"
    )


def not_ours(path: Path) -> str:
    return f"文件“{path}”不是本程序的数据库，未做任何改动。请检查 --data-dir 是否指错了文件夹。"


def corrupt(path: Path, problems: list[str], newest: str | None) -> str:
    head = f"数据库文件“{path}”已损坏或不完整（{'；'.join(problems[:3])}）。"
    if newest:
        return (
            head + f"可以从最近一份完好的备份（{newest}）恢复；"
            "损坏的文件不会被删除，会移到数据目录的 damaged 文件夹中保留。"
        )
    return head + "没有找到完好的备份。损坏的文件未做任何改动，请联系技术人员。"


def database_missing(path: Path, backups: int, damaged: int, newest: str | None) -> str:
    found = "、".join(
        part
        for part in (
            f"{backups} 份备份" if backups else "",
            f"damaged 文件夹中保留的 {damaged} 组旧文件" if damaged else "",
        )
        if part
    )
    head = f"找不到数据库文件“{path}”，但数据目录中有{found}：数据库可能被删除或移走。"
    keep = "为免掩盖这一情况，本程序没有新建空数据库。"
    if newest:
        return head + keep + f"可以从最近一份完好的备份（{newest}）恢复：运行 siwu restore。"
    return (
        head + keep + "没有找到完好的备份，请联系技术人员；"
        "如确需从头开始，请先把 backups 和 damaged 文件夹移到别处。"
    )


def restored(backup: Path, kept: Path) -> str:
    return f"已从备份“{backup.name}”恢复数据库；损坏的文件已保留在“{kept}”。"


def backup_not_good(path: Path) -> str:
    return f"备份文件“{path}”本身也不完整或已损坏，不能用来恢复。请选择另一份备份。"


def locked_revision(revision: int | None = None) -> str:
    if revision is None:
        return "该报表版本已定稿锁定，不能再修改。如需改正，请先办理“更正”并填写更正原因。"
    return (
        f"该报表第 {revision} 版已定稿锁定，不能再修改。"
        f"如需改正，请先办理“更正”，生成第 {revision + 1} 版并填写更正原因。"
    )


def finalise_needs_validation(status: str) -> str:
    return (
        f"报表当前状态为“{status_label(status)}”，"
        f"须先校验通过（{ReturnStatus.VALIDATED.label}）才能定稿。"
    )


def no_correction_open() -> str:
    return "这张报表没有正在进行的更正，无需撤销。"


def correct_needs_final(status: str) -> str:
    return (
        f"报表当前状态为“{status_label(status)}”，"
        f"只有{ReturnStatus.FINALISED.label}的报表才需要办理更正。"
    )


def correction_reason_required() -> str:
    return "办理更正必须填写更正原因。"


def digest_required() -> str:
    return "定稿需要报表内容摘要，不能为空。"


def return_not_found(what: str) -> str:
    return f"找不到报表：{what}。"


def revision_not_found(revision: int) -> str:
    return f"找不到该报表的第 {revision} 版。"


def bad_period(period: str) -> str:
    return f"报告期“{period}”无效，应为 Y（全年）或 Q1～Q4（季度）。"


def bad_decimal(value: str) -> str:
    return f"数值“{value}”不是有限的十进制数，不能保存。"


def profile_missing() -> str:
    return "尚未初始化。请先运行：siwu init --city 城市 --county 县区（或 --city-mode）。"


def profile_conflict(old: str, new: str) -> str:
    return (
        f"本数据目录已初始化为“{old}”，且已有报表数据，不能改为“{new}”。"
        "如需填报另一个单位，请用 --data-dir 另建一个数据目录。"
    )


def bad_mode(mode: str) -> str:
    return f"模式“{mode}”无效，应为 county（县区）或 city（市级）。"


def county_required() -> str:
    return "县区模式必须指定县区。"


def ledger_row_not_found(row_uid: str) -> str:
    return f"台账中找不到这一行（{row_uid}）。"


def bad_export_kind(kind: str) -> str:
    return f"记录类型“{kind}”无效，应为 export（导出）或 print（打印）。"


def pack_conflict(issuer: str, version: str) -> str:
    return f"目标包“{issuer} {version}”已导入过，但这次的内容不同。同一版本号不能有两种内容，请向发文单位核实。"


def bad_json(what: str) -> str:
    return f"{what}不是有效的 JSON，不能保存。"


def daily_backup_failed(detail: str) -> str:
    return f"今天的自动备份没有做成（{detail}）。数据本身完好，可以继续填报；请尽快检查磁盘空间。"


def revision_conflict(revision: int) -> str:
    return f"本机已有第{revision}版且内容摘要不同：同一版本号不能有两种内容，未导入"
