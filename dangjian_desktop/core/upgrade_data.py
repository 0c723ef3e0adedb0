"""Data steps that need the program's own rules, run once after the schema steps (db.schema)
brought an older data file up to date: on opening it, and after restoring an older backup.

Schema step 4 gave members a 村民小组 field; a file from before it has none filled in, although
most addresses say it (东坡村3组48号). They are filled from the address here, as saving the
member would, so the roster, its filter and the group suggestion see them at once.
"""

from __future__ import annotations

from dangjian_desktop.core.hamlets import hamlet_from_address
from dangjian_desktop.db.models import Member, database_proxy

HAMLET_STEP = 4      # the schema version that added Member.hamlet


def after_upgrade(upgraded_from: int | None) -> int:
    """Run the data steps for a file upgraded from ``upgraded_from`` (None: not upgraded).
    Returns how many members were changed."""
    if upgraded_from is None or upgraded_from >= HAMLET_STEP:
        return 0
    return fill_hamlets_from_addresses()


def fill_hamlets_from_addresses() -> int:
    """Members without a 村民小组 whose address names one get it (one transaction)."""
    changed = 0
    with database_proxy.atomic():
        rows = Member.select(Member.id, Member.address).where((Member.hamlet == "") & (Member.address != "")).tuples()
        for member_id, address in list(rows):
            hamlet = hamlet_from_address(address)
            if hamlet:
                Member.update(hamlet=hamlet).where(Member.id == member_id).execute()
                changed += 1
    return changed
