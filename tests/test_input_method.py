"""Typing Chinese on Linux (ui.input_method, docs/input-methods.md): which environment Qt gets
for each running input method, what the user is told when none can work, and (slow) a real
ibus typing 王建国 into the program's Qt under Xvfb."""

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dangjian_desktop.core import settings as core_settings
from dangjian_desktop.ui import input_method as im
from dangjian_desktop.ui.input_method import FCITX4, FCITX5, IBUS

BUNDLED = {"ibus", "compose"}        # what PySide6's Qt (and the bundle) has
UOS_FCITX = {"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx", "QT_IM_MODULE": "fcitx"}


def decide(env=None, running=(), plugins=BUNDLED, platform="xcb"):
    return im.decide(dict(env or {}), set(running), set(plugins), platform)


# --- fcitx5: through its ibus front end --------------------------------------------------

def test_fcitx5_with_nothing_set_goes_through_its_ibus_front_end_by_the_portal():
    d = decide({}, {FCITX5})
    assert d.method == FCITX5 and d.problem is None
    assert d.set_env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


def test_fcitx5_as_uos_sets_it_up_is_redirected_from_the_missing_fcitx_plugin():
    d = decide(UOS_FCITX, {FCITX5})
    assert d.set_env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
    assert "lacks" in d.reason


def test_fcitx5_without_xmodifiers_is_found_by_its_process():
    assert decide({"QT_IM_MODULE": "fcitx"}, {FCITX5}).set_env["QT_IM_MODULE"] == "ibus"


def test_a_users_own_ibus_choice_with_fcitx5_is_kept_and_only_the_portal_added():
    d = decide({"QT_IM_MODULE": "ibus"}, {FCITX5})
    assert d.set_env == {"IBUS_USE_PORTAL": "1"}
    d = decide({"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "0"}, {FCITX5})
    assert d.set_env == {}


def test_fcitx5_with_a_fcitx_plugin_of_this_qt_uses_it_and_ibus_after_it():
    d = decide(UOS_FCITX, {FCITX5}, BUNDLED | {"fcitx", "fcitx5"})
    assert d.set_env == {}               # QT_IM_MODULE=fcitx names a plugin this Qt has: kept
    d = decide({}, {FCITX5}, BUNDLED | {"fcitx", "fcitx5"})
    assert d.set_env == {"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx;ibus", "IBUS_USE_PORTAL": "1"}


def test_a_module_list_naming_only_missing_plugins_is_replaced_too():
    d = decide({"QT_IM_MODULES": "fcitx;xim"}, {FCITX5})
    assert d.set_env["QT_IM_MODULES"] == "ibus" and d.set_env["QT_IM_MODULE"] == "ibus"
    assert decide({"QT_IM_MODULES": "fcitx;ibus"}, {FCITX5}).set_env == {"IBUS_USE_PORTAL": "1"}


# --- ibus ----------------------------------------------------------------------------------

def test_ibus_running_with_nothing_set_gets_the_ibus_module_and_no_portal():
    d = decide({}, {IBUS})
    assert d.method == IBUS and d.set_env == {"QT_IM_MODULE": "ibus"} and d.problem is None


def test_a_working_ibus_setup_is_left_alone():
    assert decide({"QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=ibus"}, {IBUS}).set_env == {}


def test_a_users_explicit_choice_of_a_module_this_qt_has_is_kept():
    for chosen in ("none", "compose", "ibus"):
        assert decide({"QT_IM_MODULE": chosen}, {IBUS}).set_env == {}


def test_with_ibus_and_fcitx5_both_running_the_sessions_hint_decides():
    assert decide({"XMODIFIERS": "@im=ibus"}, {IBUS, FCITX5}).method == IBUS
    assert decide({"XMODIFIERS": "@im=fcitx"}, {IBUS, FCITX5}).method == FCITX5
    assert decide({}, {IBUS, FCITX5}).method == FCITX5


# --- fcitx 4: told, not silently refused -------------------------------------------------------

def test_fcitx4_cannot_reach_this_qt_and_the_user_is_told():
    d = decide(UOS_FCITX, {FCITX4})
    assert d.method == FCITX4 and d.problem == im.PROBLEM_FCITX4 and d.set_env == {}
    assert im.message(d) == im.MESSAGE_FCITX4
    assert decide({"QT_IM_MODULE": "ibus"}, {FCITX4}).problem == im.PROBLEM_FCITX4


def test_fcitx4_with_a_fcitx_plugin_of_this_qt_uses_it():
    d = decide({"XMODIFIERS": "@im=fcitx"}, {FCITX4}, BUNDLED | {"fcitx"})
    assert d.problem is None and d.set_env == {"QT_IM_MODULE": "fcitx"}


def test_the_message_says_in_plain_chinese_what_to_do():
    text = im.MESSAGE_FCITX4
    for words in ("只能打出字母", "fcitx5", "ibus", "Ctrl+V", "wjg", "只出现这一次", "麒麟"):
        assert words in text
    for word in ("数据库", "异常", "插件", "Qt", "环境变量"):
        assert word not in text


# --- nothing running, Wayland ----------------------------------------------------------------

def test_no_input_method_running_changes_nothing_and_tells_nothing():
    for env in ({}, UOS_FCITX, {"QT_IM_MODULE": "ibus"}):
        d = decide(env, set())
        assert d.method is None and d.set_env == {} and im.message(d) is None


def test_wayland_with_nothing_named_keeps_qts_own_text_input():
    assert decide({"XDG_SESSION_TYPE": "wayland"}, {FCITX5}, platform="wayland").set_env == {}
    d = decide({**UOS_FCITX, "XDG_SESSION_TYPE": "wayland"}, {FCITX5}, platform="wayland")
    assert d.set_env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


def test_the_platform_is_xcb_unless_wayland_is_both_the_session_and_available(monkeypatch):
    assert im.qt_platform({}) == "xcb"
    assert im.qt_platform({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert im.qt_platform({"QT_QPA_PLATFORM": "xcb", "XDG_SESSION_TYPE": "wayland"}) == "xcb"


# --- at start ---------------------------------------------------------------------------------

def test_the_environment_is_set_for_qt_and_put_back_afterwards():
    env = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}
    d = decide(env, {FCITX5})
    im.apply(d, env)
    assert env["QT_IM_MODULE"] == "ibus" and env["IBUS_USE_PORTAL"] == "1"
    im.restore_environment(d, env)
    assert env == {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}


def test_prepare_does_nothing_offscreen():
    env = {"QT_QPA_PLATFORM": "offscreen", "XMODIFIERS": "@im=fcitx"}
    assert im.prepare(env) is None
    assert env == {"QT_QPA_PLATFORM": "offscreen", "XMODIFIERS": "@im=fcitx"}


def test_running_input_methods_are_read_from_this_users_processes(tmp_path):
    for pid, name in ((101, "fcitx5"), (102, "bash"), (103, "ibus-daemon"), (104, "fcitx5-remote")):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "comm").write_text(name + "\n", encoding="utf-8")
    (tmp_path / "self").mkdir()
    assert im.running_input_methods(tmp_path) == {FCITX5, IBUS}
    assert im.running_input_methods(tmp_path, uid=os.getuid() + 1) == set()
    assert im.running_input_methods(tmp_path / "missing") == set()


def test_pyside6s_qt_has_the_ibus_and_compose_plugins():
    assert {"ibus", "compose"} <= im.qt_input_plugins()


def test_the_message_is_shown_once_per_computer(tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from dangjian_desktop.ui.settings import UiSettings

    assert core_settings.spec(im.TOLD_KEY).store == core_settings.WINDOW
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    ui = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))
    fcitx4 = decide(UOS_FCITX, {FCITX4})
    assert im.tell_once(ui, decision=decide({}, {FCITX5})) is False
    assert im.tell_once(ui, decision=fcitx4) is True
    assert shown == [(im.TITLE, im.MESSAGE_FCITX4)]
    again = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))
    assert im.tell_once(again, decision=fcitx4) is False and len(shown) == 1


# --- slow: really typing under Xvfb --------------------------------------------------------------

PROBE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit
    from dangjian_desktop.ui import app as ui_app, input_method
    app = ui_app.application()        # the program's own start: input_method.prepare() runs here
    edit = QLineEdit(); edit.setWindowTitle("dangjian-im-probe"); edit.resize(400, 40); edit.show()
    def write():
        with open(sys.argv[1], "w", encoding="utf-8") as f:
            f.write(edit.text())
    timer = QTimer(); timer.timeout.connect(write); timer.start(100)
    print("decision", input_method._decision.method, input_method._decision.set_env, flush=True)
    sys.exit(app.exec())
""")

SESSION = textwrap.dedent("""
    ibus-daemon --daemonize --replace
    for i in $(seq 50); do ibus engine >/dev/null 2>&1 && break; sleep 0.2; done
    "$PYTHON" "$PROBE" "$OUT" > "$LOG" 2>&1 & probe=$!
    for i in $(seq 100); do w=$(xdotool search --name '^dangjian-im-probe$' 2>/dev/null | head -1); [ -n "$w" ] && break; sleep 0.2; done
    echo "window $w"; sleep 1; xdotool windowfocus --sync "$w"; sleep 0.5
    ibus engine libpinyin; echo "engine $(ibus engine)"
    sleep 0.5; xdotool type --delay 60 wangjianguo; sleep 0.7; xdotool key space
    for i in $(seq 30); do [ "$(cat "$OUT" 2>/dev/null)" = "王建国" ] && break; sleep 0.2; done
    kill $probe
""")


def _missing_tools() -> list[str]:
    missing = [t for t in ("Xvfb", "xdotool", "dbus-run-session", "ibus-daemon", "ibus") if not shutil.which(t)]
    if not any(Path(p).exists() for p in ("/usr/share/ibus/component/libpinyin.xml",)):
        missing.append("ibus-libpinyin")
    return missing


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ibus is a Linux input method")
def test_ibus_types_wang_jian_guo_into_the_programs_qt_under_xvfb(tmp_path):
    missing = _missing_tools()
    if missing:
        pytest.skip("to type Chinese under Xvfb this test needs " + ", ".join(missing)
                    + " (apt-get install xvfb xdotool dbus-user-session ibus ibus-libpinyin)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            display = ":" + pipe.readline().strip()
        (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
        out, log = tmp_path / "typed.txt", tmp_path / "probe.log"
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "QT_IM_MODULE", "QT_IM_MODULES", "XMODIFIERS", "GTK_IM_MODULE",
                            "IBUS_USE_PORTAL", "DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
        env.update(DISPLAY=display, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
                   PYTHON=sys.executable, PROBE=str(tmp_path / "probe.py"), OUT=str(out), LOG=str(log),
                   PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        started = time.monotonic()
        run = subprocess.run(["dbus-run-session", "--", "bash", "-c", SESSION], env=env, capture_output=True,
                             text=True, timeout=120)
        probe_log = log.read_text(encoding="utf-8") if log.exists() else ""
        typed = out.read_text(encoding="utf-8") if out.exists() else None
        assert "decision ibus {'QT_IM_MODULE': 'ibus'}" in probe_log, (run.stderr[-2000:], probe_log)
        assert typed == "王建国", (typed, run.stdout, run.stderr[-1500:], probe_log)
        assert time.monotonic() - started < 100
    finally:
        xvfb.terminate()
        xvfb.wait(10)
