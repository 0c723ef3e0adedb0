"""The error log: where an unexpected error's details go, and what the user is told instead.

The command line, the background workers and the GUI's last-resort hook (ui.errors) all call
:func:`report_unexpected`: the traceback goes to ``error.log`` in the user log folder (the
portable data folder when portable), the user gets one plain Chinese sentence saying that the
last step did not finish, that saved data is safe, and where the log is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
from pathlib import Path

import platformdirs

from dangjian_desktop import APP_ID, __version__, portable

LOG_NAME = "error.log"
# ID numbers (18 or 15 characters) and mobile numbers in an error's text are masked before it is
# written: the log is sent to support, and an exception message can quote a cell.
_ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})(?:[0-9]{11}[0-9Xx]|[0-9]{9})(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def scrub(text: str) -> str:
    """``text`` with ID numbers and mobile numbers masked (370124************, 136****7354)."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 6), text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def log_file() -> Path:
    folder = portable.data_file("logs") or Path(platformdirs.user_log_dir(APP_ID, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / LOG_NAME


def write_traceback(exc: BaseException) -> Path:
    """Append the error with its traceback to the log; returns the log's path (raises OSError)."""
    path = log_file()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)      # for the user alone
    if os.name == "posix" and os.fstat(fd).st_mode & 0o077:
        os.fchmod(fd, 0o600)
    with open(fd, "a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} 党支部工作台 {__version__}\n")
        fh.write(scrub("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
        fh.write("\n")
    return path


def report_unexpected(exc: BaseException) -> str:
    """Log ``exc``; return the Chinese message naming the log file."""
    try:
        path = write_traceback(exc)
        where = f"详细情况已记录在“{path}”，请把这个文件发给技术支持。"
    except OSError:
        where = "请记下刚才做了什么，告诉技术支持。"
    return f"程序出错了，刚才的操作没有完成，已保存的数据不受影响。{where}"
