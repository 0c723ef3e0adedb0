"""Every setting of the program in one typed registry (STYLE.md #9): its key, type, default,
bounds, where it is kept and where the user sees it.

Three places keep settings:

- ``BRANCH``: the branch's own rules (DOMAIN.md: defaults every branch may change), as
  :class:`~dangjian_desktop.db.models.Setting` rows in the data file. They travel with a
  backup and come back with a restore.
- ``LOCAL``: facts about this data file on this computer, in a small file beside it
  (``dangjian.sqlite3.local.json``): a restore replaces the data but does not roll them back
  (the last USB backup stays the last one).
- ``WINDOW``: this computer's preferences for the window, kept by the GUI in QSettings
  (ui.settings reads the specs from here; nothing in core reads them).

A stored value that is not valid for its spec (a hand-edited file, an older program) reads
as the default; a value set through :func:`put` is checked first.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop.errors import UserError, ValidationError, os_error_text

BRANCH, LOCAL, WINDOW = "branch", "local", "window"
LOCAL_SUFFIX = ".local.json"


@dataclass(frozen=True)
class Spec:
    key: str
    type: type                     # int, bool, str, dict, dt.date, dt.datetime or bytes
    default: object
    store: str                     # BRANCH, LOCAL or WINDOW
    label: str                     # the Chinese label where it is shown
    shown_in: str = ""             # where the user sees or changes it; "" = kept by the program
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple = ()
    suffix: str = ""               # unit shown after a number: 人, 天

    def coerce(self, value: object) -> object:
        """``value`` as this spec's type, or the default when it does not fit."""
        try:
            return self.check(value)
        except (TypeError, ValueError):
            return self.default

    def check(self, value: object) -> object:
        """``value`` as this spec's type; ValueError when it does not fit."""
        if value is None:
            if self.default is None:
                return None
            raise ValueError(self.key)
        kind = self.type
        if kind is bool:
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "1"):
                return True
            if str(value).lower() in ("false", "0"):
                return False
            raise ValueError(value)
        if kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            number = int(value)
            if (self.minimum is not None and number < self.minimum) or (
                    self.maximum is not None and number > self.maximum):
                raise ValueError(number)
            return number
        if kind is dt.datetime:
            return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        if kind is dt.date:
            if isinstance(value, dt.datetime):
                raise ValueError(value)
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if kind is dict:
            if not isinstance(value, dict):
                raise ValueError(value)
            return dict(value)
        if kind is str:
            text = str(value)
            if self.choices and text not in self.choices:
                raise ValueError(text)
            return text
        if kind is bytes:
            return value
        raise TypeError(kind)


def _frequency(kind: str, period: str, times: int, month: int, day: int) -> Spec:
    return Spec(f"activity_rule.{kind}", dict, {"period": period, "times": times, "month": month, "day": day},
                BRANCH, "活动频次", "活动 · 频次规则")


SPECS: dict[str, Spec] = {s.key: s for s in (
    # party groups (DOMAIN.md: a group has ≥3 members, ≥1 of them a full member)
    Spec("group_min_members", int, 3, BRANCH, "每个党小组至少", "支部设置 · 规则和提醒", 1, 50, suffix="名党员"),
    Spec("group_min_full_members", int, 1, BRANCH, "其中正式党员至少", "支部设置 · 规则和提醒", 0, 50, suffix="名"),
    Spec("group_target_min", int, 3, BRANCH, "自动分组时每组不少于", "支部设置 · 规则和提醒", 1, 50, suffix="人"),
    Spec("group_target_max", int, 12, BRANCH, "自动分组时每组不多于", "支部设置 · 规则和提醒", 2, 200, suffix="人"),
    Spec("usb_backup_reminder_days", int, 30, BRANCH, "多久没有备份到U盘就提醒", "支部设置 · 规则和提醒", 1, 365,
         suffix="天"),
    # activities: how often each kind is held (DOMAIN.md "Activities", defaults) and who is counted
    Spec("activity_exclude_flow", bool, True, BRANCH, "流动党员外出期间不计入应到人数", "活动 · 频次规则"),
    _frequency("party_congress", "quarter", 1, 1, 10),
    _frequency("committee", "month", 1, 1, 5),
    _frequency("group_meeting", "month", 1, 1, 15),
    _frequency("party_lecture", "quarter", 1, 2, 10),
    _frequency("theme_day", "month", 1, 1, 10),
    _frequency("life_meeting", "year", 1, 12, 20),
    _frequency("member_review", "year", 1, 12, 22),
    _frequency("talk", "year", 1, 11, 20),
    _frequency("practice", "none", 0, 1, 1),
    # the roster import: the columns of each sheet layout as the user chose them (core.roster_memory)
    Spec("import_mappings", dict, {}, BRANCH, "导入花名册时各列的对应"),
    # the key automatic backups are sealed to, its private half sealed with the last backup
    # password the user set (backup.autobackup; nothing in it opens without that password)
    Spec("auto_backup_key", dict, {}, BRANCH, "自动备份的加密钥匙"),
    # the day the branch started keeping its records here (core.branch.started_using_on): periods
    # that ended before it are not listed as overdue on the 工作台
    Spec("started_using_on", dt.date, None, BRANCH, "开始使用本程序的日期"),
    # dues (DOMAIN.md "Dues"): a farmer's monthly due, set by the branch within ¥0.20–1.00 (in fen);
    # the first month the ledger is kept here (arrears are counted from it; "" = the first basis)
    Spec("dues_farmer_fen", int, 20, BRANCH, "农民党员每月交纳", "党费", 20, 100, suffix="分"),
    Spec("dues_start_month", str, "", BRANCH, "从哪个月开始在本程序记党费", "党费"),
    # 民主评议 (DOMAIN.md): the share of 优秀 is at most 1/N of those graded; probationary members
    # take part, graded only when the branch says so
    Spec("review_excellent_one_in", int, 3, BRANCH, "评为优秀的不超过参评人数的 1/", "民主评议", 2, 20),
    Spec("review_grade_probationary", bool, False, BRANCH, "预备党员也评定等次", "民主评议"),
    # the figures (core.stats, DOMAIN.md "The branch's book and its figures"): the largest age and
    # 党龄 of each band but the last, whole years rising, commas between (core.stats.parse_edges)
    Spec("stats_age_edges", str, "35,45,54,60,70", BRANCH, "年龄分段（每段的最大年龄）", "统计", suffix="岁"),
    Spec("stats_party_age_edges", str, "9,19,29,39,49", BRANCH, "党龄分段（每段的最大党龄）", "统计", suffix="年"),
    # the 年度总结 of the 支部工作手册 the secretary writes in the program, per year ({"2026": text});
    # read and written by core.annual_summary
    Spec("annual_summaries", dict, {}, BRANCH, "年度总结", "支部工作手册"),
    # set by a schema step whose data the program still has to bring up to date (core.upgrade_data)
    Spec("data_steps_pending", int, 0, BRANCH, "升级后待整理的数据", minimum=0, maximum=1000),
    # this data file on this computer
    Spec("last_usb_backup_at", dt.datetime, None, LOCAL, "上次备份到U盘的时间", "备份 · 工作台 · 状态栏"),
    # the window on this computer
    Spec("ui/font_size", str, "normal", WINDOW, "字号", "窗口右上角", choices=("normal", "large", "xlarge")),
    Spec("window/geometry", bytes, None, WINDOW, "窗口的位置和大小"),
    Spec("members/show_former", bool, False, WINDOW, "显示已不在册党员", "党员"),
    # the input-method problem the user was told about at start, once (ui.input_method)
    Spec("input_method/told", str, "", WINDOW, "已提示过的输入法问题"),
    # the folder each kind of file was last opened from or saved to (ui.file_dialogs)
    Spec("files/folder_import", str, "", WINDOW, "上次导入花名册的文件夹"),
    Spec("files/folder_export", str, "", WINDOW, "上次导出花名册的文件夹"),
    Spec("files/folder_report", str, "", WINDOW, "上次保存PDF的文件夹"),
    Spec("files/folder_backup", str, "", WINDOW, "上次备份或恢复的文件夹"),
    Spec("files/folder_attachment", str, "", WINDOW, "上次选择照片和附件的文件夹"),
)}


def spec(key: str) -> Spec:
    try:
        return SPECS[key]
    except KeyError:
        raise KeyError(f"no setting {key!r}") from None


def shown_in(place: str) -> list[Spec]:
    """The settings a screen shows, in registry order."""
    return [s for s in SPECS.values() if s.shown_in == place]


# --- reading and writing ---------------------------------------------------------------------

def get(key: str) -> object:
    """The value of a branch or local setting (needs an open database)."""
    return values([key])[key]


def values(keys: list[str]) -> dict[str, object]:
    """Several settings at once (one query for the branch ones)."""
    from dangjian_desktop.db.models import Setting  # not at import: the window's frame shows first

    specs = [spec(k) for k in keys]
    if any(s.store == WINDOW for s in specs):
        raise ValueError("window settings are kept by the GUI (ui.settings)")
    out: dict[str, object] = {}
    branch = [s.key for s in specs if s.store == BRANCH]
    if branch:
        rows = dict(Setting.select(Setting.key, Setting.value).where(Setting.key.in_(branch)).tuples())
        for key in branch:
            out[key] = _decode(SPECS[key], rows.get(key))
    local = [s.key for s in specs if s.store == LOCAL]
    if local:
        stored = _read_local()
        for key in local:
            out[key] = SPECS[key].coerce(stored[key]) if key in stored else _legacy(SPECS[key])
    return {k: out[k] for k in keys}


def _decode(s: Spec, text: str | None) -> object:
    if text is None:
        return s.default
    try:
        return s.coerce(json.loads(text))
    except ValueError:
        return s.default


def put(key: str, value: object) -> None:
    """Check and store a branch or local setting; the default value removes a branch row."""
    from dangjian_desktop.db.models import Setting, database_proxy  # not at import: the window's frame shows first

    s = spec(key)
    try:
        value = s.check(value)
    except (TypeError, ValueError):
        raise ValidationError({key: _out_of_range(s)}) from None
    if s.store == BRANCH:
        with database_proxy.atomic():
            if value == s.default:
                Setting.delete().where(Setting.key == key).execute()
            else:
                text = json.dumps(value.isoformat() if isinstance(value, dt.date) else value, ensure_ascii=False)
                Setting.insert(key=key, value=text).on_conflict_replace().execute()
    elif s.store == LOCAL:
        stored = _read_local()
        stored[key] = value.isoformat() if isinstance(value, dt.datetime) else value
        try:
            _write_local(stored)
        except OSError as exc:
            raise UserError(f"无法保存“{s.label}”到“{local_file()}”：{os_error_text(exc)}。请检查文件夹的写入权限。") from exc
        if s.key in _LEGACY_BRANCH_ROWS:
            Setting.delete().where(Setting.key == key).execute()
    else:
        raise ValueError("window settings are kept by the GUI (ui.settings)")


def reset(key: str) -> None:
    put(key, spec(key).default)


def put_many(changes: dict[str, object]) -> None:
    """Check all, then store all in one transaction (a form of several settings)."""
    from dangjian_desktop.db.models import database_proxy  # not at import: the window's frame shows first

    problems = {}
    checked = {}
    for key, value in changes.items():
        s = spec(key)
        try:
            checked[key] = s.check(value)
        except (TypeError, ValueError):
            problems[key] = _out_of_range(s)
    low = checked.get("group_target_min", None)
    high = checked.get("group_target_max", None)
    if low is not None and high is not None and low > high:
        problems["group_target_max"] = f"“{SPECS['group_target_max'].label}”不能少于“{SPECS['group_target_min'].label}”。"
    if problems:
        raise ValidationError(problems)
    with database_proxy.atomic():
        for key, value in checked.items():
            put(key, value)


def _out_of_range(s: Spec) -> str:
    if s.type is int and s.minimum is not None and s.maximum is not None:
        return f"“{s.label}”应在 {s.minimum} 到 {s.maximum} 之间。"
    return f"“{s.label}”的值不对。"


# --- the local file beside the data file -------------------------------------------------------------

# Settings that older programs kept as branch rows: read once from there until written anew.
_LEGACY_BRANCH_ROWS = ("last_usb_backup_at",)


def _legacy(s: Spec) -> object:
    if s.key not in _LEGACY_BRANCH_ROWS:
        return s.default
    from dangjian_desktop.db.models import Setting

    row = Setting.get_or_none(Setting.key == s.key)
    return _decode(s, row.value) if row else s.default


def local_file() -> Path:
    """``dangjian.sqlite3.local.json`` beside the open data file."""
    from dangjian_desktop.db.models import database_proxy

    path = Path(database_proxy.obj.database)
    return path.with_name(path.name + LOCAL_SUFFIX)


def _read_local() -> dict:
    try:
        data = json.loads(local_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_local(data: dict) -> None:
    """Replace the file atomically (a crash leaves the old one or the new one, never half)."""
    import tempfile

    target = local_file()
    handle, temp = tempfile.mkstemp(prefix=".~", suffix=LOCAL_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
