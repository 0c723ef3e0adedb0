"""What a Linux bundle asks of the system: the lowest glibc and the libraries it does not ship.

    python installer/elfcheck.py dist/dangjian-desktop            # human-readable summary
    python installer/elfcheck.py dist/dangjian-desktop --glibc    # just "2.34"
    python installer/elfcheck.py dist/dangjian-desktop --max-glibc 2.28 --max-glibcxx 3.4.25
        # exit status 1, naming the files, when any ELF file needs more than that

GLIBCXX: the highest libstdc++ symbol version that the files *other than libstdc++ itself* ask
for; when it is no higher than the libstdc++ of the oldest target (UOS 20: gcc 8, GLIBCXX_3.4.25)
the bundle also works if a system's libstdc++ were loaded first.

Uses objdump (binutils). Used by build.sh (the .deb's ``libc6 (>= …)`` dependency) and by
tests/test_installer.py; the figures go into installer/README.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")
_GLIBCXX_UND = re.compile(r"\*UND\*.*?\bGLIBCXX_(\d+)\.(\d+)(?:\.(\d+))?\b")
_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)
# Provided by glibc itself (always present; the version check above covers them).
GLIBC_SONAMES = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
    "libresolv.so.2", "libnsl.so.1", "libanl.so.1", "libmvec.so.1", "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1", "ld-linux.so.2", "libBrokenLocale.so.1", "libcrypt.so.1",
}


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def _objdump(flag: str, path: Path) -> str:
    return subprocess.run(["objdump", flag, str(path)], capture_output=True, text=True, check=False).stdout


def glibc_needed(path: Path) -> tuple[int, ...]:
    """The highest GLIBC_x.y symbol version a file refers to ((0,) if none)."""
    versions = [tuple(int(g) for g in m.groups() if g is not None) for m in _GLIBC.finditer(_objdump("-T", path))]
    return max(versions, default=(0,))


def glibcxx_needed(path: Path) -> tuple[int, ...]:
    """The highest GLIBCXX_x.y.z version a file asks libstdc++ for ((0,) if none)."""
    versions = [tuple(int(g) for g in m.groups() if g is not None) for m in _GLIBCXX_UND.finditer(_objdump("-T", path))]
    return max(versions, default=(0,))


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def show(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def needed_sonames(path: Path) -> list[str]:
    return _NEEDED.findall(_objdump("-p", path))


def scan(bundle: Path) -> dict:
    files = elf_files(bundle)
    shipped = {p.name for p in bundle.rglob("*") if p.is_file() or p.is_symlink()}
    per_file = {p: glibc_needed(p) for p in files}
    floor = max(per_file.values(), default=(0,))
    cxx = {p: glibcxx_needed(p) for p in files if not p.name.startswith("libstdc++.so")}
    cxx_floor = max(cxx.values(), default=(0,))
    external: dict[str, set[str]] = {}
    for p in files:
        for soname in needed_sonames(p):
            if soname not in shipped and soname not in GLIBC_SONAMES:
                external.setdefault(soname, set()).add(str(p.relative_to(bundle)))
    return {
        "files": len(files),
        "glibc": ".".join(map(str, floor)),
        "glibc_files": sorted(str(p.relative_to(bundle)) for p, v in per_file.items() if v == floor),
        "by_version": per_file,
        "glibcxx": show(cxx_floor),
        "glibcxx_files": sorted(str(p.relative_to(bundle)) for p, v in cxx.items() if v == cxx_floor and v > (0,)),
        "glibcxx_by_file": cxx,
        "ships_libstdcxx": any(p.name.startswith("libstdc++.so") for p in files),
        "external": external,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--glibc", action="store_true", help="print only the lowest glibc version")
    parser.add_argument("--max-glibc", metavar="X.Y", help="fail (exit 1) when a file needs a newer glibc")
    parser.add_argument("--max-glibcxx", metavar="3.4.N", help="fail (exit 1) when a file needs a newer libstdc++")
    args = parser.parse_args(argv)
    result = scan(args.bundle)
    if args.glibc:
        print(result["glibc"])
        return 0
    if args.max_glibc or args.max_glibcxx:
        return enforce(args.bundle, result, args.max_glibc, args.max_glibcxx)
    print(f"ELF files: {result['files']}")
    print(f"lowest glibc: {result['glibc']} (needed by {', '.join(result['glibc_files'])})")
    counts: dict[tuple[int, ...], int] = {}
    for version in result["by_version"].values():
        counts[version] = counts.get(version, 0) + 1
    above_228 = sorted(
        (str(p.relative_to(args.bundle)), ".".join(map(str, v)))
        for p, v in result["by_version"].items() if v > (2, 28)
    )
    print(f"files needing more than glibc 2.28: {len(above_228)}")
    for name, version in above_228:
        print(f"  {version}  {name}")
    print(f"highest GLIBCXX asked for: {result['glibcxx']} (by {', '.join(result['glibcxx_files']) or 'none'}); "
          f"libstdc++ {'shipped' if result['ships_libstdcxx'] else 'taken from the system'}")
    print("libraries taken from the system:")
    for soname in sorted(result["external"]):
        print(f"  {soname}")
    return 0


def enforce(bundle: Path, result: dict, max_glibc: str | None, max_glibcxx: str | None) -> int:
    """Exit status 1 and the offending files when the bundle needs more than the limits."""
    over = []
    if max_glibc:
        limit = parse_version(max_glibc)
        over += [f"  glibc {show(v)}  {p.relative_to(bundle)}" for p, v in sorted(result["by_version"].items()) if v > limit]
    if max_glibcxx:
        limit = parse_version(max_glibcxx)
        over += [f"  GLIBCXX {show(v)}  {p.relative_to(bundle)}" for p, v in sorted(result["glibcxx_by_file"].items()) if v > limit]
    if over:
        print(f"{len(over)} files need more than glibc {max_glibc or '-'} / GLIBCXX {max_glibcxx or '-'}:", file=sys.stderr)
        print("\n".join(over), file=sys.stderr)
        return 1
    print(f"ok: {result['files']} ELF files, glibc <= {result['glibc']}, GLIBCXX <= {result['glibcxx']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head
        sys.exit(0)
