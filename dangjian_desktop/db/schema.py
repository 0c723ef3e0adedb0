"""Numbered schema upgrades, applied in order (STYLE.md #4).

``STEPS[n - 1]`` upgrades a database from version ``n - 1`` to ``n``. Each step is a list of
SQL statements, written out in full so that an old step never changes when the models do: a
released step is never edited, a change is a new step (tests/test_schema.py upgrades a stored
file of every released version and compares the result with the models).
:func:`dangjian_desktop.db.connection.open_database` applies the missing steps inside one
transaction each and sets ``PRAGMA user_version`` in the same transaction.
"""

from __future__ import annotations

# Marks a file as ours (PRAGMA application_id); "DJDT" as a big-endian 32-bit integer.
APPLICATION_ID = 0x444A4454

_V1 = [
    """CREATE TABLE "branch" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "parent_org" VARCHAR(255) NOT NULL, "founded_on" DATE, "address" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "secretary_name" VARCHAR(255) NOT NULL)""",
    """CREATE TABLE "committee_post" ("id" INTEGER NOT NULL PRIMARY KEY, "post" VARCHAR(255) NOT NULL, "member_id" INTEGER, "person_name" VARCHAR(255) NOT NULL, "term_start" DATE, "term_end" DATE, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "group_membership" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "group_id" INTEGER NOT NULL, "start_on" DATE NOT NULL, "end_on" DATE, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT, FOREIGN KEY ("group_id") REFERENCES "party_group" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "member" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "name_pinyin" VARCHAR(255) NOT NULL, "name_initials" VARCHAR(255) NOT NULL, "gender" VARCHAR(255) NOT NULL, "ethnicity" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255), "birth_date" DATE, "education" VARCHAR(255) NOT NULL, "category" VARCHAR(255) NOT NULL, "joined_on" DATE, "full_member_on" DATE, "job" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "landline" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, "native_place" VARCHAR(255) NOT NULL, "work_started_on" DATE, "introducers" VARCHAR(255) NOT NULL, "party_post" VARCHAR(255) NOT NULL, "transferred_in_on" DATE, "transferred_in_from" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "status_on" DATE, "status_reason" VARCHAR(255) NOT NULL, "transferred_to" VARCHAR(255) NOT NULL, "is_flow" INTEGER NOT NULL, "flow_destination" VARCHAR(255) NOT NULL, "flow_out_on" DATE, "flow_unit" VARCHAR(255) NOT NULL, "hardship" INTEGER NOT NULL, "hardship_note" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL)""",
    """CREATE TABLE "party_group" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "leader_id" INTEGER, "deputy_id" INTEGER, "meeting_place" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("leader_id") REFERENCES "member" ("id") ON DELETE SET NULL, FOREIGN KEY ("deputy_id") REFERENCES "member" ("id") ON DELETE SET NULL)""",
    """CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)""",
    """CREATE TABLE "status_change" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "on_date" DATE NOT NULL, "reason" VARCHAR(255) NOT NULL, "destination" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "committee_post_member_id" ON "committee_post" ("member_id")""",
    """CREATE INDEX "group_membership_end_on" ON "group_membership" ("end_on")""",
    """CREATE INDEX "group_membership_group_id" ON "group_membership" ("group_id")""",
    """CREATE INDEX "group_membership_member_id" ON "group_membership" ("member_id")""",
    """CREATE UNIQUE INDEX "member_id_number" ON "member" ("id_number")""",
    """CREATE INDEX "member_name_pinyin" ON "member" ("name_pinyin")""",
    """CREATE INDEX "member_status" ON "member" ("status")""",
    """CREATE INDEX "party_group_deputy_id" ON "party_group" ("deputy_id")""",
    """CREATE INDEX "party_group_leader_id" ON "party_group" ("leader_id")""",
    """CREATE UNIQUE INDEX "party_group_name" ON "party_group" ("name")""",
    """CREATE INDEX "status_change_member_id" ON "status_change" ("member_id")""",
]

# Step 2: activities (三会一课 and the rest), attendance, 列席 guests, decisions with votes,
# minutes revisions, attachments stored in the file. Frequency rules are Setting rows.
_V2 = [
    """CREATE TABLE "activity" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "date" DATE NOT NULL, "start_time" VARCHAR(255) NOT NULL, "end_time" VARCHAR(255) NOT NULL, "place" VARCHAR(255) NOT NULL, "topic" TEXT NOT NULL, "chair_id" INTEGER, "recorder_id" INTEGER, "lecturer_id" INTEGER, "lecturer_name" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "group_id" INTEGER, "plan_key" VARCHAR(255), "sequence" INTEGER, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("chair_id") REFERENCES "member" ("id") ON DELETE RESTRICT, FOREIGN KEY ("recorder_id") REFERENCES "member" ("id") ON DELETE RESTRICT, FOREIGN KEY ("lecturer_id") REFERENCES "member" ("id") ON DELETE RESTRICT, FOREIGN KEY ("group_id") REFERENCES "party_group" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "activity_guest" ("id" INTEGER NOT NULL PRIMARY KEY, "activity_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "attachment" ("id" INTEGER NOT NULL PRIMARY KEY, "activity_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "caption" VARCHAR(255) NOT NULL, "filename" VARCHAR(255) NOT NULL, "mime" VARCHAR(255) NOT NULL, "data" BLOB NOT NULL, "thumbnail" BLOB, "width" INTEGER, "height" INTEGER, "size" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "attendance" ("id" INTEGER NOT NULL PRIMARY KEY, "activity_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "state" VARCHAR(255) NOT NULL, "reason" VARCHAR(255) NOT NULL, "voting" INTEGER NOT NULL, "excluded" INTEGER NOT NULL, "excluded_reason" VARCHAR(255) NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "decision" ("id" INTEGER NOT NULL PRIMARY KEY, "activity_id" INTEGER NOT NULL, "text" TEXT NOT NULL, "method" VARCHAR(255) NOT NULL, "votes_for" INTEGER NOT NULL, "votes_against" INTEGER NOT NULL, "votes_abstain" INTEGER NOT NULL, "passed" INTEGER NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "minutes_revision" ("id" INTEGER NOT NULL PRIMARY KEY, "activity_id" INTEGER NOT NULL, "number" INTEGER NOT NULL, "content" TEXT NOT NULL, "reason" VARCHAR(255) NOT NULL, "finalized_at" DATETIME, "created_at" DATETIME NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "activity_chair_id" ON "activity" ("chair_id")""",
    """CREATE INDEX "activity_date" ON "activity" ("date")""",
    """CREATE INDEX "activity_group_id" ON "activity" ("group_id")""",
    """CREATE INDEX "activity_guest_activity_id" ON "activity_guest" ("activity_id")""",
    """CREATE INDEX "activity_kind" ON "activity" ("kind")""",
    """CREATE INDEX "activity_lecturer_id" ON "activity" ("lecturer_id")""",
    """CREATE UNIQUE INDEX "activity_plan_key" ON "activity" ("plan_key")""",
    """CREATE INDEX "activity_recorder_id" ON "activity" ("recorder_id")""",
    """CREATE INDEX "activity_status" ON "activity" ("status")""",
    """CREATE INDEX "attachment_activity_id" ON "attachment" ("activity_id")""",
    """CREATE UNIQUE INDEX "attendance_activity_id_member_id" ON "attendance" ("activity_id", "member_id")""",
    """CREATE INDEX "attendance_member_id" ON "attendance" ("member_id")""",
    """CREATE INDEX "decision_activity_id" ON "decision" ("activity_id")""",
    """CREATE UNIQUE INDEX "minutes_revision_activity_id_number" ON "minutes_revision" ("activity_id", "number")""",
]

# Step 3: the covering index of the roster search. Programs of version 2 wrote it in step 1
# (which had been changed after version 1 was released); files made by version 1 lack it.
# "IF NOT EXISTS" lets both kinds of version-2 files reach the same version 3.
_V3 = [
    """CREATE INDEX IF NOT EXISTS "member_status_name_pinyin" ON "member" ("status", "name_pinyin", "name", "name_initials", "phone", "id_number", "category", "is_flow")""",
]

# Step 4: the member's hamlet (村民小组 / 自然村 / 网格) as its own fact, and which of the member's
# dates are known to the month only (a sheet's "1968.07": stored as the 1st, shown as 1968.07);
# the roster search index covers the hamlet too.
_V4 = [
    """ALTER TABLE "member" ADD COLUMN "hamlet" VARCHAR(255) NOT NULL DEFAULT ''""",
    """ALTER TABLE "member" ADD COLUMN "month_only" VARCHAR(255) NOT NULL DEFAULT ''""",
    'DROP INDEX "member_status_name_pinyin"',
    """CREATE INDEX "member_status_name_pinyin" ON "member" ("status", "name_pinyin", "name", "name_initials", "phone", "id_number", "category", "is_flow", "hamlet")""",
    """CREATE INDEX "member_hamlet" ON "member" ("hamlet")""",
    # an older file's members then get their hamlets from their addresses (core.upgrade_data)
    """INSERT OR REPLACE INTO "setting" ("key", "value") SELECT 'data_steps_pending', '4'
       WHERE EXISTS (SELECT 1 FROM "member")""",
]

# Step 5: dues (党费): each member's basis from a month on with the due it gave, the payments
# (and corrections of closed months) per member and month, and the remittances that close months.
_V5 = [
    """CREATE TABLE "dues_basis" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "from_month" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "income_fen" INTEGER, "amount_fen" INTEGER, "due_fen" INTEGER NOT NULL, "rule" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "dues_remittance" ("id" INTEGER NOT NULL PRIMARY KEY, "first_month" VARCHAR(255) NOT NULL, "last_month" VARCHAR(255) NOT NULL, "amount_fen" INTEGER NOT NULL, "remitted_on" DATE NOT NULL, "note" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL)""",
    """CREATE TABLE "dues_payment" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "month" VARCHAR(255) NOT NULL, "amount_fen" INTEGER NOT NULL, "paid_on" DATE NOT NULL, "adjustment" INTEGER NOT NULL, "reason" VARCHAR(255) NOT NULL, "remittance_id" INTEGER, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT, FOREIGN KEY ("remittance_id") REFERENCES "dues_remittance" ("id") ON DELETE RESTRICT)""",
    """CREATE UNIQUE INDEX "dues_basis_member_id_from_month" ON "dues_basis" ("member_id", "from_month")""",
    """CREATE INDEX "dues_payment_member_id_month_amount_fen" ON "dues_payment" ("member_id", "month", "amount_fen")""",
    """CREATE INDEX "dues_payment_month" ON "dues_payment" ("month")""",
    """CREATE INDEX "dues_payment_remittance_id" ON "dues_payment" ("remittance_id")""",
]

# Step 6: recruitment (发展党员): a recruit's file — the person, each recorded step with the
# members taking part (谈话人, 培养联系人, 入党介绍人) and the 支部大会 that voted, and the scans.
_V6 = [
    """CREATE TABLE "recruit" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "name_pinyin" VARCHAR(255) NOT NULL, "name_initials" VARCHAR(255) NOT NULL, "gender" VARCHAR(255) NOT NULL, "ethnicity" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255) NOT NULL, "birth_date" DATE, "education" VARCHAR(255) NOT NULL, "job" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, "hamlet" VARCHAR(255) NOT NULL, "applied_on" DATE NOT NULL, "stage" VARCHAR(255) NOT NULL, "member_id" INTEGER, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "recruit_event" ("id" INTEGER NOT NULL PRIMARY KEY, "recruit_id" INTEGER NOT NULL, "event" VARCHAR(255) NOT NULL, "on_date" DATE NOT NULL, "hours" INTEGER, "months" INTEGER, "note" TEXT NOT NULL, "activity_id" INTEGER, "decision_id" INTEGER, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("recruit_id") REFERENCES "recruit" ("id") ON DELETE RESTRICT, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT, FOREIGN KEY ("decision_id") REFERENCES "decision" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "recruit_person" ("id" INTEGER NOT NULL PRIMARY KEY, "event_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("event_id") REFERENCES "recruit_event" ("id") ON DELETE RESTRICT, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "recruit_attachment" ("id" INTEGER NOT NULL PRIMARY KEY, "recruit_id" INTEGER NOT NULL, "event_id" INTEGER, "kind" VARCHAR(255) NOT NULL, "caption" VARCHAR(255) NOT NULL, "filename" VARCHAR(255) NOT NULL, "mime" VARCHAR(255) NOT NULL, "data" BLOB NOT NULL, "thumbnail" BLOB, "width" INTEGER, "height" INTEGER, "size" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("recruit_id") REFERENCES "recruit" ("id") ON DELETE RESTRICT, FOREIGN KEY ("event_id") REFERENCES "recruit_event" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "recruit_attachment_event_id" ON "recruit_attachment" ("event_id")""",
    """CREATE INDEX "recruit_attachment_recruit_id" ON "recruit_attachment" ("recruit_id")""",
    """CREATE INDEX "recruit_event_activity_id" ON "recruit_event" ("activity_id")""",
    """CREATE INDEX "recruit_event_decision_id" ON "recruit_event" ("decision_id")""",
    """CREATE INDEX "recruit_event_recruit_id" ON "recruit_event" ("recruit_id")""",
    """CREATE UNIQUE INDEX "recruit_id_number" ON "recruit" ("id_number")""",
    """CREATE INDEX "recruit_member_id" ON "recruit" ("member_id")""",
    """CREATE INDEX "recruit_person_event_id" ON "recruit_person" ("event_id")""",
    """CREATE INDEX "recruit_person_member_id" ON "recruit_person" ("member_id")""",
    """CREATE INDEX "recruit_stage" ON "recruit" ("stage")""",
]

# Step 7: 民主评议党员: a year's review (its meeting, the ballots returned) and each member's
# tally per grade with the grade decided and its reason.
_V7 = [
    """CREATE TABLE "review" ("id" INTEGER NOT NULL PRIMARY KEY, "year" INTEGER NOT NULL, "opened_on" DATE NOT NULL, "activity_id" INTEGER, "ballots" INTEGER, "note" TEXT NOT NULL, FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE RESTRICT)""",
    """CREATE TABLE "review_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "review_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "graded" INTEGER NOT NULL, "excellent" INTEGER NOT NULL, "qualified" INTEGER NOT NULL, "basic" INTEGER NOT NULL, "unqualified" INTEGER NOT NULL, "grade" VARCHAR(255), "reason" TEXT NOT NULL, "graded_on" DATE, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("review_id") REFERENCES "review" ("id") ON DELETE RESTRICT, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "review_activity_id" ON "review" ("activity_id")""",
    """CREATE INDEX "review_entry_member_id" ON "review_entry" ("member_id")""",
    """CREATE UNIQUE INDEX "review_entry_review_id_member_id" ON "review_entry" ("review_id", "member_id")""",
    """CREATE UNIQUE INDEX "review_year" ON "review" ("year")""",
]

STEPS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7]

LATEST_VERSION = len(STEPS)
