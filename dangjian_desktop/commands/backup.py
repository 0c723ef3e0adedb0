"""``backup create|verify|restore`` (DESIGN.md "Command line contract")."""

from __future__ import annotations

import sys
from pathlib import Path

from dangjian_desktop.errors import UserError, os_error_text


def register(tree) -> None:
    create = tree.group_command("backup", "create", "把数据备份到一个文件夹（例如U盘）")
    create.add_argument("--to", required=True, metavar="DIR", help="存放备份文件的文件夹")
    create.add_argument("--password-file", metavar="F", help="从这个文件读取备份密码（不设密码则省略）")
    create.add_argument("--json", action="store_true", help="以 JSON 输出")
    create.set_defaults(func=run_create)

    verify = tree.group_command("backup", "verify", "完整检查一个备份文件，不改动任何数据")
    verify.add_argument("file", metavar="FILE", help="备份文件（.djbak）")
    verify.add_argument("--password-file", metavar="F", help="从这个文件读取备份密码")
    verify.set_defaults(func=run_verify)

    restore = tree.group_command("backup", "restore", "用备份文件替换现在的数据（先检查备份，并保留一份恢复前的数据）")
    restore.add_argument("file", metavar="FILE", help="备份文件（.djbak）")
    restore.add_argument("--password-file", metavar="F", help="从这个文件读取备份密码")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    restore.set_defaults(func=run_restore)


def read_password_file(name: str | None) -> str | None:
    if not name:
        return None
    path = Path(name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取密码文件“{path}”：{os_error_text(exc)}。请检查文件名。") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gbk")
        except UnicodeDecodeError as exc:
            raise UserError(f"密码文件“{path}”的文字编码无法识别，请用记事本另存为 UTF-8 后再试。") from exc
    # Only the line break an editor adds at the end is dropped; the password itself is kept as is.
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise UserError(f"密码文件“{path}”的第一行是空的，请把密码写在第一行。")
    return password


def describe(info) -> str:
    from dangjian_desktop.backup.drives import format_size

    lines = [
        f"支部：{info.branch or '（未填写支部名称）'}",
        f"备份时间：{info.created_at.strftime('%Y-%m-%d %H:%M')}",
        f"党员：{info.members} 人（党员记录共 {info.member_records} 条，含已转出等）",
        f"活动记录：{info.activities} 条",
        f"程序版本：{info.program_version}（数据版本 {info.schema_version}）",
        f"数据大小：{format_size(info.content_bytes)}",
        f"密码保护：{'有' if info.encrypted else '无'}",
    ]
    return "\n".join(lines)


def run_create(args) -> int:
    from dangjian_desktop.backup.autobackup import seal_auto_backups_with
    from dangjian_desktop.backup.create import create_backup
    from dangjian_desktop.backup.drives import format_size
    from dangjian_desktop.backup.reminder import record_usb_backup
    from dangjian_desktop.commands import open_from_args, print_json

    password = read_password_file(args.password_file)
    with open_from_args(args) as opened:
        created = create_backup(opened.path, Path(args.to), password=password)
        record_usb_backup(created.info.created_at.replace(tzinfo=None))
        if password:
            seal_auto_backups_with(password)
    if args.json:
        print_json(created.to_json())
    else:
        sys.stdout.write(
            f"备份成功，已写入并读回核对：{created.path}（{format_size(created.bytes)}）\n"
            f"党员 {created.info.members} 人，活动记录 {created.info.activities} 条。\n"
        )
    return 0


def run_verify(args) -> int:
    from dangjian_desktop.backup.verify import verify_backup

    info = verify_backup(Path(args.file), password=read_password_file(args.password_file), near=args.db)
    sys.stdout.write(f"备份完好，可以用来恢复。\n{describe(info)}\n")
    return 0


def _ask(info) -> bool:
    sys.stdout.write(
        f"这份备份的内容：\n{describe(info)}\n"
        "恢复后，现在的数据会被这份备份替换（现在的数据会先另存为一份自动备份）。\n"
        "确定恢复吗？请输入 y 并回车确认，其他输入取消："
    )
    sys.stdout.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        answer = ""
    if not answer:
        sys.stdout.write("\n")
        raise UserError("没有得到确认，没有恢复，现在的数据没有改动。不需要询问时请加 --yes。")
    return answer.strip().lower() in ("y", "yes", "是")


def run_restore(args) -> int:
    from dangjian_desktop.backup.restore import restore_database
    from dangjian_desktop.db.connection import default_db_path

    target = Path(args.db).expanduser() if args.db else default_db_path()
    result = restore_database(
        target,
        Path(args.file),
        password=read_password_file(args.password_file),
        confirm=None if args.yes else _ask,
    )
    when = result.info.created_at.strftime("%Y-%m-%d %H:%M")
    sys.stdout.write(f"已从备份恢复（{result.info.branch}，{when} 的备份）：{target}\n")
    if result.safety_copy:
        sys.stdout.write(f"恢复前的数据已另存为：{result.safety_copy}\n")
    if result.set_aside:
        sys.stdout.write(f"原来无法打开的数据文件已改名保留：{result.set_aside}\n")
    return 0
