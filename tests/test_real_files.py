"""Files as people export them: encodings decided by evidence, date orders, ids stored as numbers, basket lists.

Expectations come from how each file was written (the bytes, the generator's truth), never from the reader.
"""

from __future__ import annotations

import codecs
import re

import pandas as pd
import pytest

from course import data, messy_exports, sniff
from course.data import DataError, read_table

CJK = re.compile(r"[\u3400-\u9fff]")


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- encodings
def test_latin_text_that_gbk_could_decode_is_read_as_western_european(tmp_path):
    text = "name,city,note\nÉLAN Ça,Éire,Ébène\nÇA VA,Ïle,Éclair\n"
    raw = text.encode("cp1252")
    # the trap: every byte of this file is valid GBK, and decoding it so gives Chinese-looking nonsense
    assert _decodes(raw, "gbk") and CJK.search(raw.decode("gbk"))
    frame = read_table(_write(tmp_path / "people.csv", text, "cp1252"))
    assert frame["name"].tolist() == ["ÉLAN Ça", "ÇA VA"] and frame["note"].tolist() == ["Ébène", "Éclair"]
    assert frame.attrs["encoding"] == "cp1252"
    assert not any(CJK.search(v) for v in frame.astype(str).to_numpy().ravel())
    assert any("Windows-1252" in n["en"] for n in frame.attrs["read_notes"])
    mixed = read_table(_write(tmp_path / "shop.csv", "item,price\ncrème brûlée,£2.55\nSociété mug,3\n", "cp1252"))
    assert mixed["item"].tolist() == ["crème brûlée", "Société mug"] and mixed["price"].iloc[0] == "£2.55"


def _decodes(raw, enc):
    try:
        raw.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def test_the_trap_is_real():
    raw = "ÉLAN Ça\n".encode("cp1252")
    assert _decodes(raw, "gbk") and CJK.search(raw.decode("gbk"))  # what a "first that decodes" reader showed


def test_chinese_files_are_still_read_as_gbk(tmp_path):
    frame = read_table(_write(tmp_path / "客户.csv", "客户,城市,金额\n华信办公,杭州,100\n悦享生活,宁波,20\n", "gbk"))
    assert frame["城市"].tolist() == ["杭州", "宁波"] and frame.attrs["encoding"] == "gb18030"
    assert sniff.guess_encoding("会员\n李玲雪\n".encode("gbk")).encoding == "gb18030"


def test_utf16_unicode_text_from_excel(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "客户\t金额\nA1\t5\n".encode("utf-16-le"))
    frame = read_table(path)
    assert frame.columns.tolist() == ["客户", "金额"] and frame["金额"].tolist() == ["5"]
    assert frame.attrs["encoding"] == "utf-16"


def test_nonsense_bytes_are_refused_with_the_fix(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(bytes(range(128, 256)) * 4 + b"\n")
    with pytest.raises(DataError) as e:
        read_table(path)
    assert "cannot tell the text encoding" in e.value.en and "CSV UTF-8" in e.value.en and "encoding=" in e.value.en
    assert "无法判断文本编码" in e.value.zh


def test_a_given_encoding_is_used_or_refused(tmp_path):
    path = _write(tmp_path / "x.csv", "a\nCafé\n", "cp1252")
    assert read_table(path, encoding="latin_1")["a"].iloc[0] == "Café"
    with pytest.raises(DataError, match="not valid utf-8"):
        read_table(path, encoding="utf-8")
    with pytest.raises(DataError, match="not a text encoding"):
        read_table(path, encoding="klingon")


def test_generated_retail_export_reads_back_exactly(tmp_path):
    lines, truth = messy_exports.retail_lines(invoices=600, seed=3)
    path = messy_exports.write_retail_csv(lines, tmp_path / "online_retail.csv")
    frame = read_table(path, columns=messy_exports.RETAIL_MAPPING["b2b_orders"])
    assert len(frame) == truth["rows"] and frame.attrs["encoding"] == "cp1252"
    assert set(frame["product_name"]) == set(lines["Description"])  # accented descriptions intact
    assert any("É" in d or "È" in d for d in frame["product_name"])


# --------------------------------------------------------------------------- dates
ORDERS = "order_id,account_id,order_date,amount\n"


def test_us_dates_with_times_are_read_month_first_and_said(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,12/1/2025 8:26,5\n2,a,12/13/2025 18:02,6\n3,b,1/2/2026 9:00,1\n")
    frame = read_table(path, schema="b2b_orders")
    assert frame["order_date"].tolist() == [pd.Timestamp("2025-12-01 08:26"), pd.Timestamp("2025-12-13 18:02"),
                                            pd.Timestamp("2026-01-02 09:00")]
    note = " ".join(n["en"] for n in frame.attrs["read_notes"])
    assert "month/day/year" in note and "--dayfirst" in note


def test_day_first_dates_are_read_day_first(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,25/03/2025,5\n2,a,02/04/2025,6\n")
    frame = read_table(path, schema="b2b_orders")
    assert frame["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-25", "2025-04-02"]


def test_ambiguous_dates_ask_for_the_order_instead_of_guessing(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,03/04/2025,5\n2,a,05/06/2025,6\n")
    with pytest.raises(DataError) as e:
        read_table(path, schema="b2b_orders")
    assert "day or the month comes first" in e.value.en and "--dayfirst" in e.value.en and "'order_date'" in e.value.en
    assert "missing required columns" not in e.value.en
    assert read_table(path, schema="b2b_orders", dayfirst=True)["order_date"].iloc[0] == pd.Timestamp("2025-04-03")
    assert read_table(path, schema="b2b_orders", dayfirst=False)["order_date"].iloc[0] == pd.Timestamp("2025-03-04")


def test_mixed_date_orders_name_rows_of_each(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,25/03/2025,5\n2,a,03/25/2025,6\n")
    with pytest.raises(DataError) as e:
        read_table(path, schema="b2b_orders")
    assert "mixes date orders" in e.value.en and "rows 2" in e.value.en and "rows 3" in e.value.en


def test_impossible_dates_are_still_named_by_row(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,13/13/2025,5\n")
    with pytest.raises(DataError) as e:
        read_table(path, schema="b2b_orders")
    assert "'order_date'" in e.value.en


# --------------------------------------------------------------------------- ids, rows
def test_ids_stored_as_numbers_come_back_as_typed(tmp_path):
    text = _write(tmp_path / "o.csv", ORDERS + "1,17850.0,2025-01-02,5\n2,,2025-01-03,6\n")
    frame = read_table(text, schema="b2b_orders")
    assert frame["account_id"].iloc[0] == "17850" and pd.isna(frame["account_id"].iloc[1])
    book = tmp_path / "o.xlsx"
    pd.DataFrame({"order_id": [1, 2], "account_id": [17850, None], "order_date": ["2025-01-02", "2025-01-03"],
                  "amount": [5, 6]}).to_excel(book, index=False)
    frame = read_table(book, schema="b2b_orders")
    assert frame["account_id"].iloc[0] == "17850" and frame["order_id"].tolist() == ["1", "2"]


def test_file_rows_survive_filtering(tmp_path):
    path = _write(tmp_path / "o.csv", ORDERS + "1,a,2025-01-02,5\n2,,2025-01-03,6\n3,b,2025-01-04,\n4,,2025-01-05,1\n")
    frame = read_table(path, schema="b2b_orders")
    kept = frame.loc[frame["amount"].notna()]
    rows, kind = data.file_rows(kept, kept["account_id"].isna())
    assert (rows, kind) == ([3, 5], "file")  # the header is row 1
    assert data.file_rows(pd.DataFrame({"a": [None]}), [True]) == ([0], "index")


# --------------------------------------------------------------------------- basket lists
def test_one_basket_per_line_is_read_as_baskets(tmp_path):
    text, truth = messy_exports.basket_list(baskets=300)
    frame = read_table(_write(tmp_path / "groceries.csv", text))
    assert frame.attrs["shape"] == "basket_list" and list(frame.columns) == ["txn_id", "item"]
    assert frame["txn_id"].nunique() == truth["baskets"]
    assert frame["item"].value_counts().to_dict() == truth["items"]


def test_prose_and_regular_tables_are_not_baskets():
    assert not sniff.looks_like_basket_list(messy_exports.NOTES_TEXT)
    assert not sniff.looks_like_basket_list("a,b,c\n1,2,3\n4,5,6\n")
    assert sniff.looks_like_basket_list("milk,bread\nbread\nmilk,eggs,bread\n")


def test_blank_amounts_are_named_by_the_file_row_not_the_index(tmp_path):
    from course import records

    path = _write(tmp_path / "orders.csv", ORDERS + "1,a,2025-01-02,5\n2,,2025-01-03,6\n3,b,2025-01-04,\n4,c,2025-01-05,1\n")
    frame = read_table(path, schema="b2b_orders")
    kept = frame.loc[frame["account_id"].notna()]  # cut before the analysis: the index no longer counts rows
    with pytest.raises(DataError) as e:
        records.pareto_table(kept)
    assert "rows 4 of orders.csv" in e.value.en and "orders.csv 的第 4 行" in e.value.zh
    with pytest.raises(DataError) as e:
        records.pareto_table(pd.DataFrame({"account_id": ["a", "b"], "amount": [1.0, None]}))
    assert "index 1" in e.value.en


# --------------------------------------------------------------------------- money written as text
def test_money_written_with_a_currency_sign_and_thousands_is_read_and_said(tmp_path):
    rows = ['1,a,2025-01-02,£56.12', '2,a,2025-01-03,"£1,234.50"', '3,b,2025-01-04,-£5.00', '4,b,2025-01-05,£-7']
    frame = read_table(_write(tmp_path / "o.csv", ORDERS + "\n".join(rows) + "\n"), schema="b2b_orders")
    assert frame["amount"].tolist() == [56.12, 1234.5, -5.0, -7.0]
    notes = frame.attrs["read_notes"]
    en, zh = " ".join(n["en"] for n in notes), " ".join(n["zh"] for n in notes)
    assert "4 cells of column 'amount' were written with a currency sign" in en and "4 个单元格带货币符号" in zh
    assert "--currency £" in en and "--currency £" in zh


def test_yuan_amounts_and_cells_without_a_number(tmp_path):
    rows = ['1,a,2025-01-02,"¥1,200"', "2,a,2025-01-03,N/A", "3,b,2025-01-04,350元", "4,b,2025-01-05,-", "5,c,2025-01-06,80"]
    frame = read_table(_write(tmp_path / "o.csv", ORDERS + "\n".join(rows) + "\n"), schema="b2b_orders")
    assert frame["amount"].tolist()[::2] == [1200.0, 350.0, 80.0] and frame["amount"].isna().tolist() == [
        False, True, False, True, False]
    en = " ".join(n["en"] for n in frame.attrs["read_notes"])
    assert "2 cells of column 'amount' hold no number (e.g. 'N/A')" in en
    assert "--currency" not in en  # yuan is the kit's default: nothing to add


def test_mixed_currencies_are_read_but_never_added_silently(tmp_path):
    rows = ["1,a,2025-01-02,£10", "2,a,2025-01-03,$10"]
    frame = read_table(_write(tmp_path / "o.csv", ORDERS + "\n".join(rows) + "\n"), schema="b2b_orders")
    en = " ".join(n["en"] for n in frame.attrs["read_notes"])
    assert "mixes currencies ($, £)" in en and "Convert them to one currency first" in en


@pytest.mark.parametrize("odd", ["abc", "1.234,56", "12 pcs", "£12..5"])
def test_other_text_in_a_money_column_is_still_refused_by_row(tmp_path, odd):
    rows = ["1,a,2025-01-02,£10", f'2,a,2025-01-03,"{odd}"', "3,b,2025-01-04,N/A"]
    with pytest.raises(DataError) as e:
        read_table(_write(tmp_path / "o.csv", ORDERS + "\n".join(rows) + "\n"), schema="b2b_orders")
    assert odd in e.value.en and "row" in e.value.en
