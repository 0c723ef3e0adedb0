"""The installers: what the bundle takes in, elfcheck's limits, the NSIS script; and (slow) the
Linux build: the bundle and the .deb, installed into a scratch root and run there.

The slow part (a PyInstaller build, about 1–3 minutes): ``python -m pytest -m slow tests/test_installer.py``.
Needs PyInstaller in the test environment, dpkg-deb and objdump (binutils).
Prints the bundle size, the build time and the start-up times of the bundle and of the source
install measured in the same run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "党支部工作台"
BUILD_TIMEOUT = 1800


def _installer_module(name: str):
    """A module of installer/ (bundle_select, elfcheck, windows_layout)."""
    import importlib

    sys.path.insert(0, str(ROOT / "installer"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _control_field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True).stdout.strip()


class Installed:
    """The .deb built by build.sh and unpacked into a scratch root (what dpkg -i would install)."""

    def __init__(self, base: Path):
        self.base = base
        self.dist = base / "dist"
        self.build_seconds = 0.0
        self.deb: Path | None = None
        self.root = base / "root"
        self.appid = ""
        self.appdir = Path()
        self.exe = Path()
        self.env: dict[str, str] = {}

    def build(self) -> None:
        env = {**os.environ, "PYTHON": sys.executable, "DIST_DIR": str(self.dist),
               "BUILD_DIR": str(self.base / "build")}
        started = time.perf_counter()
        done = subprocess.run(["bash", str(ROOT / "installer" / "build.sh")], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        self.build_seconds = time.perf_counter() - started
        assert done.returncode == 0, f"build.sh failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
        debs = sorted(self.dist.glob("*.deb"))
        assert len(debs) == 1, debs
        self.deb = debs[0]
        self.appid = _control_field(self.deb, "Package")
        subprocess.run(["dpkg-deb", "-x", str(self.deb), str(self.root)], check=True)
        self.appdir = self.root / "opt" / "apps" / self.appid
        self.exe = self.appdir / "files" / "bin" / "dangjian-desktop"
        # No Python anywhere on PATH: an empty folder is the whole PATH.
        no_tools = self.base / "empty-path"
        no_tools.mkdir()
        home = self.base / "home"
        home.mkdir()
        self.env = {
            "PATH": str(no_tools), "HOME": str(home), "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(home),
        }

    def run(self, *args: str, cwd: Path | None = None, exe: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe or self.exe), *args], cwd=cwd or self.base, env=self.env,
                              capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    for tool in ("dpkg-deb", "objdump"):
        assert shutil.which(tool), f"{tool} is needed to build and check the .deb"
    done = Installed(tmp_path_factory.mktemp("installer"))
    done.build()
    return done


def _ok(result: subprocess.CompletedProcess) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, stderr
    assert "Traceback" not in stderr
    return result.stdout.decode("utf-8")


@pytest.mark.slow
def test_deb_follows_the_app_store_layout(installed: Installed):
    deb = installed.deb
    version = _control_field(deb, "Version")
    arch = _control_field(deb, "Architecture")
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", version)
    assert re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", installed.appid)

    # Everything under /opt/apps/<appid>/, nothing else on the system.
    assert sorted(p.name for p in installed.root.iterdir()) == ["opt"]
    assert sorted(p.name for p in (installed.root / "opt").iterdir()) == ["apps"]
    assert sorted(p.name for p in (installed.root / "opt" / "apps").iterdir()) == [installed.appid]
    assert sorted(p.name for p in installed.appdir.iterdir()) == ["entries", "files", "info"]

    # No maintainer scripts (postinst and friends): only the control file and the checksums.
    control = installed.base / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    assert sorted(p.name for p in control.iterdir()) == ["control", "md5sums"]

    info = json.loads((installed.appdir / "info").read_text(encoding="utf-8"))
    assert info["appid"] == installed.appid
    assert info["name"] == APP_NAME
    assert info["version"] == version
    assert info["arch"] == [arch]

    desktop = (installed.appdir / "entries" / "applications" / f"{installed.appid}.desktop").read_text(encoding="utf-8")
    entry = dict(line.split("=", 1) for line in desktop.splitlines() if "=" in line)
    assert entry["Name"] == APP_NAME and entry["Name[zh_CN]"] == APP_NAME
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] == f"/opt/apps/{installed.appid}/files/bin/dangjian-desktop"
    assert (installed.root / entry["Exec"].lstrip("/")).is_file()
    assert os.access(installed.exe, os.X_OK)
    assert entry["Icon"] == installed.appid
    icons = installed.appdir / "entries" / "icons" / "hicolor"
    for size in (16, 32, 48, 128, 256):
        png = (icons / f"{size}x{size}" / "apps" / f"{installed.appid}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size
    assert (icons / "scalable" / "apps" / f"{installed.appid}.svg").read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.slow
def test_deb_depends_on_the_glibc_the_bundle_needs(installed: Installed):
    elfcheck = _installer_module("elfcheck")
    result = elfcheck.scan(installed.appdir / "files" / "bin")
    depends = _control_field(installed.deb, "Depends")
    assert f"libc6 (>= {result['glibc']})" in depends
    # The program's Python is inside the bundle, never the system's.
    assert not [name for name in result["external"] if name.startswith("libpython")]
    print(f"\nlowest glibc: {result['glibc']} (needed by {', '.join(result['glibc_files'])})")


@pytest.mark.slow
def test_bundled_program_runs_without_python(installed: Installed):
    assert shutil.which("python3", path=installed.env["PATH"]) is None
    assert shutil.which("python", path=installed.env["PATH"]) is None
    work = installed.base / "work"
    work.mkdir()
    db = work / "branch.sqlite3"

    out = _ok(installed.run("--db", str(db), "demo", cwd=work))
    assert out.startswith("已载入演示支部：党员记录 46 条")

    report = json.loads(_ok(installed.run("--db", str(db), "check", "--json", cwd=work)))
    assert report["ok"] is True and report["integrity"] == "ok"

    pdf_path = work / "roster.pdf"
    _ok(installed.run("--db", str(db), "report", "roster", "--out", str(pdf_path), cwd=work))
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    # The bundled WenQuanYi Micro Hei, embedded (subset) in the document.
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+WenQuanYiMicroHei", pdf)
    descriptors = len(re.findall(rb"/Type\s*/FontDescriptor", pdf))
    assert descriptors >= 1
    assert pdf.count(b"/FontFile2") == descriptors  # every font embedded

    shot = work / "members.png"
    _ok(installed.run("--db", str(db), "gui", "--screenshot", str(shot), cwd=work))
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1366, 768)

    # A wrong command: a Chinese usage message and exit status 2, no traceback.
    wrong = installed.run("--db", str(db), "no-such-command", cwd=work)
    assert wrong.returncode == 2
    assert "用法不对" in wrong.stderr.decode("utf-8")


@pytest.mark.slow
def test_portable_copy_keeps_its_data_beside_the_program(installed: Installed):
    """The portable variant: portable.txt beside the executable → data/ beside it holds the database."""
    portable = installed.base / "portable" / "党支部工作台-便携版"
    shutil.copytree(installed.appdir / "files" / "bin", portable, symlinks=True)
    shutil.copyfile(ROOT / "installer" / "portable.txt", portable / "portable.txt")
    exe = portable / "dangjian-desktop"
    _ok(installed.run("demo", cwd=installed.base, exe=exe))
    assert (portable / "data" / "dangjian.sqlite3").stat().st_size > 0
    assert not (Path(installed.env["HOME"]) / ".local" / "share" / "dangjian-desktop").exists()
    report = json.loads(_ok(installed.run("check", "--json", cwd=installed.base, exe=exe)))
    assert report["ok"] is True


def _median_seconds(cmd: list[str], env: dict, cwd: Path, runs: int = 3) -> float:
    subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=300, check=True)  # warm the caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=300, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@pytest.mark.slow
def test_figures_size_and_start_up(installed: Installed, capsys):
    """Bundle size and start-up time of the bundle against the source install, same run."""
    work = installed.base / "timing"
    work.mkdir()
    db = work / "branch.sqlite3"
    _ok(installed.run("--db", str(db), "demo", cwd=work))
    source_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8",
                  "PYTHONPATH": str(ROOT), "HOME": installed.env["HOME"]}
    source = [sys.executable, "-m", "dangjian_desktop", "--db", str(db)]
    bundle = [str(installed.exe), "--db", str(db)]
    figures = {
        "build_sh_seconds": round(installed.build_seconds, 1),
        "bundle_mb": round(_folder_bytes(installed.appdir / "files" / "bin") / 1e6, 1),
        "deb_mb": round(installed.deb.stat().st_size / 1e6, 1),
    }
    for name, args in (("check", ["check"]), ("gui_screenshot", ["gui", "--screenshot", str(work / "s.png")])):
        figures[f"{name}_bundle_s"] = round(_median_seconds(bundle + args, installed.env, work), 2)
        figures[f"{name}_source_s"] = round(_median_seconds(source + args, source_env, ROOT), 2)
    (installed.dist / "figures.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    with capsys.disabled():
        print("\ninstaller figures: " + json.dumps(figures, ensure_ascii=False))
    # A size budget: catches a build that suddenly takes in QtWebEngine, QML or test tools.
    assert figures["bundle_mb"] < 250


@pytest.mark.slow
def test_bundle_holds_exactly_the_committed_file_list(installed: Installed):
    """The same sources give the same bundle on a bare and on a full machine (GTK installed or not)."""
    select = _installer_module("bundle_select")
    bundle = installed.appdir / "files" / "bin"
    expected = (ROOT / "installer" / "bundle-files.txt").read_text(encoding="utf-8").split()
    got = select.file_list(bundle)
    assert got == expected, (
        f"not expected: {sorted(set(got) - set(expected))}\nmissing: {sorted(set(expected) - set(got))}\n"
        "If the change is meant: python installer/bundle_select.py list BUNDLE > installer/bundle-files.txt")
    # The program's own resources: exactly those of the source tree.
    shipped = {p.relative_to(bundle / select.OWN_RESOURCES).as_posix()
               for p in (bundle / select.OWN_RESOURCES).rglob("*") if p.is_file()}
    sources = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and p.name != "__init__.py" and "__pycache__" not in p.parts}
    assert shipped == sources


# --- fast: the selection of the bundle's files, elfcheck's limits, the Windows installer -----------

# What PyInstaller collects on a Debian 12 desktop with GTK installed (dest names inside _internal/),
# a sample with every kind: GTK's platform theme and the libraries it drags in, Wayland and EGLFS,
# the system's X11/fontconfig/GLib, wheels' own libraries, the interpreter's.
COLLECTED_ON_A_FULL_MACHINE = """
PySide6/Qt/plugins/platforms/libqxcb.so PySide6/Qt/plugins/platforms/libqoffscreen.so
PySide6/Qt/plugins/platforms/libqwayland.so PySide6/Qt/plugins/platforms/libqeglfs.so
PySide6/Qt/plugins/platforms/libqvnc.so PySide6/Qt/plugins/platforms/libqminimal.so
PySide6/Qt/plugins/platformthemes/libqgtk3.so PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so
PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so
PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so
PySide6/Qt/plugins/imageformats/libqjpeg.so PySide6/Qt/plugins/imageformats/libqtiff.so
PySide6/Qt/plugins/imageformats/libqsvg.so PySide6/Qt/plugins/imageformats/libqwebp.so
PySide6/Qt/plugins/iconengines/libqsvgicon.so PySide6/Qt/plugins/printsupport/libcupsprintersupport.so
PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so PySide6/Qt/plugins/tls/libqopensslbackend.so
PySide6/Qt/plugins/networkinformation/libqglib.so PySide6/Qt/plugins/generic/libqevdevmouseplugin.so
PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so PySide6/Qt/plugins/sqldrivers/libqsqlite.so
PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so
PySide6/Qt/translations/qtbase_zh_CN.qm PySide6/Qt/translations/qtbase_de.qm PySide6/Qt/translations/qt_zh_CN.qm
PySide6/Qt/lib/libQt6Core.so.6 PySide6/Qt/lib/libQt6WaylandClient.so.6 PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6
PySide6/QtCore.abi3.so PIL/_imaging.cpython-311-x86_64-linux-gnu.so pillow.libs/libtiff-20b7e810.so.6.3.0
_cffi_backend.cpython-311-x86_64-linux-gnu.so python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so
libpython3.11.so.1.0 libssl.so.3 libcrypto.so.3 libsqlite3.so.0 libffi.so.8 libz.so.1 libbz2.so.1.0 liblzma.so.5
libzstd.so.1 libbrotlidec.so.1 libbrotlicommon.so.1 libstdc++.so.6 libgcc_s.so.1
libQt6Core.so.6 libQt6WaylandClient.so.6 libpyside6.abi3.so.6.11 libshiboken6.abi3.so.6.11 libicudata.so.73
libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-util.so.1 libxkbcommon-x11.so.0 libtiff-20b7e810.so.6.3.0
libX11.so.6 libxcb.so.1 libxkbcommon.so.0 libfontconfig.so.1 libfreetype.so.6 libglib-2.0.so.0 libdbus-1.so.3
libcups.so.2 libgssapi_krb5.so.2 libEGL.so.1 libGL.so.1 libharfbuzz.so.0 libpng16.so.16 libuuid.so.1
libgtk-3.so.0 libgdk-3.so.0 libatk-1.0.so.0 libatk-bridge-2.0.so.0 libatspi.so.0 libepoxy.so.0 libcairo.so.2
libcairo-gobject.so.2 libpango-1.0.so.0 libgdk_pixbuf-2.0.so.0 libXi.so.6 libXcomposite.so.1 libXcursor.so.1
libXdamage.so.1 libXfixes.so.3 libXinerama.so.1 libXrandr.so.2 libwayland-client.so.0 libwayland-egl.so.1
base_library.zip dangjian_desktop/resources/fonts/wqy-microhei.ttc reportlab/fonts/Vera.ttf
""".split()

KEPT_ON_LINUX = """
PySide6/Qt/plugins/platforms/libqxcb.so PySide6/Qt/plugins/platforms/libqoffscreen.so
PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so
PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so
PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so
PySide6/Qt/plugins/imageformats/libqjpeg.so PySide6/Qt/plugins/imageformats/libqsvg.so
PySide6/Qt/plugins/imageformats/libqwebp.so PySide6/Qt/plugins/iconengines/libqsvgicon.so
PySide6/Qt/plugins/printsupport/libcupsprintersupport.so
PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so
PySide6/Qt/translations/qtbase_zh_CN.qm PySide6/Qt/translations/qt_zh_CN.qm
PySide6/Qt/lib/libQt6Core.so.6 PySide6/QtCore.abi3.so PIL/_imaging.cpython-311-x86_64-linux-gnu.so
pillow.libs/libtiff-20b7e810.so.6.3.0 _cffi_backend.cpython-311-x86_64-linux-gnu.so
python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so
libpython3.11.so.1.0 libssl.so.3 libcrypto.so.3 libsqlite3.so.0 libffi.so.8 libz.so.1 libbz2.so.1.0 liblzma.so.5
libzstd.so.1 libbrotlidec.so.1 libbrotlicommon.so.1 libstdc++.so.6 libgcc_s.so.1
libQt6Core.so.6 libpyside6.abi3.so.6.11 libshiboken6.abi3.so.6.11 libicudata.so.73
libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-util.so.1 libtiff-20b7e810.so.6.3.0
base_library.zip dangjian_desktop/resources/fonts/wqy-microhei.ttc reportlab/fonts/Vera.ttf
""".split()

# Only on a machine with GTK (and Wayland) libraries installed.
GTK_ONLY = {name for name in COLLECTED_ON_A_FULL_MACHINE
            if "gtk" in name or name.startswith(("libgdk", "libatk", "libatspi", "libepoxy", "libcairo", "libpango",
                                                  "libXi.", "libXcomposite", "libXcursor", "libXdamage", "libXfixes",
                                                  "libXinerama", "libXrandr", "libwayland"))}


def test_the_bundle_takes_what_it_names_and_nothing_else():
    select = _installer_module("bundle_select")
    kept = [name for name in COLLECTED_ON_A_FULL_MACHINE if select.keep(name, "linux")]
    assert kept == KEPT_ON_LINUX


def test_the_same_bundle_on_a_bare_and_on_a_full_machine():
    select = _installer_module("bundle_select")
    assert len(GTK_ONLY) > 15
    bare = [name for name in COLLECTED_ON_A_FULL_MACHINE if name not in GTK_ONLY]
    assert [n for n in COLLECTED_ON_A_FULL_MACHINE if select.keep(n, "linux")] == \
        [n for n in bare if select.keep(n, "linux")]


def test_every_plugin_of_the_bundle_is_named():
    """Plugin files of every directory the allow-list names, on Linux and Windows; nothing else."""
    select = _installer_module("bundle_select")
    for kind, names in select.QT_PLUGINS.items():
        for name in names:
            assert select.keep(f"PySide6/Qt/plugins/{kind}/lib{name}.so", "linux")
            assert select.keep(f"PySide6/plugins/{kind}/{name}.dll", "win32")
        assert not select.keep(f"PySide6/Qt/plugins/{kind}/libqsomethingnew.so", "linux")
        assert not select.keep(f"PySide6/plugins/{kind}/sub/{min(names)}.dll", "win32")
    assert not select.keep("PySide6/plugins/platformthemes/qgtk3.dll", "win32")
    assert not select.keep("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", "win32")
    # Windows: DLLs at the top of _internal are the interpreter's own; never filtered as Linux libraries.
    assert select.keep("python311.dll", "win32") and select.keep("libcrypto-3.dll", "win32")


def test_the_file_list_does_not_depend_on_versions():
    select = _installer_module("bundle_select")
    form = select.normal_form
    assert form("_internal/libpyside6.abi3.so.6.11") == form("_internal/libpyside6.abi3.so.6.9") \
        == "_internal/libpyside6.abi3.so.N"
    assert form("_internal/pillow.libs/liblcms2-88eaba2f.so.2.0.19") == "_internal/pillow.libs/liblcms2-H.so.N"
    assert form("_internal/libssl.so.3") == form("_internal/libssl.so.1.1")
    assert form("_internal/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so") == \
        "_internal/python3.N/lib-dynload/_ssl.cpython-N-x86_64-linux-gnu.so"
    assert form("_internal/cryptography-50.0.2.dist-info/sboms/sbom.json") == "_internal/cryptography-N.dist-info"
    assert form("_internal/PySide6/Qt/lib/libQt6Core.so.6") == "_internal/PySide6/Qt/lib/libQt6Core.so.N"
    listed = (ROOT / "installer" / "bundle-files.txt").read_text(encoding="utf-8").split()
    assert listed == sorted(set(listed)) and "dangjian-desktop" in listed
    assert not [name for name in listed if "gtk" in name or "atk" in name or name.startswith(select.OWN_RESOURCES)]


def test_elfcheck_refuses_a_file_above_the_limit(tmp_path, capsys):
    if not shutil.which("objdump"):
        pytest.skip("objdump (binutils) is needed")
    elfcheck = _installer_module("elfcheck")
    bundle = tmp_path / "bundle"
    (bundle / "bin").mkdir(parents=True)
    shutil.copyfile("/bin/ls", bundle / "bin" / "ls")            # C
    shutil.copyfile(shutil.which("apt-get") or "/usr/bin/apt-get", bundle / "apt-get")  # C++
    result = elfcheck.scan(bundle)
    needed = elfcheck.parse_version(result["glibc"])
    assert result["files"] == 2 and needed >= (2, 2)
    assert elfcheck.parse_version(result["glibcxx"]) > (3, 4) and result["glibcxx_files"] == ["apt-get"]
    assert not result["ships_libstdcxx"] and "libstdc++.so.6" in result["external"]
    assert elfcheck.main([str(bundle), "--max-glibc", result["glibc"], "--max-glibcxx", result["glibcxx"]]) == 0
    assert elfcheck.main([str(bundle), "--max-glibc", f"{needed[0]}.{needed[1] - 1}"]) == 1
    assert elfcheck.main([str(bundle), "--max-glibcxx", "3.4"]) == 1
    assert "GLIBCXX " + result["glibcxx"] + "  apt-get" in capsys.readouterr().err


def _makensis() -> str:
    makensis = shutil.which("makensis")
    if not makensis:
        pytest.skip("makensis (Debian package nsis) is needed")
    return makensis


def test_windows_installer_compiles_against_the_windows_layout_under_a_chinese_name(tmp_path):
    """dangjian-desktop.nsi with makensis (warnings are errors) against a stand-in of the Windows
    bundle (installer/windows-bundle-files.txt: the Windows wheels' files the spec keeps), in a
    folder with a Chinese user name; the installer holds every file, asks for no administrator."""
    makensis = _makensis()
    layout = _installer_module("windows_layout")
    names = (ROOT / "installer" / "windows-bundle-files.txt").read_text(encoding="utf-8").split()
    assert "dangjian-desktop.exe" in names and "dangjian-cli.exe" in names
    assert "_internal/PySide6/plugins/platforms/qwindows.dll" in names
    assert "_internal/PySide6/plugins/styles/qmodernwindowsstyle.dll" in names
    assert not [n for n in names if "qml" in n.lower() or "WebEngine" in n or "gtk" in n]
    bundle = tmp_path / "Users" / "张三" / "党支部工作台源码" / "dist" / "dangjian-desktop"
    layout.make(bundle, names)
    setup = tmp_path / "Users" / "张三" / "党支部工作台-0.1.0.0-安装程序.exe"
    done = subprocess.run([makensis, "-V2", "-WX", "-INPUTCHARSET", "UTF8", "-DVERSION=0.1.0.0",
                           f"-DBUNDLE={bundle}", f"-DOUTFILE={setup}", str(ROOT / "installer" / "dangjian-desktop.nsi")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    exe = setup.read_bytes()
    assert exe[:2] == b"MZ"
    assert b'level="asInvoker"' in exe          # RequestExecutionLevel user: no UAC prompt
    assert b"requireAdministrator" not in exe
    if shutil.which("7z"):                       # p7zip reads NSIS installers: every file is in it
        listing = subprocess.run(["7z", "l", "-slt", str(setup)], capture_output=True, text=True, check=True).stdout
        inside = {line[len("Path = "):].replace("\\", "/") for line in listing.splitlines() if line.startswith("Path = ")}
        assert set(names) <= inside, sorted(set(names) - inside)[:10]
        assert f"卸载{APP_NAME}.exe" in inside


def test_windows_installer_needs_its_version_and_bundle(tmp_path):
    makensis = _makensis()
    done = subprocess.run([makensis, "-V1", "-INPUTCHARSET", "UTF8", str(ROOT / "installer" / "dangjian-desktop.nsi")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "VERSION is needed" in done.stdout + done.stderr


@pytest.mark.slow
def test_old_glibc_build_needs_at_most_glibc_2_28(tmp_path):
    """installer/build-old-glibc.sh: every ELF file needs at most glibc 2.28 and GLIBCXX_3.4.25
    (UOS 20), the same files as the default build, libc6 (>= 2.28). Needs polyfill-glibc
    (POLYFILL_GLIBC=…); with DEBIAN11_ROOT=… (and root) the .deb is installed and run there too."""
    polyfill = os.environ.get("POLYFILL_GLIBC")
    if not polyfill:
        pytest.skip("POLYFILL_GLIBC is not set (see installer/build-old-glibc.sh)")
    env = {**os.environ, "PYTHON": sys.executable, "DIST_DIR": str(tmp_path / "dist"),
           "BUILD_DIR": os.environ.get("OLD_GLIBC_BUILD_DIR", str(tmp_path / "build"))}
    done = subprocess.run(["bash", str(ROOT / "installer" / "build-old-glibc.sh")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    elfcheck = _installer_module("elfcheck")
    select = _installer_module("bundle_select")
    bundle = tmp_path / "dist" / "dangjian-desktop"
    result = elfcheck.scan(bundle)
    assert elfcheck.parse_version(result["glibc"]) <= (2, 28), result["glibc_files"]
    assert elfcheck.parse_version(result["glibcxx"]) <= (3, 4, 25), result["glibcxx_files"]
    assert select.file_list(bundle) == (ROOT / "installer" / "bundle-files.txt").read_text(encoding="utf-8").split()
    (deb,) = sorted((tmp_path / "dist").glob("*.deb"))
    assert _control_field(deb, "Depends").startswith("libc6 (>= 2.28)")
    print(f"\nold-glibc build: glibc {result['glibc']}, GLIBCXX {result['glibcxx']}, "
          f"bundle {_folder_bytes(bundle) / 1e6:.1f} MB, deb {deb.stat().st_size / 1e6:.1f} MB")
    root = os.environ.get("DEBIAN11_ROOT")
    if root and os.geteuid() == 0:
        ran = subprocess.run(["bash", str(ROOT / "installer" / "test-in-root.sh"), str(deb), root],
                             capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
        assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
        assert "ok: the bundle runs in" in ran.stdout
