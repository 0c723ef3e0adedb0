"""The columns of a sheet as the user chose them, remembered per layout of the sheet.

A branch imports the same sheet again and again (the township's template, its own roster
after a year of changes). What the user set differently from the program's own reading of the
columns (a 户籍地 column taken as 家庭住址, a column not to import) is kept, keyed by the
sheet's layout (each column's letter and header), when an import is written, and applied the
next time a sheet of that layout is opened, in the GUI and by ``members import`` alike. The
choices are a branch setting (core.settings ``import_mappings``): they travel with a backup.
"""

from __future__ import annotations

from dangjian_desktop.core.roster_columns import ColumnMapping
from dangjian_desktop.core.settings import get, put

SETTING = "import_mappings"
MAX_LAYOUTS = 30          # the oldest layouts are forgotten first


def _stored() -> dict[str, dict[str, str]]:
    stored = get(SETTING)
    return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, dict)}


def remembered(proposed: ColumnMapping) -> ColumnMapping:
    """``proposed`` with the choices made before for a sheet of this layout."""
    choices = _stored().get(proposed.layout)
    if not choices:
        return proposed
    targets = {}
    for index, target in choices.items():
        if str(index).isdigit():
            targets[int(index)] = str(target)
    return proposed.with_targets(targets)


def was_remembered(mapping: ColumnMapping, proposed: ColumnMapping | None) -> bool:
    """The mapping holds choices remembered from an earlier import of this layout."""
    return proposed is not None and bool(mapping.choices_against(proposed)) and proposed.layout in _stored()


def remember(mapping: ColumnMapping, proposed: ColumnMapping | None) -> None:
    """Keep what the user chose differently from ``proposed`` for this layout (forget the
    layout when nothing was changed). Runs inside the import's transaction."""
    if proposed is None:
        return
    stored = _stored()
    key = proposed.layout
    previous = stored.pop(key, None)
    choices = mapping.choices_against(proposed)
    if choices:
        stored[key] = {str(i): t for i, t in sorted(choices.items())}
    while len(stored) > MAX_LAYOUTS:
        stored.pop(next(iter(stored)))
    if choices or previous is not None:
        put(SETTING, stored)
