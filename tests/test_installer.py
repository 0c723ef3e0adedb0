"""The Linux installer: build the bundle and the .deb, install into a scratch root, run it there.

Slow (a PyInstaller build, about 1–3 minutes): ``python -m pytest -m slow tests/test_installer.py``.
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

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "党支部工作台"
BUILD_TIMEOUT = 1800


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


def test_deb_depends_on_the_glibc_the_bundle_needs(installed: Installed):
    sys.path.insert(0, str(ROOT / "installer"))
    try:
        import elfcheck
    finally:
        sys.path.pop(0)
    result = elfcheck.scan(installed.appdir / "files" / "bin")
    depends = _control_field(installed.deb, "Depends")
    assert f"libc6 (>= {result['glibc']})" in depends
    # The program's Python is inside the bundle, never the system's.
    assert not [name for name in result["external"] if name.startswith("libpython")]
    print(f"\nlowest glibc: {result['glibc']} (needed by {', '.join(result['glibc_files'])})")


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
