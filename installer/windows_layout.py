"""A stand-in for the Windows bundle, to check dangjian-desktop.nsi with makensis on Linux.

PyInstaller cannot build the Windows bundle here, but its file names can be had:

- PySide6/ and shiboken6/: the files of the Windows wheels (PySide6-Essentials, shiboken6)
  that the spec keeps (``bundle_select.keep(..., "win32")``), for the Qt modules the Linux
  bundle has;
- everything else: the Linux bundle's files with Windows names (``.pyd`` for extension
  modules, no ``.so`` libraries of the build machine) and CPython's own Windows DLLs.

    # once, with network: the list, committed as installer/windows-bundle-files.txt
    pip download --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.11 \\
        PySide6-Essentials==6.11.3 shiboken6==6.11.3 -d wheels/
    python installer/windows_layout.py list dist/dangjian-desktop wheels/*.whl > installer/windows-bundle-files.txt
    # any time, offline: a tree of empty files with those names
    python installer/windows_layout.py make OUT_DIR [installer/windows-bundle-files.txt]

The stand-in has the real names, folders and count of files; not their sizes or contents.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_select import keep

# What PyInstaller puts beside the interpreter on Windows (CPython 3.11 from python.org).
PYTHON_WINDOWS = [
    "python311.dll", "python3.dll", "VCRUNTIME140.dll", "VCRUNTIME140_1.dll",
    "libcrypto-3.dll", "libssl-3.dll", "libffi-8.dll", "sqlite3.dll", "base_library.zip",
]
# CPython's Windows extension modules (python.org's DLLs folder); the rest is built into python311.dll.
PYTHON_PYDS = {
    "_asyncio", "_bz2", "_ctypes", "_decimal", "_elementtree", "_hashlib", "_lzma", "_multiprocessing",
    "_overlapped", "_queue", "_socket", "_sqlite3", "_ssl", "_uuid", "_zoneinfo", "pyexpat", "select",
    "unicodedata",
}
_EXTENSION = re.compile(r"\.cpython-3(\d+)-x86_64-linux-gnu\.so$")


def windows_names(linux_files: list[str], wheel_files: list[str]) -> list[str]:
    """The bundle's relative paths on Windows (``dangjian-desktop.exe``, ``_internal/...``)."""
    names = {"dangjian-desktop.exe", "dangjian-cli.exe"}
    names |= {f"_internal/{n}" for n in PYTHON_WINDOWS}
    qt_modules = {m.group(1) for f in linux_files
                  if (m := re.match(r"_internal/PySide6/(Qt\w+)\.abi3\.so$", f))}
    qt_libs = {m.group(1) for f in linux_files
               if (m := re.match(r"_internal/PySide6/Qt/lib/libQt6(\w+)\.so", f))} - {"XcbQpa", "DBus"}
    for name in wheel_files:
        if not name.startswith(("PySide6/", "shiboken6/")) or ".dist-info" in name:
            continue
        base = name.rsplit("/", 1)[-1]
        top = name.count("/") == 1
        if name.endswith((".py", ".pyi", ".pyc", ".lib", ".h", ".cmake", ".exe", ".typed", ".json")) \
                or "/include/" in name or "/resources/" in name or "qml" in base \
                or "/scripts/" in name or "/qml/" in name or "/lib/cmake/" in name or "/metatypes/" in name \
                or "/typesystems/" in name or "/glue/" in name or "/doc/" in name:
            continue
        if top and base.startswith("Qt6") and base.endswith(".dll") and base[3:-4] not in qt_libs:
            continue
        if top and base.endswith(".pyd") and base[:-4] not in qt_modules and name.startswith("PySide6/"):
            continue
        if keep(name, "win32") and (not name.startswith("PySide6/translations/") or base.endswith(".qm")):
            names.add(f"_internal/{name}")
    for f in linux_files:
        if f in ("dangjian-desktop",) or f.startswith(("_internal/PySide6/", "_internal/shiboken6/")):
            continue
        rest = f[len("_internal/"):]
        if "/" not in rest and ".so" in rest and not _EXTENSION.search(rest):
            continue                       # a library of the Linux build machine
        if rest.startswith(("pillow.libs/", "python3.11/")) or "/" not in rest and rest.startswith("lib"):
            continue
        if (m := _EXTENSION.search(f)):
            f = f[: m.start()] + f".cp3{m.group(1)}-win_amd64.pyd"
        elif f.endswith(".abi3.so"):
            f = f[: -len(".abi3.so")] + ".pyd"
        elif f.endswith("libpdfium.so"):
            f = f.replace("libpdfium.so", "pdfium.dll")
        names.add(f)
    # CPython's extension modules: lib-dynload/*.so on Linux, DLLs\*.pyd on Windows (top of _internal).
    for f in linux_files:
        m = re.match(r"_internal/python3\.\d+/lib-dynload/(\w+)\.cpython-3\d+-x86_64-linux-gnu\.so$", f)
        if m and m.group(1) in PYTHON_PYDS:
            names.add(f"_internal/{m.group(1)}.pyd")
    names.add("_internal/_overlapped.pyd")      # asyncio on Windows
    return sorted(names)


def make(out: Path, names: list[str]) -> None:
    for name in names:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "list":
        bundle = Path(argv[1])
        linux = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() or p.is_symlink())
        wheel_files = [n for w in argv[2:] for n in zipfile.ZipFile(w).namelist()]
        print("\n".join(windows_names(linux, wheel_files)))
        return 0
    if len(argv) in (2, 3) and argv[0] == "make":
        listing = Path(argv[2]) if len(argv) == 3 else Path(__file__).with_name("windows-bundle-files.txt")
        make(Path(argv[1]), [line for line in listing.read_text("utf-8").splitlines() if line.strip()])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
