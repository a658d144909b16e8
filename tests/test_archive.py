"""The SQLite customer archive: create, add, update with history, query, all-or-nothing import, export."""

from __future__ import annotations

import hashlib
import sqlite3

import pandas as pd
import pytest

from course import data
from course.archive import CustomerArchive, default_path
from course.data import DataError

ACCOUNTS = pd.DataFrame({
    "account_id": ["A1", "A2", "A3"],
    "account_name": ["甲公司", "乙学校", "丙医院"],
    "industry": ["retail", "education", "healthcare"],
    "city": ["杭州", "宁波", "杭州"],
    "employees": [20, 300, 800],
    "status": ["customer", "prospect", "lost"],
})
CONTACTS = pd.DataFrame({"contact_id": ["C1", "C2"], "account_id": ["A1", "A2"], "contact_name": ["王伟", "李娜"],
                         "buying_role": ["decider", "user"], "has_authority": [True, False]})


@pytest.fixture
def archive(tmp_path):
    return CustomerArchive.create(tmp_path / "archive.sqlite", accounts=ACCOUNTS, contacts=CONTACTS)


def _digest(archive: CustomerArchive) -> str:
    """The full content of every table, to prove nothing changed."""
    with sqlite3.connect(archive.path) as con:
        dump = "\n".join(con.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


def test_create_from_the_bundled_data(tmp_path):
    archive = CustomerArchive.create(tmp_path / "full.sqlite")
    accounts = data.load("b2b_accounts")
    assert archive.count() == len(accounts)
    assert archive.count(status="prospect") == int((accounts["status"] == "prospect").sum())
    assert archive.count("contacts") == len(data.load("b2b_contacts"))
    assert archive.history().empty  # set-up rows are not logged as changes
    with pytest.raises(DataError, match="already exists"):
        CustomerArchive.create(tmp_path / "full.sqlite")


def test_the_archive_never_lives_in_the_kit_folders(monkeypatch, tmp_path):
    with pytest.raises(DataError, match="kit's own folders"):
        CustomerArchive(data.datasets_dir() / "archive.sqlite")
    monkeypatch.setenv("COURSE_ARCHIVE", str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("COURSE_ARCHIVE")
    assert default_path().parent.name == ".course"


def test_add_and_query(archive):
    archive.add({"account_id": "A4", "account_name": "丁酒店", "city": "杭州", "employees": "45", "status": "prospect"}, by="zhang")
    record = archive.get("A4")
    assert record["employees"] == 45 and record["status"] == "prospect"
    assert archive.count(city="杭州") == 3
    found = archive.query("SELECT account_id FROM customers WHERE city = ? ORDER BY account_id", ["杭州"])
    assert found["account_id"].tolist() == ["A1", "A3", "A4"]
    log = archive.history("A4")
    assert log[["field", "new_value", "changed_by"]].iloc[0].tolist() == ["*", "added", "zhang"]
    with pytest.raises(DataError, match="already in the archive"):
        archive.add({"account_id": "A4", "account_name": "again", "status": "prospect"})
    with pytest.raises(DataError, match="status"):
        archive.add({"account_id": "A5", "account_name": "x", "status": "friend"})


def test_update_keeps_the_old_value_in_the_history(archive):
    changes = archive.update("A2", {"status": "customer", "employees": 320, "city": "宁波"}, by="li", when="2026-06-30 09:00:00")
    assert changes == {"status": ("prospect", "customer"), "employees": (300, 320)}  # city did not change
    assert archive.get("A2")["status"] == "customer"
    log = archive.history("A2")
    assert log[["field", "old_value", "new_value", "changed_by", "changed_at"]].values.tolist() == [
        ["status", "prospect", "customer", "li", "2026-06-30 09:00:00"],
        ["employees", "300", "320", "li", "2026-06-30 09:00:00"],
    ]
    archive.update("A2", {"status": "lost"}, by="wang")
    assert archive.history("A2")["old_value"].tolist()[-1] == "customer"
    assert archive.update("A2", {"status": "lost"}, by="wang") == {}  # no change, no history row
    assert len(archive.history("A2")) == 3


def test_update_errors(archive):
    with pytest.raises(DataError, match="no record"):
        archive.update("A99", {"status": "lost"}, by="x")
    with pytest.raises(DataError, match="cannot be changed"):
        archive.update("A1", {"account_id": "B1"}, by="x")
    with pytest.raises(DataError, match="whole number"):
        archive.update("A1", {"employees": -5}, by="x")


def test_query_is_read_only(archive):
    with pytest.raises(DataError, match="only reads"):
        archive.query("DELETE FROM customers")
    with pytest.raises(DataError, match="failed"):
        archive.query("SELECT nope FROM customers")
    assert archive.count() == 3


def test_import_excel_adds_and_updates_with_history(archive, tmp_path):
    sheet = pd.DataFrame({"编号": ["A1", "A6"], "名称": ["甲公司", "戊工厂"], "人数": [25, 150], "状态": ["customer", "prospect"],
                          "备注": ["vip", ""]})
    path = tmp_path / "list.xlsx"
    sheet.to_excel(path, index=False)
    mapping = {"编号": "account_id", "名称": "account_name", "人数": "employees", "状态": "status"}
    result = archive.import_file(path, columns=mapping, by="import-bot")
    assert (result["added"], result["updated"], result["unchanged"]) == (1, 1, 0)
    assert result["ignored_columns"] == ["备注"]
    assert archive.get("A1")["employees"] == 25 and archive.get("A6")["account_name"] == "戊工厂"
    assert archive.history("A1")[["old_value", "new_value"]].values.tolist() == [["20", "25"]]


def test_a_bad_row_stops_the_import_and_leaves_the_archive_identical(archive, tmp_path):
    before = _digest(archive)
    sheet = pd.DataFrame({"account_id": ["A7", "A1", "A8", "A9"], "account_name": ["a", "甲公司", "c", "d"],
                          "employees": [10, 99, "about 50", 5], "status": ["prospect", "customer", "prospect", "prospect"]})
    path = tmp_path / "bad.xlsx"
    sheet.to_excel(path, index=False)
    with pytest.raises(DataError) as info:
        archive.import_file(path)
    assert info.value.row == 4  # header is row 1, so the third data row is row 4
    assert "row 4" in info.value.en and "第 4 行" in info.value.zh and "employees" in info.value.en
    assert "unchanged" in info.value.en
    assert _digest(archive) == before  # nothing added, A1 not updated, no history


@pytest.mark.parametrize(("rows", "problem", "row"), [
    ({"account_id": ["A7", "A7"], "account_name": ["a", "b"], "status": ["prospect", "prospect"]}, "already appears in row 2", 3),
    ({"account_id": ["A7", ""], "account_name": ["a", "b"], "status": ["prospect", "prospect"]}, "id 'account_id' is empty", 3),
    ({"account_id": ["A7"], "account_name": [""], "status": ["prospect"]}, "required field", 2),
    ({"account_id": ["A7"], "account_name": ["a"], "status": ["prospect"], "last_contact_date": ["yesterday"]}, "date", 2),
    ({"account_id": ["A7"], "account_name": ["a"], "status": ["prospect"], "size_band": ["huge"]}, "size_band", 2),
])
def test_each_kind_of_bad_row_is_named(archive, tmp_path, rows, problem, row):
    before = _digest(archive)
    path = tmp_path / "rows.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(DataError, match=problem) as info:
        archive.import_file(path)
    assert info.value.row == row
    assert _digest(archive) == before


def test_contacts_must_belong_to_a_known_account(archive, tmp_path):
    before = _digest(archive)
    frame = pd.DataFrame({"contact_id": ["C3", "C4"], "account_id": ["A1", "A404"], "contact_name": ["赵", "钱"]})
    with pytest.raises(DataError, match="A404") as info:
        archive.import_frame(frame, "contacts")
    assert info.value.row == 3
    assert _digest(archive) == before
    assert archive.import_frame(frame.iloc[:1], "contacts")["added"] == 1
    assert archive.count("contacts", account_id="A1") == 2


def test_missing_id_column_and_unknown_table(archive):
    with pytest.raises(DataError, match="id column 'account_id' is missing"):
        archive.import_frame(pd.DataFrame({"name": ["x"]}))
    with pytest.raises(DataError, match="Unknown archive table"):
        archive.find("orders")
    with pytest.raises(DataError, match="no field"):
        archive.find(colour="red")


def test_export_to_excel_round_trips(archive, tmp_path):
    archive.update("A1", {"city": "上海"}, by="li")
    path = archive.export_excel(tmp_path / "out" / "archive.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert set(sheets) == {"customers", "contacts", "history"}
    assert sheets["customers"].set_index("account_id").loc["A1", "city"] == "上海"
    assert sheets["history"]["old_value"].tolist() == ["杭州"]
    with pytest.raises(DataError, match="xlsx"):
        archive.export_excel(tmp_path / "out.csv")
    # an exported sheet imports back without changing anything
    before = _digest(archive)
    result = archive.import_file(path, sheet="customers")
    assert result["updated"] == 0 and result["unchanged"] == 3
    assert _digest(archive) == before
