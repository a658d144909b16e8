"""Each chapter's tables in the house style: the reader's language, whole text, no row numbers, marks for yes/no.

The expectations are read from the knowledge base, the message catalogues and the data by hand, not from the
helpers under test.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import course
from course import content, data, finding, personality, precision, prospecting_plan, records, tables
from course.i18n import messages

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cells(tbl: tables.Table) -> list[list[str]]:
    return tbl.to_frame().values.tolist()


def _msg(key: str, lang: str) -> str:
    return messages()[key][lang]


def _house_style(tbl: tables.Table, lang: str) -> None:
    """What every shown table must satisfy, whatever it holds."""
    markup, text = tbl.html(), tbl.text()
    assert "…" not in markup and "..." not in text, "cell text was cut"
    assert not any(SNAKE.match(h) for h in tbl.columns), f"machine names as headers: {tbl.columns}"
    assert (
        "True" not in markup
        and "False" not in markup
        and "NaN" not in markup
        and "NaT" not in markup
    )
    assert 'class="dataframe"' not in markup and "<style" not in markup
    if lang == "en":
        assert not any(CJK.search(h) for h in tbl.columns), (
            f"Chinese headers in English: {tbl.columns}"
        )
    else:
        assert all(
            h in ("", "#")
            or CJK.search(h)
            or h.isupper()
            or "AUC" in h
            or h in ("R", "F", "M", "RFM")
            for h in tbl.columns
        ), f"English headers in Chinese: {tbl.columns}"


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


# --------------------------------------------------------------------------- shared (chapters 1, 5, 6, 8)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_course_table_man_summary_reads_in_the_reader_language(leads, lang):
    from course import prospects

    shown = course.table(prospects.man_summary(leads), lang)
    _house_style(shown, lang)
    assert shown.columns == [
        _msg("col.man_code", lang),
        _msg("col.leads", lang),
        _msg("col.share", lang),
        _msg("col.conversion_rate", lang),
    ]
    rows = {row[0]: row for row in _cells(shown)}
    mine = leads.loc[leads["money"] & leads["authority"] & leads["need"]]
    # the MAN row, counted by hand: leads with a thousands separator, the rate as a per cent to one place
    assert rows["MAN"][1] == f"{len(mine):,}"
    assert rows["MAN"][3] == f"{mine['converted'].mean():.1%}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_course_table_marks_booleans_and_drops_row_numbers(leads, lang):
    frame = leads[["lead_id", "money", "authority", "need"]].head(3)
    shown = course.table(frame, lang)
    _house_style(shown, lang)
    assert shown.columns[0] == _msg("col.lead_id", lang), "pandas' row numbers are not a column"
    yes, no = _msg("table.yes", lang), _msg("table.no", lang)
    for (_, row), cells in zip(frame.iterrows(), _cells(shown), strict=True):
        assert cells[0] == row["lead_id"]
        assert cells[1:] == [yes if row[c] else no for c in ("money", "authority", "need")]


def test_a_filtered_frame_shows_no_leftover_positions(leads):
    picked = leads.loc[leads["converted"]].head(4)[["lead_id"]]
    assert picked.index.tolist() != [0, 1, 2, 3]
    shown = course.table(picked, "en")
    assert shown.columns == ["Lead"] and [c[0] for c in _cells(shown)] == picked["lead_id"].tolist()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_content_show_keeps_every_sentence_whole_and_one_per_line(lang):
    entries = content.text("personality_types", lang)
    shown = content.show("personality_types", ["name", "signs", "approach"], lang=lang)
    _house_style(shown, lang)
    assert shown.columns == [
        _msg("col.name", lang),
        _msg("col.signs", lang),
        _msg("col.approach", lang),
    ]
    for entry, cells in zip(entries, _cells(shown), strict=True):
        assert cells[0] == entry["name"]
        assert cells[1].split("\n") == [s.strip() for s in entry["signs"]]
    assert ".;" not in shown.html() and "。;" not in shown.html()


# --------------------------------------------------------------------------- chapter 2
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_finding_table_names_methods_and_gives_rates_and_money(leads, lang):
    shown = finding.table(finding.method_effectiveness(leads), lang)
    _house_style(shown, lang)
    names = {m["id"]: m["name"] for m in content.text("methods", lang)}
    rows = {row[0]: row for row in _cells(shown)}
    referral = leads.loc[leads["source_method"] == "referral"]
    row = rows[names["referral"]]
    assert row[1] == f"{len(referral):,}"
    assert row[3] == f"{referral['converted'].mean():.1%}"
    # money in whole yuan with separators; the header says the currency, the cells do not repeat it
    assert row[4] == f"{round(referral['won_amount'].fillna(0).sum()):,}"
    assert _msg("ch02.col.revenue", lang) in shown.columns[4] or shown.columns[4].lower() == _msg(
        "ch02.col.revenue", lang
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_finding_show_is_a_whole_content_table(lang):
    shown = finding.show("methods", ["name", "examples"], lang=lang)
    _house_style(shown, lang)
    first = content.text("methods", lang)[0]
    assert _cells(shown)[0] == [first["name"], "\n".join(first["examples"])]


# --------------------------------------------------------------------------- chapter 3
def test_personality_table_names_types_everywhere_in_chinese():
    confusion = pd.DataFrame(
        [[1, 0], [0, 2]],
        index=pd.Index(["stubborn", "suspicious"], name="actual"),
        columns=pd.Index(["stubborn", "suspicious"], name="picked"),
    )
    shown = personality.table(confusion, "zh")
    names = {t["id"]: t["name"] for t in content.text("personality_types", "zh")}
    assert shown.columns[1:] == [names["stubborn"], names["suspicious"]]
    assert [row[0] for row in _cells(shown)] == [names["stubborn"], names["suspicious"]]
    assert shown.spanner is not None and "stubborn" not in shown.html()


# --------------------------------------------------------------------------- chapter 4
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_records_table_rfm_summary(lang):
    rfm = records.rfm_table(data.load("b2c_transactions"), as_of="2026-06-30")
    summary = records.rfm_summary(rfm)[["customers", "customer_share", "revenue_share"]]
    shown = records.table(summary, lang)
    _house_style(shown, lang)
    segments = {s["id"]: s["name"] for s in content.text("rfm", lang)["segments"]}
    by_name = {row[0]: row for row in _cells(shown)}
    champions = rfm.loc[rfm["segment"] == "champions"]
    row = by_name[segments["champions"]]
    assert row[1] == f"{len(champions):,}"
    assert row[2] == f"{len(champions) / len(rfm):.1%}"
    assert row[3] == f"{champions['monetary'].sum() / rfm['monetary'].sum():.1%}"


def test_records_table_names_the_fields_of_the_change_history():
    history = pd.DataFrame(
        {
            "record_id": ["A0003"],
            "field": ["first_order_date"],
            "old_value": [None],
            "new_value": ["2026-06-28"],
            "changed_by": ["张敏"],
        }
    )
    shown = records.table(history, "zh")
    _house_style(shown, "zh")
    assert _cells(shown)[0][1:3] == [_msg("ch04.col.first_order_date", "zh"), "—"]


def test_records_content_table_keeps_prose_whole():
    shown = records.content_table("abc_classes", ["name", "explanation", "action"], lang="zh")
    _house_style(shown, "zh")
    first = content.text("abc_classes", "zh")[0]
    assert _cells(shown)[0] == [first["name"], first["explanation"], first["action"]]


# --------------------------------------------------------------------------- chapter 7
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_glossary_and_discussion_are_never_cut(lang):
    model_evaluation = content.text("model_evaluation", lang)
    for key in ("holdout", "leakage", "lift", "gains_chart"):
        shown = precision.evaluation_terms([key], lang)
        _house_style(shown, lang)
        assert _cells(shown)[0][1] == model_evaluation[key]
    questions = content.text("discussion_questions", lang)
    shown = precision.discussion(lang)
    _house_style(shown, lang)
    assert [row[1] for row in _cells(shown)] == [q["question"] for q in questions]
    assert _cells(shown)[0][2].split("\n") == [f"• {p}" for p in questions[0]["pointers"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_rules_counts_baskets_and_gives_shares_as_per_cent(lang):
    baskets = [
        ["bread", "milk"],
        ["bread", "diapers", "beer", "eggs"],
        ["milk", "diapers", "beer", "cola"],
        ["bread", "milk", "diapers", "beer"],
        ["bread", "milk", "diapers", "cola"],
    ]
    shown = precision.show_rules(
        precision.association_rules(baskets, min_support=0.6, min_confidence=0.7), lang=lang
    )
    _house_style(shown, lang)
    rows = _cells(shown)
    beer, diapers = _msg("ch07.item.beer", lang), _msg("ch07.item.diapers", lang)
    # beer → diapers: beer in 3 baskets, always with diapers (3 of 5 baskets, 100%); diapers in 4 of 5 (lift 1.25)
    assert rows[0] == ["1", beer, diapers, "60%", "100%", "1.25", "3"]
    if lang == "zh":
        assert not re.search(r"[a-z]", "".join(map(str, rows))), (
            "the textbook's items are named in Chinese"
        )


def test_precision_table_reads_model_inputs():
    frame = pd.DataFrame(
        {"weight": [1.23, -0.4]}, index=pd.Index(["source_method_referral", "need"], name="feature")
    )
    shown = precision.table(frame, "zh")
    _house_style(shown, "zh")
    referral = content.by_id("methods", "zh")["referral"]["name"]
    assert referral in _cells(shown)[0][0] and "source_method" not in shown.html()


# --------------------------------------------------------------------------- chapter 8
def test_a_preview_shows_the_file_as_it_is():
    raw = pd.DataFrame(
        {
            "InvoiceNo": ["536365", "536366"],
            "StockCode": ["85123A", "71053"],
            "Quantity": [6, 12000],
            "status": ["prospect", "lost"],
        }
    )
    shown = prospecting_plan.preview(raw, lang="zh")
    assert shown.columns == ["InvoiceNo", "StockCode", "Quantity", "status"], (
        "the file's own names, untranslated"
    )
    assert _cells(shown) == [
        ["536365", "85123A", "6", "prospect"],
        ["536366", "71053", "12,000", "lost"],
    ]
    assert "…" not in shown.html()


def test_every_chinese_header_of_the_kit_tables_is_translated(leads):
    """The tables the chapters show name their columns in Chinese (no machine names left)."""
    from course import decision, prospects, strategy

    frames = {
        "man_summary": (course.table, prospects.man_summary(leads)),
        "pipeline": (
            course.table,
            decision.pipeline_by_step(decision.lead_steps(leads), status=leads["lead_status"]),
        ),
        "levers": (
            course.table,
            strategy.lever_counts(strategy.stalled_leads(leads)).set_index("lever_name"),
        ),
        "gains": (precision.table, precision.train_lead_model(leads).gains()),
        "funnel": (finding.table, finding.funnel_from_stages(leads, data.load("b2b_accounts"))),
    }
    for name, (show, frame) in frames.items():
        shown = show(frame, "zh")
        _house_style(shown, "zh")
        assert not [h for h in shown.columns if re.search(r"[a-z]{3,}", h)], (name, shown.columns)


# --------------------------------------------------------------------------- chapter 6
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lever_diagnosis_names_the_stage_in_words(leads, lang):
    from course.widgets.ch06 import LeverDiagnosisModel

    model = LeverDiagnosisModel(leads, data.load("b2b_accounts"))
    stages = {s["id"]: s["name"] for s in content.text("funnel_stages", lang)}
    for code in ("preliminary", "fine", "key"):
        lead = leads.loc[(leads["stage"] == code) & ~leads["converted"], "lead_id"].iloc[0]
        model.pick(lead)
        head = model.describe(lang).split("<br>")[0].split("<table")[0]
        assert f"<i>{stages[code]}</i>" in head
        if lang == "zh":
            assert code not in head, head


# --------------------------------------------------------------------------- the data's cities
def test_cities_are_named_in_the_reader_language():
    members = data.load("b2c_members")
    levels = members.groupby(["city", "income_band"]).size().unstack("income_band", fill_value=0)
    pinyin = {
        "上海": "Shanghai",
        "南京": "Nanjing",
        "宁波": "Ningbo",
        "杭州": "Hangzhou",
        "绍兴": "Shaoxing",
        "苏州": "Suzhou",
    }
    en = [row[0] for row in _cells(course.table(levels, "en"))]
    zh = [row[0] for row in _cells(course.table(levels, "zh"))]
    assert en == [pinyin[c] for c in levels.index] and not any(CJK.search(c) for c in en)
    assert zh == list(levels.index)
    cities = set(data.load("b2b_accounts")["city"].dropna())
    assert all(not CJK.search(tables.cell_text(c, "en")) for c in cities), (
        "every account city has an English name"
    )


def test_lookalike_drivers_name_the_city_in_english():
    accounts = data.load("b2b_accounts")
    scorecard = records.customer_scorecard(
        data.load("b2b_orders"), data.load("b2b_tickets"), accounts, as_of="2026-06-30"
    )
    drivers = " ".join(records.lookalike_scores(accounts, scorecard, lang="en")["drivers"].map(str))
    assert "City: " in drivers and not CJK.search(drivers), drivers[:200]
