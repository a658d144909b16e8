"""Chapter 8: the mapping assistant, the course on a user's own files, and the exported prospecting plan.

The demo files are the bundled data exported as a small dealer's systems would (course.messy_exports); expectations
come from how they were written (their column names, the generator's truth) or from plain pandas on the file.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

import course
from course import messy_exports, precision
from course import prospecting_plan as pp
from course.data import DataError, read_table
from course.reports.inputs import load_inputs
from course.widgets.ch08 import MappingAssistant, MappingAssistantModel

EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module", params=["en", "zh"])
def demo(request, tmp_path_factory):
    lang = request.param
    truth = messy_exports.capstone_files(tmp_path_factory.mktemp(f"demo-{lang}"), lang)
    return lang, truth


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return messy_exports.capstone_files(tmp_path_factory.mktemp("demo-en-plan"), "en")


def test_roles_are_suggested_from_the_names_in_either_language(demo):
    lang, truth = demo
    for kind in ("sales", "accounts"):
        frame = read_table(truth[kind])
        suggested = pp.suggest_roles(frame, kind, lang)
        expected = {column: role for role, column in messy_exports.CAPSTONE_COLUMNS[lang][kind].items()}
        assert dict(zip(suggested["column"], suggested["role"], strict=True)) == expected
        assert suggested["why"].str.len().gt(0).all()


def test_roles_of_a_retail_export_and_of_unnamed_columns(tmp_path):
    lines, _ = messy_exports.retail_lines(invoices=300, seed=2)
    path = messy_exports.write_retail_csv(lines, tmp_path / "online_retail.csv")
    roles = pp.suggest_roles(read_table(path), "sales")
    got = {c: r for c, r in zip(roles["column"], roles["role"], strict=True) if r}
    assert got == messy_exports.RETAIL_MAPPING["b2b_orders"]
    # no telling names: the values still show which column is the date and which the quantity
    frame = pd.DataFrame({"c1": ["2025-01-03", "2025-02-04", "2025-03-05"] * 20, "c2": [1, 2, 3] * 20,
                          "c3": ["x"] * 60})
    blind = pp.suggest_roles(frame, "sales", "en").set_index("column")
    assert blind.loc["c1", "role"] == "order_date" and "values look like" in blind.loc["c1", "why"]
    assert blind.loc["c3", "role"] == ""
    with pytest.raises(ValueError, match="kind"):
        pp.suggest_roles(frame, "planets")


def test_assistant_model_saves_a_mapping_the_report_reads(english, tmp_path):
    model = MappingAssistantModel.from_file(english["sales"], "sales")
    assert model.missing() == [] and model.duplicates() == {}
    model.set_role("Item", "")
    model.set_role("Qty", "")
    assert model.missing() == ["amount"]  # without quantity there is no amount
    model.set_role("Qty", "quantity")
    path = model.save(tmp_path / "mapping.yaml")
    accounts = MappingAssistantModel.from_file(english["accounts"], "accounts")
    accounts.save(path)  # a second table's block is added to the same file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(doc) == {"b2b_orders", "b2b_accounts"} and "Item" not in doc["b2b_orders"]
    inputs = load_inputs(english["sales"], path)  # the report command's own reader accepts it
    assert "b2b_orders" in inputs.tables and inputs.tables["b2b_orders"]["account_id"].notna().any()
    model.set_role("Customer", "order_id")
    with pytest.raises(ValueError, match="two columns"):
        model.save(tmp_path / "bad.yaml")
    with pytest.raises(ValueError, match="role must be one of"):
        model.set_role("Invoice", "favourite_colour")


def test_assistant_widget_reacts_and_says_what_is_missing(english, tmp_path):
    course.set_language("en")
    view = MappingAssistant(MappingAssistantModel.from_file(english["sales"], "sales"), tmp_path / "m.yaml")
    assert "Every role the kit needs" in view.preview.value and "Customer: account_id" in view.preview.value
    view.dropdowns["Customer"].value = ""
    assert "Still to map: customer id" in view.preview.value and "Customer:" not in view.preview.value
    view.dropdowns["Invoice"].value = "account_id"
    view.dropdowns["Customer"].value = "account_id"
    assert "given to two columns" in view.preview.value
    view.button.click()
    assert "Not saved" in view.status.value and not (tmp_path / "m.yaml").exists()
    view.dropdowns["Invoice"].value = "order_id"
    view.button.click()
    assert "Saved" in view.status.value and (tmp_path / "m.yaml").is_file()


@pytest.fixture(scope="module")
def book(english):
    mapping = {c: r for r, c in messy_exports.CAPSTONE_COLUMNS["en"]["sales"].items()}
    return pp.read_sales(english["sales"], mapping)


def test_the_sales_file_is_counted_as_plain_pandas_would(english, book):
    plain = pd.read_csv(english["sales"], encoding="utf-8-sig", dtype={"Invoice": str, "Customer": str})
    assert book.prepared.rows_read == english["sales_rows"] == len(plain)
    plain = plain.drop_duplicates()
    plain = plain[plain["Unit price"] > 0]
    returns = plain["Invoice"].str.startswith("C") | (plain["Qty"] < 0)
    assert book.prepared.step("no_customer").rows == int((plain["Customer"].isna() & ~returns).sum())
    assert book.prepared.step("returns").rows == int(returns.sum())
    assert str(book.as_of.date()) == english["as_of"]
    buys = plain[~returns & plain["Customer"].notna()]
    assert book.orders_count() <= buys["Invoice"].nunique() and book.orders_count() > 0.9 * buys["Invoice"].nunique()
    spend = book.orders.groupby("account_id")["amount"].sum()
    net = (plain["Qty"] * plain["Unit price"]).groupby(plain["Customer"]).sum()
    common = spend.index.intersection(net.index)
    assert (spend[common] - net[common]).abs().max() < 0.05  # net of returns, as the file says


def test_a_plan_in_excel_and_html(english, book, tmp_path):
    course.set_language("en")
    accounts = pp.read_accounts(english["accounts"], {c: r for r, c in messy_exports.CAPSTONE_COLUMNS["en"]["accounts"].items()})
    accounts.loc[accounts.index[:5], "account_name"] = EVIL
    leads = pp.read_leads(english["leads"])
    model = precision.train_target_model(leads, english["target"])
    assert set(english["leaky"]) <= set(model.left_out)
    plan = pp.ProspectingPlan.build(book, accounts, leads, model, budget=30000, cost_per_contact=500, top=15)
    assert list(plan.sheets) == list(pp.ACTIONS)
    assert len(plan.sheets["call"]) == 60 and plan.sheets["call"]["score"].is_monotonic_decreasing
    won = set(leads.loc[leads[english["target"]] == "yes", leads.columns[0]])
    assert not won & set(plan.sheets["call"]["lead"])  # calls go to leads that have not signed
    book_path = plan.to_excel(tmp_path / "plan.xlsx", "en")
    sheets = pd.read_excel(book_path, sheet_name=None)
    assert list(sheets) == ["Summary", "Keep the best", "Win back", "Due to buy again", "Look-alike prospects",
                            "Leads to call", "Cross-sell"]
    assert len(sheets["Leads to call"]) == 60 and "what to do" in sheets["Cross-sell"].columns
    page = plan.to_html(tmp_path / "plan.html", "en").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "Prospecting plan" in page and page.count("<table") == 7
    zh = plan.to_excel(tmp_path / "计划.xlsx", "zh")
    assert pd.ExcelFile(zh).sheet_names[:3] == ["汇总", "维护最佳客户", "挽回流失预警客户"]


def test_a_customer_list_without_prospects_is_said_plainly(english, book):
    accounts = pp.read_accounts(english["accounts"], {c: r for r, c in messy_exports.CAPSTONE_COLUMNS["en"]["accounts"].items()})
    accounts["status"] = "Customer"
    with pytest.raises(DataError, match="prospect"):
        book.lookalikes(accounts)
    plan = pp.ProspectingPlan.build(book, accounts, top=5)
    assert "lookalike" not in plan.sheets and "Look-alike prospects left out" in plan.notes[0]["en"]


def test_both_editions_hold_the_same_figures(tmp_path):
    """The claims read the English demo: the Chinese one (GBK, other headers and dates) must give the same figures."""
    figures = {}
    for lang in ("en", "zh"):
        truth = messy_exports.capstone_files(tmp_path / lang, lang)
        mapping = {c: r for r, c in messy_exports.CAPSTONE_COLUMNS[lang]["sales"].items()}
        book = pp.read_sales(truth["sales"], mapping)
        figures[lang] = (book.prepared.rows_read, book.orders_count(), book.prepared.step("no_customer").rows,
                         book.prepared.step("returns").rows, book.as_of, book.stray_dates, round(book.top_share(0.2), 12))
    assert figures["en"] == figures["zh"]


def test_the_book_says_its_as_of_day_and_keeps_long_silent_customers_off_the_call_list(book):
    stray = book.stray_dates
    assert stray and stray["first"] > str(book.as_of.date())
    en, zh = book.reading("en")[-1], book.reading("zh")[-1]
    assert str(book.as_of.date()) in en and stray["first"] in en and "typing error" in en
    assert str(book.as_of.date()) in zh and "录入错误" in zh
    rfm = book.rfm()
    at_risk = rfm[rfm["segment"] == "at_risk"]
    assert (at_risk["recency_days"] > 730).any(), "the demo has long-silent 'at risk' customers to leave out"
    back = book.win_back(top=100)
    assert set(back.index) == set(at_risk.index[at_risk["recency_days"] <= 730])
    assert back["monetary"].is_monotonic_decreasing
    everyone = book.win_back(top=100, max_silence_days=100_000)
    assert set(everyone.index) == set(at_risk.index)


def test_chapter_8_exercises_read_nothing_at_import_and_can_be_emptied():
    """Keys and data-keyed feedback are built on first use; every field the exam lock empties allows it."""
    from course.exercises import ch08

    for exercise in ch08.EXERCISES:
        for name in ("hints", "also_accept", "answers", "explain", "feedback", "ideas"):
            value = getattr(exercise, name, None)
            if value is not None:
                assert len(type(value)()) == 0, (exercise.id, name)
    q8 = ch08.q8
    assert q8.check("IN-800").status == "correct" and q8.check("安装调试服务").status == "correct"
