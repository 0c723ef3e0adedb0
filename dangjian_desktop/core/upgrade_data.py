"""Data steps that need the program's own rules, after the schema steps (db.schema) brought an
older data file up to date: on opening it, and after restoring an older backup.

A schema step that needs one leaves the setting ``data_steps_pending`` in the file, in its own
transaction; :func:`bring_data_up_to_date` (run after every opening) does the work and clears
it in one transaction, so a program stopped in between does it on the next start.

Schema step 4 gave members a 村民小组 field; a file from before it has none filled in, although
most addresses say it (东坡村3组48号). They are filled from the address here, as saving the
member would, so the roster, its filter and the group suggestion see them at once.
"""

from __future__ import annotations

from dangjian_desktop.core.hamlets import hamlet_from_address
from dangjian_desktop.core.settings import get, reset
from dangjian_desktop.db.models import Member, database_proxy

PENDING = "data_steps_pending"


def bring_data_up_to_date() -> int:
    """Run the pending data steps; returns how many members were changed (0: none pending)."""
    if not get(PENDING):
        return 0
    with database_proxy.atomic():
        changed = fill_hamlets_from_addresses()
        reset(PENDING)
    return changed


def fill_hamlets_from_addresses() -> int:
    """Members without a 村民小组 whose address names one get it."""
    changed = 0
    with database_proxy.atomic():
        rows = Member.select(Member.id, Member.address).where((Member.hamlet == "") & (Member.address != "")).tuples()
        for member_id, address in list(rows):
            hamlet = hamlet_from_address(address)
            if hamlet:
                Member.update(hamlet=hamlet).where(Member.id == member_id).execute()
                changed += 1
    return changed
