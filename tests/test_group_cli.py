"""``groups list|check|suggest`` end to end through the real command line."""

import datetime as dt
import json

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.db.connection import open_database
from tests.conftest import run_cli
from tests.test_group_rules import add_member, make_group


def test_groups_list_and_check_on_the_demo_branch(db_path):
    assert run_cli("demo", "--seed", "7", db=db_path).returncode == 0
    listed = run_cli("groups", "list", "--json", db=db_path)
    assert listed.returncode == 0
    groups = json.loads(listed.stdout.decode("utf-8"))
    assert [set(g) for g in groups] == [{"id", "name", "kind", "leader_id", "member_ids"}] * len(groups)
    assert [g["name"] for g in groups][:2] == ["第一党小组", "第二党小组"]
    members = json.loads(run_cli("members", "list", "--json", db=db_path).stdout.decode("utf-8"))
    active = {m["id"] for m in members if m["status"] == "active"}
    assert sorted(i for g in groups for i in g["member_ids"]) == sorted(active)

    checked = run_cli("groups", "check", "--json", db=db_path)
    assert checked.returncode == 0
    assert json.loads(checked.stdout.decode("utf-8")) == {"violations": [], "unassigned": []}
    text = run_cli("groups", "check", db=db_path)
    assert text.stdout.decode("utf-8").strip() == "党小组都符合规定，每名党员都已分组。"


def test_groups_check_reports_breaks_and_unassigned(db_path):
    with open_database(db_path):
        a, b, c, d = (add_member(n) for n in ("甲", "乙", "丙", "丁"))
        make_group("第一党小组", [a, b, c], leader=a)
        lone = add_member("戊")
        member_ops.change_status(c, "deceased", dt.date(2026, 1, 5))
    result = run_cli("groups", "check", "--json", db=db_path)
    assert result.returncode == 1
    assert json.loads(result.stdout.decode("utf-8")) == {
        "violations": [{"group": "第一党小组", "rule": "min_members",
                        "message": "第一党小组只有 2 名党员，少于规定的 3 人。请移入党员，或与相邻的党小组合并。"}],
        "unassigned": [d, lone],
    }
    text = run_cli("groups", "check", db=db_path).stdout.decode("utf-8")
    assert "还有 2 名党员没有分到党小组：丁、戊" in text


def test_groups_suggest_shows_then_applies(db_path):
    with open_database(db_path):
        for k in range(4):
            add_member(f"一组{k}", address="东坡村1组")
        for k in range(2):
            add_member(f"二组{k}", address="东坡村2组")
    shown = run_cli("groups", "suggest", "--json", db=db_path)
    assert shown.returncode == 0
    result = json.loads(shown.stdout.decode("utf-8"))
    assert result["applied"] is False
    assert [(g["name"], len(g["member_ids"])) for g in result["groups"]] == [("东坡村1、2组党小组", 6)]
    assert result["violations"] == [] and result["unplaced"] == []
    assert json.loads(run_cli("groups", "list", "--json", db=db_path).stdout) == []

    applied = run_cli("groups", "suggest", "--apply", db=db_path)
    assert applied.returncode == 0, applied.stderr.decode("utf-8")
    assert "已按建议调整，6 名党员换了党小组。" in applied.stdout.decode("utf-8")
    groups = json.loads(run_cli("groups", "list", "--json", db=db_path).stdout)
    assert [(g["name"], g["kind"], len(g["member_ids"])) for g in groups] == [("东坡村1、2组党小组", "按居住地", 6)]
    assert run_cli("groups", "check", db=db_path).returncode == 0


def test_groups_suggest_on_empty_database_says_why(db_path):
    result = run_cli("groups", "suggest", db=db_path)
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").strip() == "还没有在册党员，无法给出分组建议。请先录入或导入党员。"
    assert run_cli("groups", "list", db=db_path).stdout.decode("utf-8").strip() == "还没有党小组。"
