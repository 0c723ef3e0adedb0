"""年度总结: the summary of a year's work the secretary writes in the program, printed as the
last part of that year's 支部工作手册 (DOMAIN.md "The branch's book"). One text per year, kept
in the branch setting ``annual_summaries`` (so a backup carries it); saving one is a named
change that can be undone."""

from __future__ import annotations

from dangjian_desktop.core import settings
from dangjian_desktop.core.changes import named, rows_of
from dangjian_desktop.db.models import Setting
from dangjian_desktop.errors import ValidationError

KEY = "annual_summaries"
MAX_LENGTH = 20_000          # characters: some ten printed pages, far more than a summary needs


def _year_key(year: int) -> str:
    return str(int(year))


def get(year: int) -> str:
    """The year's summary as last saved ("" when none)."""
    stored = settings.get(KEY)
    text = stored.get(_year_key(year), "")
    return text if isinstance(text, str) else ""


def years() -> list[int]:
    """The years that have a summary, oldest first."""
    return sorted(int(key) for key, text in settings.get(KEY).items() if key.isdigit() and str(text).strip())


def _label(_result, year: int, _text: str) -> str:
    return f"保存{int(year)}年年度总结"


@named(_label, scope=lambda year, text: [rows_of(Setting, Setting.key, [KEY])])
def put(year: int, text: str) -> None:
    """Save the year's summary (blank text removes it); lines keep their breaks, trailing blanks go."""
    text = "\n".join(line.rstrip() for line in str(text).strip().splitlines())
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": f"年度总结太长了（{len(text)} 个字），请不超过 {MAX_LENGTH} 个字。"})
    stored = dict(settings.get(KEY))
    if text:
        stored[_year_key(year)] = text
    else:
        stored.pop(_year_key(year), None)
    settings.put(KEY, stored)
