"""Errors that carry a message meant for the user (Chinese, says what to do)."""


class UserError(Exception):
    """A failure the user can act on. ``str(err)`` is the Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseInUse(UserError):
    """Another program instance holds the database."""


class DatabaseRefused(UserError):
    """The file is damaged, foreign, or from a newer program version."""


class ValidationError(UserError):
    """Input did not pass the domain rules; ``problems`` maps field -> message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()))


class Cancelled(UserError):
    """The user stopped long work (取消 in its progress window); whatever it wrote is rolled back."""

    def __init__(self, message: str = "已经取消，数据没有任何改动。"):
        super().__init__(message)


# What an operating-system error means, in words a user can act on (never the system's own,
# often English, text).
_ERRNO_TEXT = {
    "ENOSPC": "空间不够了", "EDQUOT": "空间配额用完了", "EROFS": "是只读的（不允许写入）",
    "EACCES": "没有权限", "EPERM": "没有权限", "ENOENT": "找不到（可能已被移走或U盘已拔出）",
    "EIO": "读写出错（硬盘或U盘可能接触不好或已损坏）", "ENODEV": "设备不见了（U盘可能已拔出）",
    "ENXIO": "设备不见了（U盘可能已拔出）", "ESTALE": "设备不见了（U盘可能已拔出）",
    "EBUSY": "正被其他程序使用", "EEXIST": "已经有同名文件", "ENAMETOOLONG": "文件名太长",
    "EMFILE": "打开的文件太多", "ENOTDIR": "路径里有一段不是文件夹", "EISDIR": "是一个文件夹",
}


def os_error_text(exc: BaseException) -> str:
    """``exc`` (an OSError) in Chinese: "空间不够了", "没有权限" …"""
    import errno

    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    if name in _ERRNO_TEXT:
        return _ERRNO_TEXT[name]
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):
        return "正被其他程序使用"
    if winerror in (21, 1006, 1167):
        return "设备不见了（U盘可能已拔出）"
    return f"系统报告了错误（代码 {code}）" if code else "系统报告了错误"


# SQLite result codes that mean the disk (space, permission, a removed device), not the data.
_SQLITE_DISK = {
    "SQLITE_FULL": "硬盘空间不够了", "SQLITE_READONLY": "文件或文件夹不允许写入",
    "SQLITE_CANTOPEN": "文件打不开（文件夹不允许写入或文件已被移走）", "SQLITE_PERM": "没有权限",
    "SQLITE_IOERR": "读写硬盘出错", "SQLITE_NOLFS": "文件太大",
}


def sqlite_disk_problem(exc: BaseException) -> str | None:
    """For an sqlite3 error caused by the disk (full, read only, removed), what it is in
    Chinese; None when the error is about the data itself."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    for prefix, text in _SQLITE_DISK.items():
        if name == prefix or name.startswith(prefix + "_"):
            if name == "SQLITE_IOERR_NOMEM":
                return "电脑内存不够了"
            return text
    return None
