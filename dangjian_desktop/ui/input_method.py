"""Typing Chinese on Linux: which input method is running, the environment Qt needs for it,
and what to tell the user when it cannot reach this program (docs/input-methods.md).

The Qt that PySide6 brings (and the installer bundles) has only the ``ibus`` and ``compose``
input-method plugins, and Qt 6 has no XIM. So:

- ibus works once ``QT_IM_MODULE=ibus`` is set (a session that does not set it types letters);
- fcitx5 works through its ibus front end: ``QT_IM_MODULE=ibus`` and ``IBUS_USE_PORTAL=1`` (the
  portal route: without it Qt's ibus plugin gives up when no ``ibus-daemon`` is installed);
- fcitx 4 (and Sogou, which runs on it) cannot reach the program without a fcitx plugin built
  for this exact Qt; the user is told once, in Chinese, what to do.

:func:`prepare` must run before the QApplication is created (Qt chooses its input context then);
:func:`restore_environment` puts the variables back afterwards, so that programs started from
this one see the session's own. Nothing here imports Qt except the plugin check and the message.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

IBUS, FCITX5, FCITX4 = "ibus", "fcitx5", "fcitx4"
# the process names each input method runs under (/proc/<pid>/comm, at most 15 characters)
PROCESSES = {"ibus-daemon": IBUS, "fcitx5": FCITX5, "fcitx": FCITX4}
# plugin keys Qt always has, whatever the plugin folder holds
BUILT_IN = {"none", "compose"}
PROBLEM_FCITX4 = "fcitx4"
TOLD_KEY = "input_method/told"

TITLE = "输入法提示"
MESSAGE_FCITX4 = (
    "这台电脑用的输入法是老版本的“小企鹅输入法”（fcitx 4，搜狗输入法也用它），"
    "它不能把汉字打进本程序：在姓名、搜索等输入框里只能打出字母。\n\n"
    "可以这样办（任选一种）：\n"
    "1. 换用新版输入法：请给您装电脑的人或单位的信息员帮忙，在“应用商店”里安装 fcitx5 "
    "（小企鹅输入法 5，连同它的中文拼音），在“控制中心 → 键盘和语言 → 输入法”"
    "（麒麟是“设置 → 输入法”）里选用它，注销后重新登录。ibus 输入法也可以。\n"
    "2. 临时办法：在 WPS 或记事本里打好汉字，复制后在本程序的输入框里按 Ctrl+V 粘贴。\n"
    "3. 搜索党员时不用打汉字：输入拼音首字母即可，如“王建国”输入 wjg。\n\n"
    "这个提示只出现这一次。"
)


@dataclass
class Decision:
    """What :func:`decide` found: the input method in use and what to change for Qt."""

    method: str | None                      # IBUS, FCITX5, FCITX4 or None (none found)
    set_env: dict[str, str] = field(default_factory=dict)    # variables to set before Qt starts
    problem: str | None = None              # PROBLEM_FCITX4: Chinese cannot reach the program
    reason: str = ""                        # one line, English, for the log and the tests
    previous: dict[str, str | None] = field(default_factory=dict)   # filled by apply()


def decide(env: dict[str, str], running: set[str], plugins: set[str], platform: str = "xcb") -> Decision:
    """The input method in use and the environment Qt needs for it (pure: no side effects).

    ``env``: the environment; ``running``: the input methods whose process runs (IBUS, FCITX5,
    FCITX4); ``plugins``: the input-method plugin keys this Qt can load (``ibus``, ``fcitx``…);
    ``platform``: the Qt platform the program will use (``xcb`` or ``wayland``).
    """
    plugins = set(plugins) | BUILT_IN
    method = _method_in_use(env, running)
    requested = _requested(env)
    usable = [key for key in requested if key in plugins]

    if method is None:
        return Decision(None, reason="no input method running: nothing changed")
    if usable:
        # The user (or the session) chose a module this Qt has: keep it. One thing still matters:
        # fcitx5's ibus front end is reached through the portal when ibus-daemon is not running.
        decision = Decision(method, reason=f"{_name(env)} names {usable[0]!r}, which this Qt has: kept")
        if usable[0] == "ibus" and method == FCITX5 and "IBUS_USE_PORTAL" not in env:
            decision.set_env["IBUS_USE_PORTAL"] = "1"
            decision.reason += "; IBUS_USE_PORTAL=1 for fcitx5's ibus front end"
        if usable[0] == "ibus" and method == FCITX4:
            decision.problem = PROBLEM_FCITX4
        return decision
    if not requested and platform == "wayland":
        # Qt's own Wayland text-input protocol serves ibus and fcitx5 when nothing is named
        return Decision(method, reason="Wayland and no module named: Qt's text-input protocol is used")

    wanted: dict[str, str] = {}
    if method == IBUS:
        wanted["QT_IM_MODULE"] = "ibus"
    elif method == FCITX5:
        # a fcitx plugin of this Qt's own, if one was shipped; ibus through fcitx5's front end else
        wanted["QT_IM_MODULE"] = "fcitx" if "fcitx" in plugins else "ibus"
        wanted["IBUS_USE_PORTAL"] = env.get("IBUS_USE_PORTAL") or "1"
        if "fcitx" in plugins:
            wanted["QT_IM_MODULES"] = "fcitx;ibus"     # Qt ≥ 6.7 tries them in turn
    elif method == FCITX4:
        if "fcitx" not in plugins:
            return Decision(method, problem=PROBLEM_FCITX4,
                            reason="fcitx 4 running and this Qt has no fcitx plugin: the user is told")
        wanted["QT_IM_MODULE"] = "fcitx"
    if "QT_IM_MODULES" in env and "QT_IM_MODULES" not in wanted:
        wanted["QT_IM_MODULES"] = wanted["QT_IM_MODULE"]   # it comes before QT_IM_MODULE in Qt ≥ 6.7
    was = f"{_name(env)} names {requested[0]!r}, which this Qt lacks" if requested else "no module named"
    return Decision(method, set_env={k: v for k, v in wanted.items() if env.get(k) != v},
                    reason=f"{method} running, {was}: " + ", ".join(f"{k}={v}" for k, v in wanted.items()))


def _method_in_use(env: dict[str, str], running: set[str]) -> str | None:
    """The running input method the session asks for (XMODIFIERS, GTK_IM_MODULE), else the only one."""
    hints = " ".join(env.get(k, "") for k in ("XMODIFIERS", "GTK_IM_MODULE", "QT_IM_MODULE", "INPUT_METHOD"))
    hints = hints.lower()
    if "fcitx" in hints:
        for method in (FCITX5, FCITX4):
            if method in running:
                return method
    if "ibus" in hints and IBUS in running:
        return IBUS
    for method in (FCITX5, IBUS, FCITX4):     # fcitx5 takes over ibus' name when both run
        if method in running:
            return method
    return None


def _requested(env: dict[str, str]) -> list[str]:
    """The plugin keys the environment asks Qt for, in Qt's order (QT_IM_MODULES first)."""
    if env.get("QT_IM_MODULES"):
        return [key.strip().lower() for key in env["QT_IM_MODULES"].split(";") if key.strip()]
    if env.get("QT_IM_MODULE"):
        return [env["QT_IM_MODULE"].strip().lower()]
    return []


def _name(env: dict[str, str]) -> str:
    return "QT_IM_MODULES" if env.get("QT_IM_MODULES") else "QT_IM_MODULE"


# --- what this computer has ----------------------------------------------------------------

def running_input_methods(proc: Path = Path("/proc"), uid: int | None = None) -> set[str]:
    """The input methods (IBUS, FCITX5, FCITX4) with a process of this user's running."""
    uid = os.getuid() if uid is None else uid
    found = set()
    try:
        entries = list(proc.iterdir())
    except OSError:
        return found
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue                     # gone meanwhile, or not ours to read
        if name in PROCESSES:
            found.add(PROCESSES[name])
    return found


def qt_input_plugins() -> set[str]:
    """The input-method plugin keys this Qt can load (``ibus``, ``fcitx``, …)."""
    from PySide6.QtCore import QLibraryInfo

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    folders += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    keys = set()
    for folder in folders:
        for plugin in sorted((folder / "platforminputcontexts").glob("*.so")):
            name = plugin.name
            if "ibus" in name:
                keys.add("ibus")
            elif "compose" in name:
                keys.add("compose")
            elif "fcitx" in name and _loads(plugin):   # a fcitx plugin built for another Qt does not
                keys.update({"fcitx", "fcitx5"} if "fcitx5" in name else {"fcitx"})
    return keys


def _loads(plugin: Path) -> bool:
    from PySide6.QtCore import QPluginLoader

    loader = QPluginLoader(str(plugin))
    return loader.load()


def qt_platform(env: dict[str, str]) -> str:
    """The Qt platform the program will run on: ``wayland`` or ``xcb`` (or what is forced)."""
    forced = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if forced:
        return forced
    if env.get("XDG_SESSION_TYPE") == "wayland" or env.get("WAYLAND_DISPLAY"):
        from PySide6.QtCore import QLibraryInfo

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        if any(plugins.glob("libqwayland*.so")):
            return "wayland"
    return "xcb"                         # the bundle has no Wayland plugin: it runs on XWayland


# --- at start ------------------------------------------------------------------------------

_decision: Decision | None = None


def prepare(env: dict[str, str] | None = None) -> Decision | None:
    """Before the QApplication: set what Qt needs for the running input method (Linux only)."""
    global _decision
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = qt_platform(env)
    if platform not in ("xcb", "wayland"):
        return None                      # offscreen (tests, screenshots), vnc: no input method
    _decision = decide(dict(env), running_input_methods(), qt_input_plugins(), platform)
    apply(_decision, env)
    return _decision


def apply(decision: Decision, env) -> None:
    for key, value in decision.set_env.items():
        decision.previous[key] = env.get(key)
        env[key] = value


def restore_environment(decision: Decision | None, env=None) -> None:
    """After the QApplication: the variables as they were (programs started from here get them)."""
    env = os.environ if env is None else env
    if decision is None:
        return
    for key, value in decision.previous.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    decision.previous.clear()


def message(decision: Decision | None) -> str | None:
    """The Chinese message for the user, or None when there is nothing to tell."""
    if decision is not None and decision.problem == PROBLEM_FCITX4:
        return MESSAGE_FCITX4
    return None


def tell_once(settings, parent=None, decision: Decision | None = None) -> bool:
    """Show the message once per computer (``settings``: ui.settings.UiSettings); True if shown."""
    decision = _decision if decision is None else decision
    text = message(decision)
    if text is None or settings.value(TOLD_KEY) == decision.problem:
        return False
    from PySide6.QtWidgets import QMessageBox

    settings.set_value(TOLD_KEY, decision.problem)
    settings.sync()
    QMessageBox.information(parent, TITLE, text)
    return True
