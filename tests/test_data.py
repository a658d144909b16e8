"""Tests of course.data: bundled loaders and the robust reader of users' files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import data
from course.data import DataError, load, read_table, validate
from course.schemas import SCHEMAS, required_columns

ORDERS_HEADER = "order_id,account_id,order_date,amount"


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _has_zh(msg: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in msg)


def _assert_msg(err: pytest.ExceptionInfo[DataError], *parts: str) -> str:
    msg = str(err.value)
    for p in parts:
        assert p in msg, f"{p!r} not in {msg!r}"
    assert "Fix:" in msg and "解决办法" in msg
    en, zh = msg.split("\n", 1)
    assert "Fix:" in en and "解决办法" in zh
    assert _has_zh(zh)
    return msg


# ----------------------------------------------------------------- load()
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_load_every_dataset(name):
    df = load(name)
    assert len(df) > 0
    assert list(df.columns) == list(SCHEMAS[name]["columns"])
    for col, spec in SCHEMAS[name]["columns"].items():
        s = df[col]
        if spec["dtype"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(s), col
        elif spec["dtype"] == "bool":
            assert pd.api.types.is_bool_dtype(s), col
        elif spec["dtype"] == "int":
            assert pd.api.types.is_integer_dtype(s), col
        elif spec["dtype"] == "float":
            assert pd.api.types.is_float_dtype(s), col
        else:
            assert pd.api.types.is_string_dtype(s), col
    key = SCHEMAS[name]["key"]
    if key:
        assert df[key].is_unique


def test_load_specific_dtypes():
    leads = load("b2b_leads")
    assert leads["converted"].dtype == bool
    assert leads["lead_id"].iloc[0] == "L00001"
    tickets = load("b2b_tickets")
    assert tickets["satisfied"].isna().any()  # nullable boolean


def test_load_unknown_name_suggests():
    with pytest.raises(DataError) as e:
        load("b2b_order")
    msg = str(e.value)
    assert "b2b_orders" in msg and "Did you mean" in msg and "解决办法" in msg


def test_load_uses_env_var(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATASETS", str(tmp_path))
    assert data.datasets_dir() == tmp_path
    with pytest.raises(DataError, match="b2b_reps.csv"):
        load("b2b_reps")
    (tmp_path / "b2b_reps.csv").write_text(
        "rep_id,rep_name,rep_name_en,hired_date,left_date,active\nR01,王一,Wang Yi,2020-01-01,,true\n",
        encoding="utf-8")
    assert load("b2b_reps")["active"].tolist() == [True]


def test_no_io_at_import(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "COURSE_DATASETS": str(tmp_path / "does-not-exist")}
    code = "import course.data, sys; sys.exit(0)"
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0


# ----------------------------------------------------------------- read_table: files
def test_missing_file(tmp_path):
    with pytest.raises(DataError) as e:
        read_table(tmp_path / "nope.csv")
    _assert_msg(e, "nope.csv", "not found")


def test_directory_instead_of_file(tmp_path):
    d = tmp_path / "orders.csv"
    d.mkdir()
    with pytest.raises(DataError) as e:
        read_table(d)
    _assert_msg(e, "orders.csv", "folder")


def test_empty_file(tmp_path):
    with pytest.raises(DataError) as e:
        read_table(_csv(tmp_path / "orders.csv", ""))
    _assert_msg(e, "orders.csv", "empty")


def test_header_only_file(tmp_path):
    with pytest.raises(DataError) as e:
        read_table(_csv(tmp_path / "orders.csv", ORDERS_HEADER + "\n"))
    _assert_msg(e, "orders.csv", "no data rows")


def test_unsupported_extension(tmp_path):
    with pytest.raises(DataError) as e:
        read_table(_csv(tmp_path / "orders.json", "{}"))
    _assert_msg(e, "orders.json", ".json", ".xlsx")


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "orders.csv"
    p.write_bytes(b"a,b\n\x80\xff\x80\xff,\xff\xfe\n")
    with pytest.raises(DataError) as e:
        read_table(p)
    _assert_msg(e, "orders.csv", "UTF-8", "GBK")


def test_gbk_csv_with_chinese_headers(tmp_path):
    p = _csv(tmp_path / "订单.csv", "订单号,客户,下单日期,金额\nO1,A1,2026-01-05,100.5\nO2,A2,2026/02/06,20\n",
             encoding="gbk")
    df = read_table(p, columns={"订单号": "order_id", "客户": "account_id", "下单日期": "order_date",
                                "金额": "amount"}, schema="b2b_orders")
    assert df["order_date"].tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-02-06")]
    assert df["amount"].tolist() == [100.5, 20.0]
    # without the mapping the error names the file, the missing column and the fix
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2b_orders")
    _assert_msg(e, "订单.csv", "'order_id'", "订单号", "columns=")


def test_gb18030_csv(tmp_path):
    p = _csv(tmp_path / "o.csv", "名称,值\n𠀀字,1\n", encoding="gb18030")
    assert read_table(p)["名称"].iloc[0] == "𠀀字"


def test_bom_csv(tmp_path):
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + "\nO1,A1,2026-01-05,12\n", encoding="utf-8-sig")
    df = read_table(p, schema="b2b_orders")
    assert list(df.columns) == ["order_id", "account_id", "order_date", "amount"]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_sniffed_separators(tmp_path, sep):
    text = ORDERS_HEADER.replace(",", sep) + "\n" + sep.join(["O1", "A1", "2026-01-05", "12.5"]) + "\n"
    df = read_table(_csv(tmp_path / "orders.csv", text), schema="b2b_orders")
    assert df["amount"].iloc[0] == 12.5


def test_missing_required_column_suggests(tmp_path):
    p = _csv(tmp_path / "orders.csv", "order_id,account_id,orderdate,amount\nO1,A1,2026-01-05,1\n")
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2b_orders")
    msg = _assert_msg(e, "orders.csv", "'order_date'", "Did you mean 'orderdate'", "columns={'orderdate': 'order_date'}")
    assert "缺少列 'order_date'" in msg
    assert e.value.column == "order_date"


def test_mapping_key_absent(tmp_path):
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + "\nO1,A1,2026-01-05,1\n")
    with pytest.raises(DataError) as e:
        read_table(p, columns={"amout": "amount"})
    _assert_msg(e, "orders.csv", "'amout'", "Did you mean 'amount'")


def test_mapping_from_yaml(tmp_path):
    p = _csv(tmp_path / "orders.csv", "单号,客户,日期,金额\nO1,A1,2026-01-05,1\n")
    y = tmp_path / "map.yaml"
    y.write_text("columns:\n  单号: order_id\n  客户: account_id\n  日期: order_date\n  金额: amount\n",
                 encoding="utf-8")
    df = read_table(p, columns=y, schema="b2b_orders")
    assert df["order_id"].tolist() == ["O1"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_table(p, columns=bad)
    _assert_msg(e, "bad.yaml")


def test_unparseable_dates_name_rows(tmp_path):
    p = _csv(tmp_path / "orders.csv",
             ORDERS_HEADER + "\nO1,A1,2026-01-05,1\nO2,A1,yesterday,2\nO3,A1,2026-13-45,3\n")
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2b_orders")
    msg = _assert_msg(e, "orders.csv", "'order_date'", "rows 3, 4", "'yesterday'", "YYYY-MM-DD")
    assert "第 3、4 行" in msg


def test_chinese_and_slash_dates_parse(tmp_path):
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + "\nO1,A1,2026年1月5日,1\nO2,A1,2026/1/6,2\n")
    df = read_table(p, schema="b2b_orders")
    assert df["order_date"].dt.day.tolist() == [5, 6]


def test_thousands_separators_are_read_and_said_and_the_option_still_works(tmp_path):
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + '\nO1,A1,2026-01-05,"12,345.60"\nO2,A1,2026-01-06,"¥1,200"\n')
    df = read_table(p, schema="b2b_orders")
    assert df["amount"].tolist() == [12345.6, 1200.0]
    assert "2 cells of column 'amount' were written with a currency sign or thousands separators" in df.attrs[
        "read_notes"][0]["en"]
    df = read_table(p, schema="b2b_orders", thousands=",")
    assert df["amount"].tolist() == [12345.6, 1200.0]
    # beside other text the column is refused, naming only the cell it cannot read (not the readable 12,345.60)
    p = _csv(tmp_path / "odd.csv", ORDERS_HEADER + '\nO1,A1,2026-01-05,"12,345.60"\nO2,A1,2026-01-06,twelve\n')
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2b_orders")
    msg = _assert_msg(e, "odd.csv", "'amount'", "in row 3", "'twelve'")
    assert "12,345.60" not in msg and "rows 2" not in msg


def test_non_numeric_values_name_rows(tmp_path):
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + "\nO1,A1,2026-01-05,abc\nO2,A1,2026-01-06,5\n")
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2b_orders")
    msg = _assert_msg(e, "orders.csv", "'amount'", "row", "'abc'")
    assert "thousands" not in msg


def test_bad_bool_and_int(tmp_path):
    p = _csv(tmp_path / "tx.csv", "txn_id,member_id,txn_date,amount,discount_used\nX1,M1,2026-01-01,5,maybe\n")
    with pytest.raises(DataError) as e:
        read_table(p, schema="b2c_transactions")
    _assert_msg(e, "tx.csv", "'discount_used'", "true/false")
    p2 = _csv(tmp_path / "m.csv", "member_id,join_date,age\nM1,2020-01-01,3.5\n")
    with pytest.raises(DataError) as e:
        read_table(p2, schema="b2c_members")
    _assert_msg(e, "m.csv", "'age'", "whole numbers")


def test_bool_variants(tmp_path):
    p = _csv(tmp_path / "tx.csv",
             "txn_id,member_id,txn_date,amount,discount_used\nX1,M1,2026-01-01,5,是\nX2,M1,2026-01-01,5,0\nX3,M1,2026-01-01,5,TRUE\n")
    df = read_table(p, schema="b2c_transactions")
    assert df["discount_used"].tolist() == [True, False, True]


def test_excel_two_sheets(tmp_path):
    p = tmp_path / "orders.xlsx"
    good = pd.DataFrame({"order_id": ["O1"], "account_id": ["A1"],
                         "order_date": [pd.Timestamp("2026-01-05")], "amount": [10.0]})
    with pd.ExcelWriter(p, engine="openpyxl") as w:
        pd.DataFrame({"note": ["readme"]}).to_excel(w, sheet_name="说明", index=False)
        good.to_excel(w, sheet_name="2025", index=False)
    df = read_table(p, sheet="2025", schema="b2b_orders")
    assert df["order_date"].iloc[0] == pd.Timestamp("2026-01-05")
    assert read_table(p).columns.tolist() == ["note"]  # first sheet by default
    with pytest.raises(DataError) as e:
        read_table(p, sheet="2024")
    _assert_msg(e, "orders.xlsx", "'2024'", "说明", "2025", "sheet=")


def test_excel_header_only_and_corrupt(tmp_path):
    p = tmp_path / "empty.xlsx"
    pd.DataFrame(columns=["order_id", "amount"]).to_excel(p, index=False)
    with pytest.raises(DataError) as e:
        read_table(p)
    _assert_msg(e, "empty.xlsx", "no data rows")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(DataError) as e:
        read_table(bad)
    _assert_msg(e, "bad.xlsx", ".xlsx")


def test_sqlite_two_tables(tmp_path):
    p = tmp_path / "crm.db"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE orders (order_id TEXT, account_id TEXT, order_date TEXT, amount REAL)")
    con.execute("INSERT INTO orders VALUES ('O1', 'A1', '2026-01-05', 99.5)")
    con.execute("CREATE TABLE accounts (account_id TEXT, account_name TEXT, status TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DataError) as e:
        read_table(p)
    _assert_msg(e, "crm.db", "accounts", "orders", "table=")
    with pytest.raises(DataError) as e:
        read_table(p, table="order")
    _assert_msg(e, "crm.db", "'order'", "Did you mean 'orders'")
    df = read_table(p, table="orders", schema="b2b_orders")
    assert df["amount"].iloc[0] == 99.5 and df["order_date"].iloc[0] == pd.Timestamp("2026-01-05")
    with pytest.raises(DataError) as e:
        read_table(p, table="accounts")
    _assert_msg(e, "crm.db", "no data rows")


def test_not_a_sqlite_file(tmp_path):
    p = tmp_path / "crm.sqlite"
    p.write_bytes(b"this is not a database, just some text " * 20)
    with pytest.raises(DataError) as e:
        read_table(p)
    _assert_msg(e, "crm.sqlite", "SQLite")


def test_ragged_csv_wrapped(tmp_path):
    p = _csv(tmp_path / "orders.csv", 'a,b\n1,2\n3,4,5,6\n"unclosed,7\n')
    with pytest.raises(DataError) as e:
        read_table(p)
    _assert_msg(e, "orders.csv")


def test_unknown_schema():
    with pytest.raises(DataError) as e:
        validate(pd.DataFrame({"a": [1]}), "b2b_order")
    assert "b2b_orders" in str(e.value)


def test_validate_in_memory():
    df = pd.DataFrame({"txn_id": ["X1"], "member_id": ["M1"], "txn_date": ["2026-01-02"],
                       "amount": ["12.5"], "extra": [1]})
    out = validate(df, "b2c_transactions")
    assert out["amount"].iloc[0] == 12.5
    assert out["txn_date"].iloc[0] == pd.Timestamp("2026-01-02")
    assert "extra" in out.columns
    with pytest.raises(DataError) as e:
        validate(df.drop(columns="amount"), "b2c_transactions")
    _assert_msg(e, "<DataFrame>", "'amount'")


def test_required_columns_are_enough():
    for name in SCHEMAS:
        cols = required_columns(name)
        assert cols, name


def test_data_error_is_value_error():
    assert issubclass(DataError, ValueError)


# ----------------------------------------------------------------- hypothesis
_amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(value=_amounts, currency=st.sampled_from(["", "¥", "$", "￥"]), neg=st.booleans())
def test_thousands_roundtrip(value, currency, neg):
    text = f"{currency}{'-' if neg else ''}{value:,.2f}"
    df = pd.DataFrame({"txn_id": ["X1"], "member_id": ["M1"], "txn_date": ["2026-01-02"], "amount": [text]})
    out = validate(df, "b2c_transactions", thousands=",")
    expect = float(value) * (-1 if neg else 1)
    assert out["amount"].iloc[0] == pytest.approx(expect)
    if "," in text or currency:  # read without the option too, and said
        out = validate(df, "b2c_transactions")
        assert out["amount"].iloc[0] == pytest.approx(expect)
        assert "with a currency sign or thousands separators" in out.attrs["read_notes"][0]["en"]


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2040-12-31").date()),
       st.sampled_from(["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{d.year}年{d.month}月{d.day}日"]))
def test_date_formats_roundtrip(d, fmt):
    text = fmt.format(d, d=d)
    df = pd.DataFrame({"txn_id": ["X1"], "member_id": ["M1"], "txn_date": [text], "amount": [1]})
    assert validate(df, "b2c_transactions")["txn_date"].iloc[0] == pd.Timestamp(d)


def test_missing_column_does_not_suggest_a_column_already_used_by_the_kit(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("account_id,order_date,amount\nA1,2026-01-05,10\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path, schema="b2b_orders")
    assert "order_id" in str(info.value)
    assert "Did you mean 'order_date'" not in str(info.value)


def test_padded_and_blank_cells_take_the_same_way_as_clean_ones(tmp_path):
    # numbers and dates skip stripping when they parse as they are; padded, blank and "nan" cells still behave
    p = _csv(tmp_path / "orders.csv", ORDERS_HEADER + '\nO1, A1 ,2026-01-05," 12.5 "\nO2,A1," 2026-01-06 ","   "\n'
             'O3,A1,2026-01-07,7\n')
    df = read_table(p, schema="b2b_orders")
    assert df["amount"].tolist()[0] == 12.5 and pd.isna(df["amount"].iloc[1]) and df["amount"].iloc[2] == 7
    assert df["order_date"].dt.day.tolist() == [5, 6, 7]
    assert df["account_id"].tolist() == ["A1", "A1", "A1"]
    spelled = _csv(tmp_path / "nan.csv", ORDERS_HEADER + "\nO1,A1,2026-01-05,nan\nO2,A1,2026-01-06,5\n")
    with pytest.raises(DataError) as e:
        read_table(spelled, schema="b2b_orders")
    _assert_msg(e, "nan.csv", "'amount'", "row 2", "'nan'")


def test_number_columns_parsed_by_the_reader_fall_back_to_text_for_any_bad_cell(tmp_path):
    rows = "".join(f"O{i},A1,2026-01-05,{i % 97}.5\n" for i in range(60_000))
    clean = _csv(tmp_path / "orders.csv", ORDERS_HEADER + "\n" + rows)
    assert read_table(clean, numeric={"amount"})["amount"].dtype == "float64"
    assert read_table(clean)["amount"].dtype != "float64"  # without schema or hint every cell stays text
    # a bad cell far down (in a later chunk of the parser) keeps the spelling of every cell and is named by row
    late = _csv(tmp_path / "late.csv", ORDERS_HEADER + "\n" + rows + "O-x,A1,2026-01-06,12 yuan\n")
    raw = read_table(late, numeric={"amount"})
    assert raw["amount"].iloc[0] == "0.5" and raw["amount"].iloc[-1] == "12 yuan"
    with pytest.raises(DataError) as e:
        read_table(late, schema="b2b_orders")
    _assert_msg(e, "late.csv", "'amount'", "row 60002", "'12 yuan'")
