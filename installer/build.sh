#!/usr/bin/env bash
# Build the Linux bundle (PyInstaller, one folder) and a .deb in the 统信UOS/麒麟 app-store layout.
#
#   installer/build.sh              → dist/dangjian-desktop/ (the bundle) and dist/<appid>_<version>_<arch>.deb
#   installer/build.sh --portable   → also dist/dangjian-desktop-<version>-linux-<arch>-portable.tar.gz
#   installer/build.sh --max-glibc 2.28   → refuse (exit 1, naming the files) when any ELF file
#                                   needs a newer glibc; installer/build-old-glibc.sh sets it up
#
# Environment (all optional):
#   PYTHON        the Python that has the program's dependencies and PyInstaller (default: python3)
#   APPID         reverse-domain application id = Debian package name (default below; use a domain you own)
#   BUILD_NUMBER  fourth part of the version (default 0)
#   DIST_DIR      where results go (default: dist/);  BUILD_DIR  scratch space (default: build/)
#   MAINTAINER    the .deb's Maintainer field
#   DEB_COMPRESSION  gzip (default: fast, ~80 MB) or xz (~20 % smaller, several times slower)
#   MAX_GLIBCXX   with --max-glibc: the highest GLIBCXX a file other than libstdc++ may ask for
#   CXX_RUNTIME_DIR  a folder with libstdc++.so.6 and libgcc_s.so.1 that replace the build
#                 machine's in the bundle (an older gcc's: they need an older glibc)
#   POLYFILL_GLIBC   with --max-glibc: polyfill-glibc (github.com/corsix/polyfill-glibc), run on the
#                 files of the bundle that need more than the limit (the interpreter, its modules,
#                 OpenSSL …) to rebind them to the older glibc's symbol versions
# Needs: PyInstaller (pip install pyinstaller), objdump (binutils), dpkg-deb (dpkg), and the xcb
# utility libraries the bundle ships (XCB_PACKAGES below, from apt-get).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
APPID="${APPID:-io.github.dangjian-desktop}"
BUILD_NUMBER="${BUILD_NUMBER:-0}"
DIST_DIR="$(mkdir -p "${DIST_DIR:-$ROOT/dist}" && cd "${DIST_DIR:-$ROOT/dist}" && pwd)"
BUILD_DIR="$(mkdir -p "${BUILD_DIR:-$ROOT/build}" && cd "${BUILD_DIR:-$ROOT/build}" && pwd)"
MAINTAINER="${MAINTAINER:-党支部工作台开发组 <dangjian-desktop@users.noreply.github.com>}"
PORTABLE=0
MAX_GLIBC=""
while [ $# -gt 0 ]; do
    case "$1" in
        --portable) PORTABLE=1 ;;
        --max-glibc) MAX_GLIBC="${2:?--max-glibc needs a version, e.g. 2.28}"; shift ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

command -v objdump >/dev/null && command -v strip >/dev/null || die "objdump/strip not found: install binutils (apt-get install binutils)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found: install dpkg"
"$PYTHON" -c "import PyInstaller" 2>/dev/null || die "PyInstaller missing for $PYTHON: $PYTHON -m pip install pyinstaller"
# The xcb utility libraries the bundle ships (Qt's xcb plugin needs them, and a UOS/麒麟 desktop
# may not have them): PyInstaller takes them from this machine, and silently leaves out one missing here.
XCB_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-util1"
for pkg in $XCB_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || die "$pkg is not installed here, and the bundle must carry its library: apt-get install $XCB_PACKAGES"
done

VERSION="$("$PYTHON" -c 'import dangjian_desktop as d; print(d.__version__)')"
# Four-part version MAJOR.MINOR.PATCH.BUILD (UOS app store rule).
IFS=. read -r -a parts <<< "$VERSION"
while [ ${#parts[@]} -lt 3 ]; do parts+=(0); done
VERSION4="${parts[0]}.${parts[1]}.${parts[2]}.${BUILD_NUMBER}"
ARCH="$(dpkg --print-architecture)"
APP_NAME="党支部工作台"
START=$(date +%s)

# --- 1. the PyInstaller bundle ----------------------------------------------------------------------
say "PyInstaller bundle (version $VERSION4, $ARCH)"
rm -rf "$DIST_DIR/dangjian-desktop"
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST_DIR" --workpath "$BUILD_DIR/pyinstaller" \
    installer/dangjian-desktop.spec
BUNDLE="$DIST_DIR/dangjian-desktop"
[ -x "$BUNDLE/dangjian-desktop" ] || die "PyInstaller did not produce $BUNDLE/dangjian-desktop"
# Debug symbols of the Python interpreter (a pyenv-built libpython carries ~17 MB of them). Only
# the interpreter's own files: wheels' libraries repaired by auditwheel/patchelf must not be stripped.
find "$BUNDLE/_internal" -maxdepth 1 -name 'libpython3*.so*' -type f -exec strip --strip-unneeded {} +
find "$BUNDLE/_internal" -path '*/lib-dynload/*.so' -type f -exec strip --strip-unneeded {} +
if [ -n "${CXX_RUNTIME_DIR:-}" ]; then
    for lib in libstdc++.so.6 libgcc_s.so.1; do
        [ -f "$CXX_RUNTIME_DIR/$lib" ] || die "CXX_RUNTIME_DIR has no $lib"
        [ -e "$BUNDLE/_internal/$lib" ] && cp -L "$CXX_RUNTIME_DIR/$lib" "$BUNDLE/_internal/$lib"
    done
fi
if [ -n "$MAX_GLIBC" ] && [ -n "${POLYFILL_GLIBC:-}" ]; then
    # Only what PyInstaller took from the build machine (the interpreter, its modules, the
    # libraries at the top of _internal/); wheels' files must already be old enough (pip picks them).
    say "polyfill-glibc: the build machine's files needing more than glibc $MAX_GLIBC"
    over="$("$PYTHON" installer/elfcheck.py "$BUNDLE" --max-glibc "$MAX_GLIBC" 2>&1 >/dev/null || true)"
    for rel in $(awk '/^  glibc/ && ($3 ~ /^_internal\/[^\/]+$/ || $3 ~ /\/lib-dynload\//) {print $3}' <<< "$over"); do
        "$POLYFILL_GLIBC" --target-glibc="$MAX_GLIBC" "$BUNDLE/$rel" || die "polyfill-glibc failed on $rel"
    done
fi

# --- 2. what the bundle needs from the system ------------------------------------------------------
if [ -n "$MAX_GLIBC" ]; then
    "$PYTHON" installer/elfcheck.py "$BUNDLE" --max-glibc "$MAX_GLIBC" ${MAX_GLIBCXX:+--max-glibcxx "$MAX_GLIBCXX"} ||
        die "the bundle needs more than glibc $MAX_GLIBC${MAX_GLIBCXX:+ / GLIBCXX $MAX_GLIBCXX} (files above)"
fi
GLIBC="$("$PYTHON" installer/elfcheck.py "$BUNDLE" --glibc)"
"$PYTHON" installer/elfcheck.py "$BUNDLE" > "$BUILD_DIR/elfcheck.txt"
depends="libc6 (>= $GLIBC)"
missing=()
while read -r soname; do
    pkg="$(awk -v s="$soname" '$1 == s { print $2 }' installer/deb-depends.txt)"
    if [ -z "$pkg" ]; then missing+=("$soname"); continue; fi
    case ", $depends, " in *", $pkg, "*) ;; *) depends="$depends, $pkg" ;; esac
done < <(sed -n '/^libraries taken from the system:/,$p' "$BUILD_DIR/elfcheck.txt" | tail -n +2 | awk '{print $1}')
[ ${#missing[@]} -eq 0 ] || die "no Debian package known for ${missing[*]}: add them to installer/deb-depends.txt"
say "needs glibc >= $GLIBC; Depends: $depends"

# --- 3. the .deb: everything under /opt/apps/<appid>/ ---------------------------------------------
say "Debian package $APPID $VERSION4"
STAGE="$BUILD_DIR/deb/$APPID"
APPDIR="$STAGE/opt/apps/$APPID"
rm -rf "$STAGE"
mkdir -p "$APPDIR/files/bin" "$APPDIR/entries/applications" "$APPDIR/entries/icons" "$STAGE/DEBIAN"
cp -a "$BUNDLE/." "$APPDIR/files/bin/"
mkdir -p "$APPDIR/files/doc"
cp resources/fonts/LICENSE-*.txt "$APPDIR/files/doc/"
printf '%s %s\n许可：Apache-2.0。随附字体的许可：文泉驿微米黑见 LICENSE-wqy-microhei.txt，AR PL UMing 见 LICENSE-arphic-uming.txt，花园明朝见 LICENSE-hanazono.txt，BabelStone Han 见 LICENSE-babelstone-han.txt。\n' \
    "$APP_NAME" "$VERSION4" > "$APPDIR/files/doc/copyright"

"$PYTHON" installer/make_icon.py --hicolor "$APPDIR/entries/icons" --name "$APPID"

cat > "$APPDIR/entries/applications/$APPID.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=$APP_NAME
Name[zh_CN]=$APP_NAME
GenericName=党员名册与组织生活记录
GenericName[zh_CN]=党员名册与组织生活记录
Comment=离线的党支部党员名册、党小组、活动记录与打印工具
Comment[zh_CN]=离线的党支部党员名册、党小组、活动记录与打印工具
Exec=/opt/apps/$APPID/files/bin/dangjian-desktop
Icon=$APPID
Terminal=false
Categories=Office;
Keywords=党员;党支部;花名册;党小组;三会一课;dangjian;
StartupWMClass=dangjian-desktop
StartupNotify=true
EOF

cat > "$APPDIR/info" <<EOF
{
    "appid": "$APPID",
    "name": "$APP_NAME",
    "version": "$VERSION4",
    "arch": ["$ARCH"],
    "permissions": {
        "autostart": false,
        "notification": false,
        "trayicon": false,
        "clipboard": false,
        "account": false,
        "bluetooth": false,
        "camera": false,
        "audio_record": false,
        "installed_apps": false
    }
}
EOF

INSTALLED_KB="$(du -sk "$STAGE/opt" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $APPID
Version: $VERSION4
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $INSTALLED_KB
Depends: $depends
Section: office
Priority: optional
Description: $APP_NAME
 离线的党支部工作台：党员名册、党小组、组织生活活动计划与记录、
 打印花名册等表格、U 盘备份。所有数据只保存在本机，不需要联网。
EOF
# md5sums of every shipped file (paths relative to /, as dpkg expects). No maintainer scripts.
(cd "$STAGE" && find opt -type f -print0 | sort -z | xargs -0 md5sum) > "$STAGE/DEBIAN/md5sums"
chmod -R u+rwX,go+rX,go-w "$STAGE"

DEB="$DIST_DIR/${APPID}_${VERSION4}_${ARCH}.deb"
rm -f "$DEB"
# gzip or xz: dpkg on UOS 20 / 麒麟 V10 (dpkg 1.19/1.20) understands both; zstd it does not.
case "${DEB_COMPRESSION:-gzip}" in
    gzip) compression=(-Zgzip -z6) ;;
    xz) compression=(-Zxz -z6) ;;
    *) die "DEB_COMPRESSION must be gzip or xz" ;;
esac
dpkg-deb --root-owner-group "${compression[@]}" --build "$STAGE" "$DEB" >/dev/null

# --- 4. optional portable archive -------------------------------------------------------------------
if [ "$PORTABLE" = 1 ]; then
    say "portable archive"
    PSTAGE="$BUILD_DIR/portable/党支部工作台-便携版"
    rm -rf "$BUILD_DIR/portable"
    mkdir -p "$PSTAGE/data"
    cp -a "$BUNDLE/." "$PSTAGE/"
    cp installer/portable.txt "$PSTAGE/portable.txt"
    tar -C "$BUILD_DIR/portable" -czf "$DIST_DIR/dangjian-desktop-$VERSION4-linux-$ARCH-portable.tar.gz" "党支部工作台-便携版"
fi

END=$(date +%s)
say "bundle $(du -sh "$BUNDLE" | cut -f1), deb $(du -h "$DEB" | cut -f1) in $((END - START)) s"
echo "$DEB"
