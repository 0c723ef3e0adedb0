"""Backup speed against plain SQLite: prints our time / (sqlite3 backup + sha256) time.

    python benchmarks/backup_ratio.py [--members N] [--repeat R]

Both run in the same process on the same demo database, writing into the same folder. The
baseline is Python's ``sqlite3`` online backup into a new file plus the SHA-256 of that file.
Our backup additionally checks the snapshot (integrity_check + foreign_key_check, in a
background thread), compresses it, fsyncs, renames, and reads the whole file back to verify it.
Best of R runs each.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dangjian_desktop.backup.create import create_backup  # noqa: E402
from dangjian_desktop.core.demo import generate_demo  # noqa: E402
from dangjian_desktop.db.connection import open_database  # noqa: E402


def baseline(source: Path, folder: Path) -> float:
    target = folder / "baseline.sqlite3"
    start = time.perf_counter()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()
    sha = hashlib.sha256()
    with open(target, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    sha.hexdigest()
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def ours(source: Path, folder: Path, password: str | None) -> tuple[float, int]:
    start = time.perf_counter()
    created = create_backup(source, folder, password=password)
    elapsed = time.perf_counter() - start
    size = created.bytes
    created.path.unlink()
    return elapsed, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as tmp:
        tmp_path = Path(tmp)
        db = tmp_path / "bench.sqlite3"
        opened = open_database(db)
        generate_demo(args.members, seed=1)
        opened.close()
        out = tmp_path / "out"
        out.mkdir()
        base = min(baseline(db, out) for _ in range(args.repeat))
        plain, plain_size = min(ours(db, out, None) for _ in range(args.repeat))
        locked, _ = min(ours(db, out, "bench-password") for _ in range(max(1, args.repeat // 2)))
        size = db.stat().st_size
        print(f"database: {args.members} member records, {size / 1e6:.1f} MB; backup file {plain_size / 1e6:.1f} MB")
        print(f"baseline (sqlite3 backup + sha256): {base * 1000:.0f} ms")
        print(f"backup without password:            {plain * 1000:.0f} ms   ratio {plain / base:.2f}")
        print(f"backup with password (Argon2id):    {locked * 1000:.0f} ms   ratio {locked / base:.2f}")
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
