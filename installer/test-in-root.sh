#!/usr/bin/env bash
# Install the .deb into a Debian 11 root (glibc 2.31, as 麒麟 V10) and run the program there.
#
#   installer/test-in-root.sh dist-glibc-2.28/io.github.dangjian-desktop_0.1.0.0_amd64.deb [ROOT]
#
# ROOT (default build/root-bullseye) is made with debootstrap (--variant=minbase: no Python, no
# X, no desktop) when it does not exist. apt installs the .deb there, so its Depends must resolve
# from Debian 11's own packages. Then, with Qt offscreen: demo, check, report roster,
# gui --screenshot, with LD_BIND_NOW=1 (every symbol of every library loaded is resolved at once,
# so a symbol that glibc 2.31 lacks fails loudly), and gui --screenshot once more on Xvfb with the
# xcb platform (NO_X=1 skips that). Needs root (chroot, mount) and debootstrap;
# downloads Debian 11 packages.
set -euo pipefail

DEB="$(cd "$(dirname "${1:?usage: test-in-root.sh DEB [ROOT]}")" && pwd)/$(basename "$1")"
ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${2:-$ROOT_DIR/build/root-bullseye}"
SUITE="${SUITE:-bullseye}"
MIRROR="${MIRROR:-}"                 # empty: debootstrap's default Debian mirror

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "test-in-root.sh: needs root (chroot)" >&2; exit 1; }
if [ ! -x "$TARGET/usr/bin/apt-get" ]; then
    say "debootstrap $SUITE → $TARGET"
    debootstrap --variant=minbase "$SUITE" "$TARGET" ${MIRROR:+"$MIRROR"} >/dev/null
fi
cp /etc/resolv.conf "$TARGET/etc/resolv.conf"
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for fs in proc dev dev/shm; do
    mkdir -p "$TARGET/$fs"
    mountpoint -q "$TARGET/$fs" || { mount --bind "/$fs" "$TARGET/$fs"; mounted=("$TARGET/$fs" "${mounted[@]}"); }
done
in_root() { chroot "$TARGET" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

say "$(in_root ldd --version | head -1)"
cp "$DEB" "$TARGET/tmp/app.deb"
in_root apt-get update -qq
say "apt-get install the .deb (Depends from $SUITE's packages)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall /tmp/app.deb >/dev/null
APPID="$(dpkg-deb -f "$DEB" Package)"
EXE="/opt/apps/$APPID/files/bin/dangjian-desktop"
in_root sh -c 'command -v python3 python || true' | grep -q . && echo "note: a Python is on the root's PATH"

work=/tmp/dangjian-test
in_root rm -rf "$work" && in_root mkdir -p "$work/home"
run() { chroot "$TARGET" /usr/bin/env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/home" LD_BIND_NOW=1 "$EXE" --db "$work/branch.sqlite3" "$@"; }
say "demo";             run demo
say "check";            run check
say "report roster";    run report roster --out "$work/roster.pdf"
say "gui --screenshot"; run gui --screenshot "$work/members.png"
head -c 4 "$TARGET$work/roster.pdf" | grep -q '%PDF' || { echo "no PDF" >&2; exit 1; }
head -c 8 "$TARGET$work/members.png" | grep -q PNG || { echo "no PNG" >&2; exit 1; }
cp "$TARGET$work/members.png" "$(dirname "$DEB")/members-in-$SUITE.png"
if [ -z "${NO_X:-}" ]; then
    # The xcb platform too (offscreen loads no X11 library): Xvfb from the root's own packages.
    say "gui --screenshot on an X server (Xvfb, QT_QPA_PLATFORM=xcb)"
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
    chroot "$TARGET" /usr/bin/env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$work/home" \
        QT_QPA_PLATFORM=xcb LD_BIND_NOW=1 xvfb-run -a -s "-screen 0 1366x768x24" \
        "$EXE" --db "$work/branch.sqlite3" gui --screenshot "$work/members-x11.png"
    head -c 8 "$TARGET$work/members-x11.png" | grep -q PNG || { echo "no PNG from xcb" >&2; exit 1; }
    cp "$TARGET$work/members-x11.png" "$(dirname "$DEB")/members-in-$SUITE-x11.png"
fi
say "ok: the bundle runs in $SUITE ($(du -h "$TARGET$work/roster.pdf" | cut -f1) PDF, screenshot $(dirname "$DEB")/members-in-$SUITE.png)"
