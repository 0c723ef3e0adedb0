#!/usr/bin/env bash
# Build the Linux bundle and .deb for glibc 2.28 (统信UOS 20; 麒麟 V10 has 2.31) on a newer Debian.
#
#   POLYFILL_GLIBC=/path/to/polyfill-glibc installer/build-old-glibc.sh [--portable]
#
# What it does, and why each step:
#  1. a build venv of its own ($BUILD_DIR/venv-glibc-$GLIBC) with a PEP 600 `_manylinux` module
#     saying "this system has glibc $GLIBC": pip then picks exactly the wheels it would pick on
#     such a system (PySide6-Essentials 6.9.x, manylinux_2_28; cryptography's manylinux_2_28
#     wheel instead of its manylinux_2_34 one; the others are manylinux_2_17 or older);
#  2. libstdc++ and libgcc_s of Debian 11 (gcc 10: they need glibc 2.18 / 2.14) instead of the
#     build machine's (gcc 12 needs glibc 2.36), downloaded as two .deb files from a Debian mirror;
#  3. build.sh --max-glibc $GLIBC --portable…: polyfill-glibc rebinds the interpreter, its modules and the
#     build machine's OpenSSL/SQLite/libffi/… to glibc $GLIBC symbol versions, then elfcheck.py refuses
#     the build if any ELF file still needs more than glibc $GLIBC or GLIBCXX $GLIBCXX.
#
# polyfill-glibc: git clone https://github.com/corsix/polyfill-glibc && cd polyfill-glibc && ninja
# (needs gcc and ninja-build). Results as with build.sh, in $DIST_DIR (default dist-glibc-$GLIBC/).
# Prove the result with installer/test-in-root.sh (a Debian 11 root, glibc 2.31).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
GLIBC="${GLIBC:-2.28}"
GLIBCXX="${GLIBCXX:-3.4.25}"        # UOS 20's libstdc++ (gcc 8)
PYTHON="${PYTHON:-python3}"
export BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
export DIST_DIR="${DIST_DIR:-$ROOT/dist-glibc-$GLIBC}"
: "${POLYFILL_GLIBC:?set POLYFILL_GLIBC to the polyfill-glibc program (see the head of this script)}"
[ -x "$POLYFILL_GLIBC" ] || { echo "build-old-glibc.sh: $POLYFILL_GLIBC is not executable" >&2; exit 1; }
# Debian 11's gcc 10 runtime (bullseye is a closed release: these versions do not change), from
# the Debian mirror this machine's apt uses (DEBIAN_MIRROR to choose another; DEBIAN_DEBS_DIR: a
# folder already holding the two files).
CXX_DEBS=("libstdc++6_10.2.1-6_amd64.deb" "libgcc-s1_10.2.1-6_amd64.deb")
debian_mirror() {
    [ -n "${DEBIAN_MIRROR:-}" ] && { echo "$DEBIAN_MIRROR"; return; }
    { awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
      awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true; } | head -1
}

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
mkdir -p "$BUILD_DIR"

# --- 1. the build venv, told it runs on glibc $GLIBC ---------------------------------------------
VENV="$BUILD_DIR/venv-glibc-$GLIBC"
if [ ! -x "$VENV/bin/python" ]; then
    say "build venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
IFS=. read -r major minor <<< "$GLIBC"
cat > "$SITE/_manylinux.py" <<EOF
"""PEP 600: wheels are chosen as on a system with glibc $GLIBC (written by installer/build-old-glibc.sh)."""


def manylinux_compatible(tag_major, tag_minor, tag_arch):
    return (tag_major, tag_minor) <= ($major, $minor)
EOF
say "dependencies for glibc $GLIBC"
"$VENV/bin/python" -m pip install --quiet --upgrade . pyinstaller
"$VENV/bin/python" -m pip list 2>/dev/null | grep -i -E '^(pyside6[-_]essentials|shiboken6|cryptography|pillow|pypdfium2|python-calamine) '

# --- 2. Debian 11's C++ runtime ------------------------------------------------------------------
CXX_DIR="$BUILD_DIR/cxx-runtime-debian11"
if [ ! -f "$CXX_DIR/libstdc++.so.6" ] || [ ! -f "$CXX_DIR/libgcc_s.so.1" ]; then
    say "libstdc++ and libgcc_s of Debian 11"
    rm -rf "$CXX_DIR" && mkdir -p "$CXX_DIR/debs" "$CXX_DIR/x"
    for deb in "${CXX_DEBS[@]}"; do
        if [ -n "${DEBIAN_DEBS_DIR:-}" ] && [ -f "$DEBIAN_DEBS_DIR/$deb" ]; then
            cp "$DEBIAN_DEBS_DIR/$deb" "$CXX_DIR/debs/"
        else
            mirror="$(debian_mirror)"
            [ -n "$mirror" ] || { echo "build-old-glibc.sh: no Debian mirror known: set DEBIAN_MIRROR" >&2; exit 1; }
            curl -fsSL -o "$CXX_DIR/debs/$deb" "${mirror%/}/pool/main/g/gcc-10/$deb"
        fi
        dpkg-deb -x "$CXX_DIR/debs/$deb" "$CXX_DIR/x"
    done
    cp -L "$CXX_DIR"/x/usr/lib/x86_64-linux-gnu/libstdc++.so.6 "$CXX_DIR/"
    cp -L "$CXX_DIR"/x/lib/x86_64-linux-gnu/libgcc_s.so.1 "$CXX_DIR/"
fi

# --- 3. the bundle and the .deb, checked against the limit ---------------------------------------
PYTHON="$VENV/bin/python" CXX_RUNTIME_DIR="$CXX_DIR" MAX_GLIBCXX="$GLIBCXX" POLYFILL_GLIBC="$POLYFILL_GLIBC" \
    installer/build.sh --max-glibc "$GLIBC" "$@"
