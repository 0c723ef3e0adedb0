"""Which collected files go into the bundle: allow-lists, as a pure function of the file names.

PyInstaller collects a Qt plugin together with every library it links to, and what it finds
depends on what the build machine has installed: with GTK installed (as on any desktop) the
gtk3 platform-theme plugin drags in libgtk-3, libatk, libepoxy, libXi … Dropping the plugin
afterwards leaves those libraries behind. So the bundle names what it ships instead:

- Qt plugins: every plugin directory and every plugin file is listed in ``QT_PLUGINS``;
- Linux: the shared libraries at the top of ``_internal/`` (where PyInstaller puts what it took
  from the build machine) must match ``LINUX_LIBS``; everything else (X11, fontconfig, GLib,
  CUPS …, and any GTK) is taken from the target system, see installer/deb-depends.txt;
- Qt translations: Simplified Chinese only; Qt libraries and modules the program never uses out.

The same sources give the same bundle on a bare and on a full machine. ``keep()`` is used by
dangjian-desktop.spec and tested in tests/test_installer.py on file lists.

    python installer/bundle_select.py list dist/dangjian-desktop > installer/bundle-files.txt
        # the bundle's files, version-independent (what tests/test_installer.py expects)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Qt plugin directory → plugin names (file name without lib prefix and extension). Nothing else.
QT_PLUGINS: dict[str, set[str]] = {
    # xcb: X11 (UOS, 麒麟, XWayland); offscreen: screenshots and tests; windows; cocoa (macOS).
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qcocoa"},
    # File dialogs through the desktop portal where there is one (Linux); no GTK theme.
    "platformthemes": {"qxdgdesktopportal"},
    # Typing Chinese on Linux: compose and ibus come with Qt; an fcitx5 plugin built for the
    # bundled Qt may be added to the bundle (see installer/README.md, “Chinese input”).
    "platforminputcontexts": {
        "composeplatforminputcontextplugin", "ibusplatforminputcontextplugin",
        "fcitx5platforminputcontextplugin", "fcitxplatforminputcontextplugin",
    },
    "xcbglintegrations": {"qxcb-egl-integration", "qxcb-glx-integration"},
    "imageformats": {"qjpeg", "qgif", "qico", "qsvg", "qwebp"},
    "iconengines": {"qsvgicon"},
    "printsupport": {"cupsprintersupport"},
    # Windows: the native look (Qt ≥ 6.7 modern style; the Vista style of older Qt).
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
}

QT_TRANSLATIONS = {"qt_zh_CN.qm", "qtbase_zh_CN.qm"}
QT_LIBS_UNUSED = ("libQt6EglFS", "libQt6EglFsKmsSupport", "libQt6Wayland", "libQt6WlShell",
                  "Qt6EglFS", "Qt6Wayland")

# Linux: libraries PyInstaller may take from the build machine into _internal/ (file-name
# prefixes). Python's own (libpython, OpenSSL, SQLite, libffi, compression), the C++ runtime,
# Qt's and PySide6's, ICU, the xcb utility libraries that not every desktop has (libxcb-util.so.1:
# Debian 10 / UOS 20 have only libxcb-util.so.0), and what Qt's
# network and core libraries link to.
LINUX_LIBS = (
    "libpython3", "libssl.", "libcrypto.", "libsqlite3.", "libffi.", "libmpdec.",
    "libz.", "libbz2.", "liblzma.", "libzstd.", "libbrotlicommon.", "libbrotlidec.",
    "libstdc++.", "libgcc_s.",
    "libQt6", "libpyside6.", "libshiboken6.", "libicudata.", "libicui18n.", "libicuuc.",
    "libxcb-cursor.", "libxcb-icccm.", "libxcb-image.", "libxcb-keysyms.", "libxcb-render-util.",
    "libxcb-util.",
)
# Not libxkbcommon-x11: it must match the system's libxkbcommon (Debian 12's 1.5 with Debian 11's
# libxkbcommon 1.0 crashes Qt's xcb platform at start), so both come from the system.
# Libraries a wheel carries itself (auditwheel's name-<8 hex digits>.so…), linked to from _internal/.
_WHEEL_LIB = re.compile(r"^lib.+-[0-9a-f]{8}\.so(\.\d+)*$")
_PYTHON_EXTENSION = re.compile(r"\.(cpython-\d+[^.]*|abi3)\.so$")


def plugin_name(file_name: str) -> str:
    """libqxcb.so → qxcb, qwindows.dll → qwindows, libqcocoa.dylib → qcocoa."""
    stem = re.sub(r"\.(so|dll|dylib)$", "", file_name)
    return stem.removeprefix("lib")


def keep(dest: str, platform: str = sys.platform) -> bool:
    """Whether a collected file goes into the bundle (``dest``: its path inside ``_internal/``)."""
    dest = dest.replace("\\", "/")
    name = dest.rsplit("/", 1)[-1]
    if "/translations/" in dest and dest.endswith(".qm"):
        return name in QT_TRANSLATIONS
    if "/plugins/" in dest and "PySide6" in dest:
        kind, _, rest = dest.split("/plugins/", 1)[1].partition("/")
        return "/" not in rest and plugin_name(rest) in QT_PLUGINS.get(kind, ())
    if name.startswith(QT_LIBS_UNUSED):
        return False
    if platform.startswith("linux") and "/" not in dest and ".so" in name and not _PYTHON_EXTENSION.search(name):
        return name.startswith(LINUX_LIBS) or bool(_WHEEL_LIB.match(name))
    return True


# --- the version-independent file list (installer/bundle-files.txt) ----------------------------

_HASH = re.compile(r"-[0-9a-f]{8}(?=\.so)")
_NUMBER = re.compile(r"(?<=[.-])\d+(?:\.\d+)*")  # a version after a dot or a dash


def normal_form(path: str) -> str | None:
    """A bundle path with versions and wheel hashes taken out; None for files that vary by version
    without changing what the bundle is (a wheel's metadata)."""
    path = path.replace("\\", "/")
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part.endswith(".dist-info"):
            return "/".join(parts[:i] + [_NUMBER.sub("N", part)])
    return _NUMBER.sub("N", _HASH.sub("-H", path))


OWN_RESOURCES = "_internal/dangjian_desktop/resources/"


def file_list(bundle: Path, own_resources: bool = False) -> list[str]:
    """The sorted, version-independent list of what a built bundle holds (files and links).

    The program's own resources/ (fonts, icons: they change with the program, and the test
    compares them with the source tree) are left out unless ``own_resources``."""
    names = set()
    for path in bundle.rglob("*"):
        if path.is_file() or path.is_symlink():
            form = normal_form(path.relative_to(bundle).as_posix())
            if form and (own_resources or not form.startswith(OWN_RESOURCES)):
                names.add(form)
    return sorted(names)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "list":
        sys.exit("usage: python installer/bundle_select.py list BUNDLE")
    print("\n".join(file_list(Path(sys.argv[2]))))
