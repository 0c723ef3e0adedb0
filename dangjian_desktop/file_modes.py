"""Files the user hands on (a printed PDF, an exported sheet) get the mode any program of theirs
would give a new file (0666 less the umask): written through a private temporary file first,
they would otherwise stay 0600 and unreadable to whoever the user passes them to."""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()


def user_file_mode() -> int:
    with _lock:                      # os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def give_user_mode(fd: int) -> None:
    """Give the open file ``fd`` the user's usual mode (POSIX; never fails)."""
    if os.name == "posix":
        try:
            os.fchmod(fd, user_file_mode())
        except OSError:
            pass
