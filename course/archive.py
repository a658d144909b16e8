"""The customer archive (客户档案库): current and potential customers in one SQLite file.

A real database (stdlib :mod:`sqlite3`) rather than a loose spreadsheet, with
the three promises a shared record needs:

* **Imports are all or nothing.** :meth:`CustomerArchive.import_file` checks
  every row first and writes inside one transaction; a bad row stops the
  import with a :class:`course.data.DataError` naming the row and the
  problem, and the archive is left exactly as it was.
* **Nothing is overwritten silently.** Every change (and every new record)
  writes who, when, the old and the new value to the ``history`` table.
* **The file is yours.** You pass the path; the default is
  ``~/.course/customer_archive.sqlite`` (or ``$COURSE_ARCHIVE``), never the
  kit's bundled ``datasets/`` folder.

>>> from course.archive import CustomerArchive
>>> archive = CustomerArchive.create("my_archive.sqlite")          # doctest: +SKIP
>>> archive.count(status="prospect")                               # doctest: +SKIP
166
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from course.data import DataError

__all__ = ["FIELDS", "CustomerArchive", "default_path"]

#: archive tables → (id column, {field: (SQL type, required)})
FIELDS: dict[str, tuple[str, dict[str, tuple[str, bool]]]] = {
    "customers": ("account_id", {
        "account_id": ("TEXT", True), "account_name": ("TEXT", True), "account_name_en": ("TEXT", False),
        "industry": ("TEXT", False), "city": ("TEXT", False), "city_en": ("TEXT", False),
        "employees": ("INTEGER", False), "size_band": ("TEXT", False), "status": ("TEXT", True),
        "owner_rep_id": ("TEXT", False), "last_contact_date": ("DATE", False), "first_order_date": ("DATE", False),
        "credit_rating": ("TEXT", False), "phone": ("TEXT", False), "email": ("TEXT", False),
    }),
    "contacts": ("contact_id", {
        "contact_id": ("TEXT", True), "account_id": ("TEXT", True), "contact_name": ("TEXT", True),
        "contact_name_en": ("TEXT", False), "title": ("TEXT", False), "title_en": ("TEXT", False),
        "buying_role": ("TEXT", False), "has_authority": ("BOOL", False), "personality_type": ("TEXT", False),
        "goal_type": ("TEXT", False), "phone": ("TEXT", False), "email": ("TEXT", False),
    }),
}
ALLOWED = {
    "status": ("customer", "prospect", "lost"),
    "size_band": ("small", "medium", "large"),
    "credit_rating": ("A", "B", "C", "D"),
    "buying_role": ("decider", "influencer", "buyer", "user", "gatekeeper"),
}
_TRUE = {"true", "yes", "y", "1", "是", "有"}
_FALSE = {"false", "no", "n", "0", "否", "无"}


def default_path() -> Path:
    """Where the archive lives when no path is given: ``$COURSE_ARCHIVE`` or ``~/.course/customer_archive.sqlite``."""
    env = os.environ.get("COURSE_ARCHIVE")
    return Path(env) if env else Path.home() / ".course" / "customer_archive.sqlite"


def _check_location(path: Path) -> None:
    from course.data import datasets_dir

    protected = [datasets_dir().resolve(), Path(__file__).resolve().parent]
    target = path.resolve()
    if any(target == p or p in target.parents for p in protected):
        raise DataError(
            f"{path}: the archive may not live inside the kit's own folders ({protected[0]}). "
            f"Fix: give a path in your working folder, e.g. 'my_archive.sqlite'.",
            f"{path}：客户档案库不能放在课程自带的文件夹里（{protected[0]}）。解决办法：换一个你自己工作目录下的路径，"
            f"例如 'my_archive.sqlite'。", source=str(path))


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean(table: str, field: str, value: Any) -> tuple[Any, tuple[str, str] | None]:
    """One value as stored, or the (en, zh) problem with it."""
    if _blank(value):
        return None, None
    kind = FIELDS[table][1][field][0]
    if kind == "INTEGER":
        number = pd.to_numeric(str(value).strip().replace(",", ""), errors="coerce") if isinstance(value, str) else value
        try:
            ok = float(number) == int(float(number)) and float(number) >= 0
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            return None, (f"'{field}' must be a whole number ≥ 0, but is {value!r}",
                          f"'{field}' 必须是不小于 0 的整数，这里却是 {value!r}")
        return int(float(number)), None
    if kind == "DATE":
        stamp = pd.to_datetime(value, errors="coerce") if not isinstance(value, pd.Timestamp) else value
        if pd.isna(stamp):
            return None, (f"'{field}' must be a date (YYYY-MM-DD), but is {value!r}",
                          f"'{field}' 必须是日期（YYYY-MM-DD），这里却是 {value!r}")
        return stamp.strftime("%Y-%m-%d"), None
    if kind == "BOOL":
        text = str(value).strip().lower().removesuffix(".0")
        if text in _TRUE or value is True:
            return 1, None
        if text in _FALSE or value is False:
            return 0, None
        return None, (f"'{field}' must be yes/no (true/false, 1/0, 是/否), but is {value!r}",
                      f"'{field}' 只能填 是/否（true/false、1/0），这里却是 {value!r}")
    text = str(value).strip()
    allowed = ALLOWED.get(field)
    if allowed and text not in allowed:
        return None, (f"'{field}' must be one of {', '.join(allowed)}, but is {text!r}",
                      f"'{field}' 只能是 {'、'.join(allowed)} 之一，这里却是 {text!r}")
    return text, None


class CustomerArchive:
    """A SQLite archive of customers (current, lost and prospects) and their contacts.

    Parameters
    ----------
    path : path-like, optional
        The archive file; created empty (with its tables) if it does not exist.
        Default :func:`default_path`.

    Examples
    --------
    >>> archive = CustomerArchive.create("/tmp/demo.sqlite", overwrite=True)     # doctest: +SKIP
    >>> archive.update("A0001", {"status": "lost"}, by="wang")                   # doctest: +SKIP
    >>> archive.history("A0001")[["field", "old_value", "new_value", "changed_by"]]  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        _check_location(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.executescript(self._schema())

    # ------------------------------------------------------------------ set-up
    @classmethod
    def create(cls, path: str | os.PathLike[str] | None = None, *, accounts: pd.DataFrame | None = None,
               contacts: pd.DataFrame | None = None, overwrite: bool = False, by: str = "setup") -> CustomerArchive:
        """A new archive filled from the bundled accounts and contacts (or the frames given).

        Refuses to replace an existing file unless ``overwrite=True``.
        """
        target = Path(path) if path is not None else default_path()
        _check_location(target)
        if target.exists():
            if not overwrite:
                raise DataError(
                    f"{target}: an archive already exists here. Fix: open it with CustomerArchive('{target}'), "
                    f"or pass overwrite=True to start again from the bundled data.",
                    f"{target}：这里已经有一个客户档案库。解决办法：用 CustomerArchive('{target}') 打开它，"
                    f"或传入 overwrite=True 用内置数据重新建库。", source=str(target))
            target.unlink()
        from course import data

        archive = cls(target)
        accounts = data.load("b2b_accounts") if accounts is None else accounts
        contacts = data.load("b2b_contacts") if contacts is None else contacts
        archive.import_frame(accounts, "customers", by=by, source="b2b_accounts", log=False)
        archive.import_frame(contacts, "contacts", by=by, source="b2b_contacts", log=False)
        return archive

    def _connect(self, readonly: bool = False) -> sqlite3.Connection:
        if readonly:
            con = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True)
        else:
            con = sqlite3.connect(self.path)
        con.execute("PRAGMA foreign_keys = ON")
        return con

    @staticmethod
    def _schema() -> str:
        parts = []
        for table, (key, fields) in FIELDS.items():
            cols = []
            for name, (kind, required) in fields.items():
                sql_type = {"DATE": "TEXT", "BOOL": "INTEGER"}.get(kind, kind)
                col = f"{name} {sql_type}" + (" NOT NULL" if required else "")
                if name == key:
                    col += " PRIMARY KEY"
                if name in ALLOWED:
                    col += f" CHECK ({name} IN ({', '.join(repr(v) for v in ALLOWED[name])}))"
                cols.append(col)
            if table == "contacts":
                cols.append("FOREIGN KEY (account_id) REFERENCES customers(account_id)")
            parts.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)});")
        parts.append("CREATE TABLE IF NOT EXISTS history (change_id INTEGER PRIMARY KEY AUTOINCREMENT, "
                     "table_name TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT, "
                     "new_value TEXT, changed_by TEXT NOT NULL, changed_at TEXT NOT NULL);")
        return "\n".join(parts)

    # ------------------------------------------------------------------ reading
    def query(self, sql: str, params: Iterable[Any] | Mapping[str, Any] = ()) -> pd.DataFrame:
        """Run a read-only SQL ``SELECT`` and return the rows as a DataFrame.

        >>> archive.query("SELECT city, COUNT(*) AS n FROM customers GROUP BY city")   # doctest: +SKIP
        """
        first = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if first not in {"SELECT", "WITH"}:
            raise DataError("query() only reads (SELECT …). Fix: use add(), update() or import_file() to change records.",
                            "query() 只能读取（SELECT …）。解决办法：修改档案请用 add()、update() 或 import_file()。")
        with closing(self._connect(readonly=True)) as con:
            try:
                return pd.read_sql_query(sql, con, params=params)
            except (sqlite3.Error, pd.errors.DatabaseError) as e:
                raise DataError(f"The query failed: {e}. Fix: check table and column names "
                                f"(tables: customers, contacts, history).",
                                f"查询出错：{e}。解决办法：检查表名和列名（表：customers、contacts、history）。") from e

    def find(self, table: str = "customers", **equals: Any) -> pd.DataFrame:
        """Records whose fields equal the values given, e.g. ``find(status="prospect", city="杭州")``."""
        key, fields = self._table(table)
        for name in equals:
            self._field(table, name)
        where = " AND ".join(f"{name} = ?" for name in equals) or "1 = 1"
        return self.query(f"SELECT * FROM {table} WHERE {where} ORDER BY {key}", list(equals.values()))

    def count(self, table: str = "customers", **equals: Any) -> int:
        """How many records match, e.g. ``count(status="customer")``."""
        return len(self.find(table, **equals))

    def get(self, record_id: str, table: str = "customers") -> dict[str, Any]:
        """One record as a dict (``DataError`` if the id is unknown)."""
        key, _ = self._table(table)
        found = self.query(f"SELECT * FROM {table} WHERE {key} = ?", [record_id])
        if found.empty:
            raise DataError(f"{table}: no record with {key} = {record_id!r}. Fix: check the id, or add() the record first.",
                            f"{table}：没有 {key} = {record_id!r} 的记录。解决办法：检查编号，或先用 add() 添加该记录。",
                            source=table, column=key)
        return {k: (None if _blank(v) else v) for k, v in found.iloc[0].items()}

    def history(self, record_id: str | None = None) -> pd.DataFrame:
        """The change log (oldest first), for one record or all."""
        if record_id is None:
            return self.query("SELECT * FROM history ORDER BY change_id")
        return self.query("SELECT * FROM history WHERE record_id = ? ORDER BY change_id", [record_id])

    # ------------------------------------------------------------------ writing
    def add(self, record: Mapping[str, Any], table: str = "customers", by: str = "unknown") -> None:
        """Add one new record; ``DataError`` if its id exists or a field is invalid."""
        frame = pd.DataFrame([dict(record)])
        self.import_frame(frame, table, by=by, source="add()", allow_update=False)

    def update(self, record_id: str, changes: Mapping[str, Any], by: str, table: str = "customers",
               when: str | None = None) -> dict[str, tuple[Any, Any]]:
        """Change fields of one record, keeping each old value in the history.

        Returns ``{field: (old, new)}`` for the fields that really changed.
        """
        key, _ = self._table(table)
        if key in changes and changes[key] != record_id:
            raise DataError(f"{table}: the id ({key}) cannot be changed. Fix: add a new record instead.",
                            f"{table}：编号（{key}）不能修改。解决办法：改为新增一条记录。", source=table, column=key)
        self.get(record_id, table)
        frame = pd.DataFrame([{key: record_id, **dict(changes)}])
        return self.import_frame(frame, table, by=by, source="update()", allow_insert=False, when=when)["changes"].get(record_id, {})

    def import_file(self, path: str | os.PathLike[str], table: str = "customers", *, by: str = "import",
                    columns: Mapping[str, str] | None = None, sheet: str | None = None) -> dict[str, Any]:
        """Import an Excel/CSV sheet (read with :func:`course.data.read_table`): all rows or none.

        New ids are added, known ids updated (old values to the history).
        Returns a summary: ``added``, ``updated``, ``unchanged``, ``ignored_columns``.
        """
        from course.data import read_table

        frame = read_table(path, columns=columns, sheet=sheet)
        return self.import_frame(frame, table, by=by, source=Path(path).name)

    def import_frame(self, frame: pd.DataFrame, table: str = "customers", *, by: str = "import", source: str = "<DataFrame>",
                     allow_insert: bool = True, allow_update: bool = True, when: str | None = None,
                     log: bool = True) -> dict[str, Any]:
        """The checked, all-or-nothing write behind :meth:`add`, :meth:`update` and :meth:`import_file`.

        Rows are numbered as in a spreadsheet: row 1 is the header, the first data row is row 2.
        """
        key, fields = self._table(table)
        if key not in frame.columns:
            raise DataError(f"{source}: the id column '{key}' is missing (columns: {', '.join(map(str, frame.columns))}). "
                            f"Fix: add it, or map your column with columns={{'your id column': '{key}'}}.",
                            f"{source}：缺少编号列 '{key}'（现有列：{'、'.join(map(str, frame.columns))}）。"
                            f"解决办法：补上该列，或用 columns={{'你的编号列': '{key}'}} 做映射。", source=source, column=key)
        known = [c for c in frame.columns if c in fields]
        ignored = [str(c) for c in frame.columns if c not in fields]
        stamp = when or datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        with closing(self._connect()) as con:
            existing = {r[0]: r for r in con.execute(f"SELECT * FROM {table}")}
            names = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
            accounts = {r[0] for r in con.execute("SELECT account_id FROM customers")}
            plan: list[tuple[str, str, dict[str, Any], dict[str, tuple[Any, Any]]]] = []
            seen: dict[str, int] = {}
            for pos, raw in enumerate(frame[known].itertuples(index=False, name=None)):
                row = pos + 2
                values = dict(zip(known, raw, strict=True))
                rid, problem = _clean(table, key, values.get(key))
                if rid is None and problem is None:
                    problem = (f"the id '{key}' is empty", f"编号 '{key}' 为空")
                if rid in seen:
                    problem = (f"id {rid!r} already appears in row {seen[rid]}", f"编号 {rid!r} 在第 {seen[rid]} 行已经出现过")
                clean: dict[str, Any] = {}
                for name in known:
                    if problem:
                        break
                    clean[name], problem = _clean(table, name, values[name])
                if not problem and rid in existing and not allow_update:
                    problem = (f"{key} {rid!r} is already in the archive (use update() to change it)",
                               f"{key} {rid!r} 已在档案中（要修改请用 update()）")
                if not problem and rid not in existing and not allow_insert:
                    problem = (f"{key} {rid!r} is not in the archive", f"档案中没有 {key} {rid!r}")
                if not problem and rid not in existing:
                    absent = [f for f, (_, req) in fields.items() if req and clean.get(f) is None]
                    if absent:
                        problem = (f"required field(s) {', '.join(absent)} empty for a new record",
                                   f"新记录的必填字段 {'、'.join(absent)} 为空")
                if not problem and table == "contacts" and clean.get("account_id") and clean["account_id"] not in accounts:
                    problem = (f"account_id {clean['account_id']!r} is not in the customers table",
                               f"客户表中没有 account_id {clean['account_id']!r}")
                if problem:
                    err = DataError(
                        f"{source}: row {row} (row 1 is the header): {problem[0]}. Nothing was imported — the archive "
                        f"is unchanged. Fix: correct row {row} and import the file again.",
                        f"{source}：第 {row} 行（第 1 行为表头）：{problem[1]}。本次没有导入任何数据，档案保持原样。"
                        f"解决办法：改正第 {row} 行后重新导入。", source=source, column=None)
                    err.row = row
                    raise err
                seen[rid] = row
                if rid in existing:
                    old = dict(zip(names, existing[rid], strict=True))
                    diff = {f: (old[f], v) for f, v in clean.items() if f != key and old.get(f) != v}
                    plan.append(("update", rid, clean, diff))
                else:
                    plan.append(("insert", rid, clean, {}))
            try:
                with con:  # one transaction: every row or none
                    for action, rid, clean, diff in plan:
                        if action == "insert":
                            cols = list(clean)
                            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                        [clean[c] for c in cols])
                            if log:
                                con.execute("INSERT INTO history (table_name, record_id, field, old_value, new_value, "
                                            "changed_by, changed_at) VALUES (?, ?, '*', NULL, 'added', ?, ?)", (table, rid, by, stamp))
                        elif diff:
                            con.execute(f"UPDATE {table} SET {', '.join(f'{f} = ?' for f in diff)} WHERE {key} = ?",
                                        [v for _, v in diff.values()] + [rid])
                            con.executemany("INSERT INTO history (table_name, record_id, field, old_value, new_value, "
                                            "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                            [(table, rid, f, _text(o), _text(n), by, stamp) for f, (o, n) in diff.items()])
            except sqlite3.Error as e:  # a constraint the checks above did not foresee
                raise DataError(f"{source}: the database refused the import ({e}). Nothing was imported — the archive is unchanged.",
                                f"{source}：数据库拒绝了本次导入（{e}）。没有导入任何数据，档案保持原样。", source=source) from e
        return {
            "added": sum(a == "insert" for a, *_ in plan),
            "updated": sum(a == "update" and bool(d) for a, _, _, d in plan),
            "unchanged": sum(a == "update" and not d for a, _, _, d in plan),
            "ignored_columns": ignored,
            "changes": {rid: d for a, rid, _, d in plan if d},
        }

    def export_excel(self, path: str | os.PathLike[str], tables: Iterable[str] = ("customers", "contacts", "history")) -> Path:
        """Write the archive to an Excel workbook, one sheet per table; returns the path."""
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise DataError(f"{target}: export to a .xlsx file. Fix: end the file name with .xlsx.",
                            f"{target}：请导出为 .xlsx 文件。解决办法：文件名以 .xlsx 结尾。", source=str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            for table in tables:
                frame = self.history() if table == "history" else self.find(table)
                frame.to_excel(writer, sheet_name=table, index=False)
        return target

    # ------------------------------------------------------------------ helpers
    def _table(self, table: str) -> tuple[str, dict[str, tuple[str, bool]]]:
        if table not in FIELDS:
            raise DataError(f"Unknown archive table {table!r}. Fix: use one of {', '.join(FIELDS)}.",
                            f"档案中没有表 {table!r}。解决办法：使用 {'、'.join(FIELDS)} 之一。", source=table)
        return FIELDS[table]

    def _field(self, table: str, name: str) -> None:
        if name not in FIELDS[table][1]:
            raise DataError(f"{table}: no field {name!r}. Fields: {', '.join(FIELDS[table][1])}.",
                            f"{table}：没有字段 {name!r}。现有字段：{'、'.join(FIELDS[table][1])}。", source=table, column=name)

    def __repr__(self) -> str:
        return f"CustomerArchive({self.path.name!r})"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
