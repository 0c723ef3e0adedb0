"""Named changes: a user action is one transaction with a Chinese name that knows how to undo
and redo itself (STYLE.md #10, Gramps' ``DbTxn("添加党员")``).

A :class:`Recorder` notes the rows an action may touch — :class:`Scope`\\ s, each "the rows of this
table that this condition selects" — before and after the action, in the action's transaction.
The finished :class:`Change` holds both states:

- :meth:`Change.undo` checks that the rows are still exactly as the action left them, then puts
  back the state before it; :meth:`Change.redo` is the same the other way round. A later change
  to any of those rows (made outside the undo history) makes both refuse with a plain message,
  and nothing is written.
- Rows are put back by primary key, parents before children (deletes children first), so the
  database's own rules — foreign keys, unique names — hold at every step; a row that something
  outside the change refers to is never deleted (the undo is refused instead).
- ``guard`` may refuse an undo for a reason of the domain ("定稿以后不能再撤销").

Core operations become named changes in one of two ways, both through the same recorder: an
operation whose result *is* the change (moving members between groups) records and returns it
itself; any other operation is decorated with :func:`named`, runs in one transaction when called
plainly, and ``operation.undoable(...)`` returns its :class:`Change` (``change.result`` is what
the operation returns). The GUI puts changes on the window's undo stack (ui.undo).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from peewee import IntegrityError, Model

from dangjian_desktop.db.models import ALL_MODELS, database_proxy
from dangjian_desktop.errors import UserError

CHUNK = 500

Rows = dict[int | str, tuple]          # primary key -> the row's stored values
State = dict[type[Model], Rows]


@dataclass(frozen=True)
class Scope:
    """The rows of ``model`` that ``where`` selects (every row when None), or — with
    ``field`` and ``values`` — the rows whose ``field`` is one of ``values`` (any number)."""

    model: type[Model]
    where: object = None
    field: object = None
    values: tuple = ()


def rows_of(model: type[Model], field_, values: Iterable) -> Scope:
    return Scope(model, field=field_, values=tuple(dict.fromkeys(values)))


def by_id(model: type[Model], ids: Iterable) -> Scope:
    return rows_of(model, model._meta.primary_key, ids)


# --- reading a state ------------------------------------------------------------------------------

def _columns(model: type[Model]) -> list:
    return list(model._meta.sorted_fields)


def _select(model: type[Model], where) -> Rows:
    """Rows as stored (no conversion), keyed by primary key."""
    query = model.select(*_columns(model))
    if where is not None:
        query = query.where(where)
    sql, params = query.sql()
    pk_index = _columns(model).index(model._meta.primary_key)
    return {row[pk_index]: tuple(row) for row in database_proxy.execute_sql(sql, params).fetchall()}


def _read(scopes: Sequence[Scope]) -> State:
    state: State = {}
    for scope in scopes:
        rows = state.setdefault(scope.model, {})
        if scope.field is None:
            rows.update(_select(scope.model, scope.where))
            continue
        values = list(scope.values)
        for start in range(0, len(values), CHUNK):
            rows.update(_select(scope.model, scope.field.in_(values[start:start + CHUNK])))
    return state


def _model_order() -> list[type[Model]]:
    """Models with every table a model refers to before it."""
    order: list[type[Model]] = []

    def visit(model):
        if model in order:
            return
        for fk in model._meta.refs:
            if fk.rel_model is not model:
                visit(fk.rel_model)
        order.append(model)

    for model in ALL_MODELS:
        visit(model)
    return order


ORDER = _model_order()


# --- the change ----------------------------------------------------------------------------------------

STALE = "撤销不了：这之后又有了其他改动（或者已经撤销过了）。请直接按现在的情况修改。"
STALE_REDO = "重做不了：这之后又有了其他改动。请直接按现在的情况修改。"


@dataclass
class Change:
    """A finished user action: its name, its result, the rows before and after."""

    label: str
    result: object = None
    scopes: tuple[Scope, ...] = ()
    before: State = field(default_factory=dict, repr=False)
    after: State = field(default_factory=dict, repr=False)
    guard: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def is_empty(self) -> bool:
        """Nothing changed (a move to the group the member is already in …)."""
        models = set(self.before) | set(self.after)
        return all(self.before.get(m, {}) == self.after.get(m, {}) for m in models)

    @property
    def size(self) -> int:
        """How many rows the change touched (large ones are undone with a progress dialog)."""
        models = set(self.before) | set(self.after)
        return sum(len(set(self.before.get(m, {})) | set(self.after.get(m, {}))) for m in models)

    def undo(self) -> None:
        self._go(self.after, self.before, STALE)

    def redo(self) -> None:
        self._go(self.before, self.after, STALE_REDO)

    def _go(self, expected: State, target: State, stale: str) -> None:
        if self.guard is not None:
            self.guard()
        with database_proxy.atomic():  # 撤销 / 重做
            current = _read(self.scopes)
            models = set(expected) | set(target) | set(current)
            if any(current.get(m, {}) != expected.get(m, {}) for m in models):
                raise UserError(stale)
            try:
                _restore(current, target)
                _check_references(models)
            except IntegrityError:
                raise UserError(stale) from None


def _restore(current: State, target: State) -> None:
    """Rewrite the rows of ``current`` so that they are ``target``."""
    db = database_proxy.obj
    # Rows of the change may point at each other in both directions (a recruit's file and the
    # member its approval made): the foreign keys are checked when the whole change is written.
    db.execute_sql("PRAGMA defer_foreign_keys = ON")
    models = [m for m in ORDER if m in current or m in target]
    for model in reversed(models):
        doomed = [pk for pk in current.get(model, {}) if pk not in target.get(model, {})]
        if doomed:
            _refuse_if_referenced(model, doomed, current, target)
            pk = model._meta.primary_key
            for start in range(0, len(doomed), CHUNK):
                model.delete().where(pk.in_(doomed[start:start + CHUNK])).execute()
    for model in models:
        now, wanted = current.get(model, {}), target.get(model, {})
        columns = _columns(model)
        names = [f'"{c.column_name}"' for c in columns]
        table = f'"{model._meta.table_name}"'
        pk_name = f'"{model._meta.primary_key.column_name}"'
        changed = [pk for pk in wanted if pk in now and now[pk] != wanted[pk]]
        unique = [i for i, c in enumerate(columns) if c.unique and c is not model._meta.primary_key]
        for index in unique:   # unique values may be swapped between rows: clear them first
            moving = [pk for pk in changed if now[pk][index] != wanted[pk][index]]
            column = names[index]
            if moving:
                placeholder = None if columns[index].null else "~撤销中~"
                db.cursor().executemany(
                    f"UPDATE {table} SET {column} = ? WHERE {pk_name} = ?",
                    [(None if placeholder is None else f"{placeholder}{pk}", pk) for pk in moving])
        if changed:
            assignments = ", ".join(f"{n} = ?" for n in names)
            db.cursor().executemany(f"UPDATE {table} SET {assignments} WHERE {pk_name} = ?",
                                    [(*wanted[pk], pk) for pk in changed])
        added = [wanted[pk] for pk in wanted if pk not in now]
        if added:
            marks = ", ".join("?" for _ in names)
            db.cursor().executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", added)


def _check_references(models) -> None:
    """The foreign keys _restore deferred, checked now for the tables it wrote (a parent a row
    points at is gone: the change cannot be put back), and checked at once again afterwards."""
    db = database_proxy.obj
    try:
        for model in models:
            if db.execute_sql(f'PRAGMA foreign_key_check("{model._meta.table_name}")').fetchone():
                raise IntegrityError(model._meta.table_name)
    finally:
        db.execute_sql("PRAGMA defer_foreign_keys = OFF")


def _refuse_if_referenced(model: type[Model], doomed: list, current: State, target: State) -> None:
    """A row that a record outside the change refers to stays: the undo is refused."""
    gone = set(doomed)
    for fk in model._meta.backrefs:
        other = fk.model
        wanted = target.get(other, {})
        column = _columns(other).index(fk)
        # a row of the change that leaves, or that the change points elsewhere, does not hold it
        released = {pk for pk in current.get(other, {}) if pk not in wanted or wanted[pk][column] not in gone}
        pk = other._meta.primary_key
        for start in range(0, len(doomed), CHUNK):
            refs = other.select(pk).where(fk.in_(doomed[start:start + CHUNK])).tuples()
            if any(row[0] not in released for row in refs):
                raise UserError("撤销不了：要去掉的记录已经被其他记录用到了（例如党小组、状态或活动记录）。"
                                "请直接按现在的情况修改。")


# --- recording ---------------------------------------------------------------------------------------------

class Recorder:
    """Record one action: ``with Recorder(scopes) as rec: …``, then ``rec.finish(label)``.

    The action runs inside the recorder's transaction; :meth:`created` adds the rows the action
    made (their ids are known only once it ran).
    """

    def __init__(self, scopes: Iterable[Scope] = (), *, guard: Callable[[], None] | None = None):
        self.scopes = list(scopes)
        self.guard = guard
        self.before: State = {}
        self._created: list[Scope] = []
        self._transaction = None

    def __enter__(self) -> "Recorder":
        self._transaction = database_proxy.atomic()
        self._transaction.__enter__()
        self.before = _read(self.scopes)
        return self

    def created(self, model: type[Model], ids: Iterable) -> None:
        """Rows the action created (they did not exist before it)."""
        self._created.append(by_id(model, ids))

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.scopes.extend(self._created)
            self.after = _read(self.scopes)
        return self._transaction.__exit__(exc_type, exc, tb)

    def finish(self, label: str, result: object = None, *, kind: type[Change] = Change, **extra) -> Change:
        return kind(label=label, result=result, scopes=tuple(self.scopes), before=self.before, after=self.after,
                    guard=self.guard, **extra)


def named(label: str | Callable[..., str], *, scope: Callable[..., Iterable[Scope]] | None = None,
          creates: Callable[[object], Iterable[tuple[type[Model], Iterable]]] | None = None,
          guard: Callable[..., Callable[[], None] | None] | None = None):
    """Make a core operation a named change.

    - ``label``: its Chinese name, or ``label(result, *args, **kwargs)``;
    - ``scope(*args, **kwargs)``: the rows it may touch (read before it runs);
    - ``creates(result)``: ``(model, ids)`` of the rows it made;
    - ``guard(*args, **kwargs)``: a check run before each undo and redo (raises UserError).

    Called plainly the operation runs in one transaction and returns its result;
    ``operation.undoable(*args, **kwargs)`` returns the :class:`Change`.
    """

    def wrap(func):
        @functools.wraps(func)
        def plain(*args, **kwargs):
            with database_proxy.atomic():
                return func(*args, **kwargs)

        def undoable(*args, **kwargs) -> Change:
            scopes = list(scope(*args, **kwargs)) if scope else []
            check = guard(*args, **kwargs) if guard else None
            with Recorder(scopes, guard=check) as rec:
                result = func(*args, **kwargs)
                for model, ids in (creates(result) if creates else ()):
                    rec.created(model, ids)
            text = label(result, *args, **kwargs) if callable(label) else label
            return rec.finish(text, result)

        plain.undoable = undoable
        plain.change_label = label
        return plain

    return wrap
