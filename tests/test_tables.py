"""The table house style: whole text, marks for yes/no, numbers per language, no row numbers."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from course import tables
from course.i18n import messages


def _cells(tbl: tables.Table) -> list[list[str]]:
    return tbl.to_frame().values.tolist()


def test_long_text_is_never_cut():
    long = (
        "A very long explanation that pandas would cut at fifty characters with an ellipsis, " * 3
    )
    tbl = tables.table(pd.DataFrame({"explanation": [long]}), lang="en")
    assert (
        long.strip() in tbl.html().replace("<br>", "\n") or html.escape(long.strip()) in tbl.html()
    )
    assert "..." not in tbl.html() and "…" not in tbl.html()
    assert long.strip() in tbl.text()


@pytest.mark.parametrize(("lang", "yes", "no"), [("en", "✓", "✗"), ("zh", "是", "否")])
def test_booleans_become_marks_in_the_reader_language(lang, yes, no):
    frame = pd.DataFrame(
        {
            "converted": [True, False, np.True_],
            "flag": pd.array([False, True, None], dtype="boolean"),
        }
    )
    cells = _cells(tables.table(frame, lang=lang))
    assert [row[0] for row in cells] == [yes, no, yes]
    assert [row[1] for row in cells] == [no, yes, "—"]
    assert (
        "True" not in tables.table(frame, lang=lang).html()
        and "False" not in tables.table(frame, lang=lang).html()
    )


def test_numbers_get_thousands_separators_money_and_percent_per_language():
    frame = pd.DataFrame(
        {
            "revenue": [1234567.4, 89.0],
            "share": [0.256, 1.0],
            "count": [12000, 7],
            "ratio": [1.23456, 2.0],
        }
    )
    en = _cells(tables.table(frame, lang="en", money=["revenue"], percent=["share"]))
    zh = _cells(tables.table(frame, lang="zh", money=["revenue"], percent=["share"]))
    # one format per column, so the decimal points line up: 100.0% under 25.6%, 2.00 under 1.23
    assert en[0] == ["¥1,234,567", "25.6%", "12,000", "1.23"]
    assert en[1] == ["¥89", "100.0%", "7", "2.00"]
    assert zh[0][0] == "1,234,567 元" and zh[1][0] == "89 元"
    assert zh[0][1:] == en[0][1:]
    # a column of whole values shows no decimals, whatever its dtype
    whole = _cells(tables.table(pd.DataFrame({"hours": [3.0, 12.0]}), lang="en"))
    assert whole == [["3"], ["12"]]
    # decimals per column
    fine = _cells(
        tables.table(
            pd.DataFrame({"auc": [0.8261, 1.0], "x": [0.5, 1.25]}), lang="en", decimals={"auc": 3}
        )
    )
    assert fine == [["0.826", "0.50"], ["1.000", "1.25"]]


def test_the_kit_share_and_money_columns_need_no_naming():
    frame = pd.DataFrame(
        {"conversion_rate": [0.62, 0.021], "won_amount": [12500.4, 99.6], "leads": [379, 384]}
    )
    en = _cells(tables.table(frame, lang="en"))
    assert en == [["62.0%", "¥12,500", "379"], ["2.1%", "¥100", "384"]]
    # a 'share' column that holds per cents already (values above 1) is not multiplied by 100
    per_cents = _cells(tables.table(pd.DataFrame({"share": [12.5, 80.0]}), lang="en"))
    assert per_cents == [["12.5"], ["80.0"]]
    # no more decimals than the values need: a score kept to one decimal is not shown with two
    assert _cells(tables.table(pd.DataFrame({"score": [82.1, 8.4, 75.0]}), lang="en")) == [
        ["82.1"],
        ["8.4"],
        ["75.0"],
    ]
    assert _cells(tables.table(pd.DataFrame({"share": [0.5, 0.25]}), lang="en")) == [
        ["50%"],
        ["25%"],
    ]
    # the currency is said once: in the header when the header names it, else in each cell
    named = tables.table(
        pd.DataFrame({"revenue": [1234.0]}), lang="zh", names={"revenue": "收入（元）"}
    )
    assert _cells(named) == [["1,234"]]
    bare = tables.table(pd.DataFrame({"revenue": [1234.0]}), lang="zh", names={"revenue": "收入"})
    assert _cells(bare) == [["1,234 元"]]


def test_a_chapter_vocabulary_comes_before_the_shared_messages():
    frame = pd.DataFrame({"lead_id": ["L1"], "method": ["referral"], "note": ["referral and more"]})

    def header_of(name, lang):
        return {"method": {"en": "Method", "zh": "方法"}[lang]}.get(name)

    def code_of(code, lang):
        return {"referral": {"en": "Referrals", "zh": "介绍寻找法"}[lang]}.get(code)

    zh = tables.table(frame, lang="zh", header_of=header_of, code_of=code_of)
    assert zh.columns == [messages()["col.lead_id"]["zh"], "方法", "note"]
    # a code is a whole cell without spaces; a sentence that mentions one is left alone
    assert _cells(zh) == [["L1", "介绍寻找法", "referral and more"]]
    assert tables.untranslated(frame, "zh", header_of=header_of) == []


def test_a_preview_of_a_file_keeps_its_own_headers_and_codes():
    raw = pd.DataFrame(
        {"lead_id": ["L1"], "stage": ["prospect"], "UnitPrice": [2890.0], "Paid": [True]}
    )
    shown = tables.table(raw, lang="zh", translate=False)
    assert shown.columns == ["lead_id", "stage", "UnitPrice", "Paid"]
    assert _cells(shown) == [["L1", "prospect", "2,890", "是"]]


def test_numbers_are_right_aligned_text_left_and_marks_centred():
    frame = pd.DataFrame({"lead_id": ["L1"], "won_amount": [5.0], "converted": [True]})
    markup = tables.table(frame, lang="en").html()
    aligns = re.findall(r"<td[^>]*text-align:(\w+)", markup)
    assert aligns == ["left", "right", "center"]


def test_default_row_numbers_are_dropped_meaningful_index_kept():
    plain = pd.DataFrame({"lead_id": ["L1", "L2"]})
    assert tables.table(plain, lang="en").columns == ["Lead"]
    relabelled = plain.copy()
    relabelled.index = pd.Index([0, 1])  # what a relabelling of the index leaves behind
    assert tables.table(relabelled, lang="en").columns == ["Lead"]
    ranked = plain.set_axis(pd.Index([1, 2], name="rank"))
    assert tables.table(ranked, lang="en").columns[0] == "Rank"
    by_code = pd.DataFrame({"n": [3]}, index=pd.Index(["MAN"], name="man_code"))
    assert _cells(tables.table(by_code, lang="en")) == [["MAN", "3"]]
    assert tables.table(plain, lang="en", index=True).columns == ["#", "Lead"]
    ranked_unnamed = plain.set_axis(
        pd.Index([1, 2])
    )  # 1, 2 … is a rank: kept, under "#", never "index"
    assert tables.table(ranked_unnamed, lang="zh").columns == ["#", messages()["col.lead_id"]["zh"]]


def test_headers_and_codes_in_the_reader_language():
    frame = pd.DataFrame({"lead_id": ["L1"], "stage": ["prospect"], "made_up_col": ["x"]})
    zh = tables.table(frame, lang="zh")
    assert zh.columns[0] == messages()["col.lead_id"]["zh"]
    assert _cells(zh)[0][1] == messages()["value.prospect"]["zh"]
    assert tables.untranslated(frame, "zh") == [
        "stage",
        "made_up_col",
    ] or "made_up_col" in tables.untranslated(frame, "zh")
    en = tables.table(frame, lang="en")
    assert en.columns[2] == "Made up col", "snake_case is tidied for English readers"
    coded = tables.table(
        pd.DataFrame({"product": ["copier"]}), lang="zh", codes={"product": {"copier": "复印机"}}
    )
    assert _cells(coded) == [["复印机"]]
    assert tables.table(frame, lang="en", names={"lead_id": "Lead no."}).columns[0] == "Lead no."


def test_lists_are_joined_properly_never_with_dot_semicolon():
    frame = pd.DataFrame(
        {
            "items": [["toner", "paper"], frozenset({"b", "a"})],
            "moves": [["Call first.", "Send the quote."], ["Visit.", "Ask for a referral."]],
        }
    )
    en = _cells(tables.table(frame, lang="en"))
    zh = _cells(tables.table(frame, lang="zh"))
    assert en[0][0] == "toner, paper" and zh[0][0] == "toner、paper" and en[1][0] == "a, b"
    assert en[0][1] == "Call first.\nSend the quote."
    markup = tables.table(frame, lang="en").html()
    assert ".;" not in markup and "Call first.<br>Send the quote." in markup


def test_literal_backslash_n_becomes_a_line_break():
    frame = pd.DataFrame({"moves": ["Call first.\\nThen write."]})
    assert "Call first.<br>Then write." in tables.table(frame, lang="en").html()


def test_missing_dates_and_periods():
    frame = pd.DataFrame(
        {
            "when": [pd.Timestamp("2026-07-01"), pd.NaT],
            "hours": [np.nan, 3.5],
            "month": [pd.Period("2026-07"), None],
        }
    )
    assert _cells(tables.table(frame, lang="en")) == [
        ["2026-07-01", "—", "2026-07"],
        ["—", "3.5", "—"],
    ]


def test_cells_are_escaped():
    frame = pd.DataFrame({"account_name": ["<script>alert(1)</script> & Co"]})
    markup = tables.table(frame, lang="en").html()
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "&amp; Co" in markup


def test_empty_table_says_so_and_text_aligns_cjk():
    empty = tables.table(pd.DataFrame({"lead_id": []}), lang="zh")
    assert "没有数据" in empty.html() and "没有数据" in empty.text()
    wide = (
        tables.table(pd.DataFrame({"name": ["华信办公", "ab"], "n": [1, 22]}), lang="en")
        .text()
        .splitlines()
    )
    # the number column lines up although Chinese characters are two columns wide
    assert len({len(line.encode("gbk")) for line in wide[1:]}) == 1


def test_displays_as_html_in_a_notebook():
    tbl = tables.table(pd.Series([1, 2], name="count"), lang="en")
    assert tbl._repr_html_() == tbl.html() and tbl.html().startswith("<table")
    assert "<style" not in tbl.html() and 'id="' not in tbl.html()
