"""``activities plan|list|check`` through the real command line, and plan → hold → finalise."""

import datetime as dt
import json

from dangjian_desktop.core import activities, attendance, decisions, minutes
from dangjian_desktop.db.connection import open_database
from tests.activity_branch import make_branch
from tests.conftest import run_cli

YEAR = dt.date.today().year - 1     # all of last year's meetings can be recorded as held


def _json(result):
    assert result.returncode == 0, result.stderr.decode("utf-8")
    return json.loads(result.stdout.decode("utf-8"))


def test_plan_hold_finalise_end_to_end(db_path):
    handle = open_database(db_path)
    branch = make_branch(full=6, probationary=0, flow=1, groups=2, committee=3)
    handle.close()

    preview = _json(run_cli("activities", "plan", str(YEAR), "--json", db=db_path))
    assert preview["applied"] is False and preview["created"] == 0
    assert len(preview["items"]) == 59 and not any(i["exists"] for i in preview["items"])
    assert _json(run_cli("activities", "list", "--json", db=db_path)) == []

    applied = _json(run_cli("activities", "plan", str(YEAR), "--apply", "--json", db=db_path))
    assert applied["created"] == 59
    again = run_cli("activities", "plan", str(YEAR), "--apply", db=db_path)
    assert again.returncode == 0
    assert again.stdout.decode("utf-8").strip() == f"已生成 {YEAR} 年计划：新增 0 项活动，已有的 59 项没有重复添加。"

    listed = _json(run_cli("activities", "list", "--year", str(YEAR), "--json", db=db_path))
    assert len(listed) == 59
    assert all(set(row) == {"id", "kind", "title", "date", "status", "group_id", "expected", "present"}
               for row in listed)
    congress = next(r for r in listed if r["kind"] == "party_congress")
    assert (congress["status"], congress["expected"], congress["present"]) == ("planned", 6, 0)   # flow member excluded

    # Hold the first 党员大会 and finalise its minutes (what the GUI does), then look again.
    handle = open_database(db_path)
    aid = congress["id"]
    info = activities.info(aid)
    info.chair_id, info.recorder_id = branch.full[0], branch.full[1]
    activities.update(aid, info)
    activities.mark_held(aid)
    attendance.mark_rest_present(aid)
    attendance.set_attendance(aid, branch.full[5], attendance.LEAVE, "生病住院")
    decisions.save_decision(aid, decisions.DecisionInfo("审议通过支部年度工作计划", 4, 1, 0))
    content = minutes.template("party_congress")
    content.sections[0].text = "传达学习上级会议精神。"
    minutes.save(aid, content)
    minutes.finalize(aid)
    handle.close()

    listed = _json(run_cli("activities", "list", "--year", str(YEAR), "--json", db=db_path))
    row = next(r for r in listed if r["id"] == aid)
    assert (row["status"], row["expected"], row["present"]) == ("finalized", 6, 5)

    checks = _json(run_cli("activities", "check", "--year", str(YEAR), "--json", db=db_path))
    q1 = next(c for c in checks if c["kind"] == "party_congress" and c["period"] == f"{YEAR}-Q1")
    assert q1 == {"kind": "party_congress", "period": f"{YEAR}-Q1", "group_id": None, "required": 1, "held": 1,
                  "missing": 0, "state": "done"}
    assert len(checks) == 59
    assert {c["state"] for c in checks} == {"done", "overdue"}    # a past year: done or not


def test_plain_text_output_and_errors(db_path):
    handle = open_database(db_path)
    make_branch(groups=0, committee=0)
    handle.close()
    text = run_cli("activities", "plan", "2027", db=db_path)
    out = text.stdout.decode("utf-8")
    assert text.returncode == 0
    assert out.splitlines()[0] == "本支部还没有登记支部委员会，不安排支部委员会会议。"
    assert "2027-01-10  2027年1月主题党日" in out
    assert out.strip().endswith("共 23 项活动待添加。确认无误后加 --apply 保存。")
    bad = run_cli("activities", "plan", "1800", db=db_path)
    assert bad.returncode == 1
    assert bad.stderr.decode("utf-8").strip() == "年份不对，请填写例如 2026 这样的年份。"
    usage = run_cli("activities", "plan", "明年", db=db_path)
    assert usage.returncode == 2
    check = run_cli("activities", "check", "--year", "2027", db=db_path)
    assert check.returncode == 0
    assert check.stdout.decode("utf-8").strip().endswith("2027 年共 23 项要求，已完成 0 项。")
