"""Entry point of the frozen program built by PyInstaller (see dangjian-desktop.spec)."""

import os
import sys


def _give_streams() -> None:
    """A windowed Windows executable has no console: sys.stdout/sys.stderr are None there.

    The command line writes messages to them; give it somewhere harmless to write instead of
    failing. (Windows users who need the command line use dangjian-cli.exe.)
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    import multiprocessing

    # A roster sheet that could not be checked beforehand is read in a child process
    # (core.roster_read); in the frozen program that child starts through this same executable.
    multiprocessing.freeze_support()
    _give_streams()
    from dangjian_desktop.cli import main

    sys.exit(main())
