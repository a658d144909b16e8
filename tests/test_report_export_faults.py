"""The report on exports with the faults real files have, each checked against plain pandas on the clean data.

The bundled ``b2b_orders.csv`` is the truth; each test writes it back the way a spreadsheet or an ERP does —
a total row under the data (合计 / Total), customer ids that say "none" (N/A, #N/A, -), blank rows Excel leaves
at the bottom, blank quantity or amount cells — and the report must come to the same headline figures as pandas
computes on the clean file, with every row it set aside counted in a step. Found by an audit on such files: the
total row had doubled the revenue, "N/A" was a customer, and a blank quantity ended in a traceback.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from course.data import read_table
from course.errors import DataError
from course.order_lines import prepare_orders
from course.reports import analysis as A
from course.reports import sections as S
from course.reports.inputs import load_inputs

ORDERS = Path(__file__).resolve().parent.parent / "datasets" / "b2b_orders.csv"


def headline(frame: pd.DataFrame) -> dict:
    """Revenue, buying customers and the top 20 %'s share, in plain pandas: what the README says the report shows."""
    d = frame.loc[frame["account_id"].notna()].assign(amount=frame["amount"].astype(float))
    buyers = d.loc[d["amount"] > 0, "account_id"].unique()
    net = d.loc[d["account_id"].isin(buyers)].groupby("account_id")["amount"].sum().clip(lower=0)
    top = net.sort_values(ascending=False).iloc[: max(1, math.ceil(round(0.2 * len(net), 9)))]
    return {"revenue": round(float(net.sum()), 2), "customers": len(net), "top20": round(float(top.sum() / net.sum()), 4)}


def reported(path, mapping=None) -> tuple[dict, dict]:
    """The report's own figures for ``path`` (its 80/20 table) and its steps by key."""
    inputs = load_inputs(path, mapping)
    report = S.Report.from_inputs(inputs, lang="en")
    table = A.pareto(report, "b2b_orders", "account_id")
    revenue = table["revenue"]
    top = revenue.sort_values(ascending=False).iloc[: max(1, math.ceil(round(0.2 * len(revenue), 9)))]
    figures = {"revenue": round(float(revenue.sum()), 2), "customers": len(table),
               "top20": round(float(top.sum() / revenue.sum()), 4)}
    return figures, {s.key: s for s in inputs.prepared["b2b_orders"].steps}


@pytest.fixture(scope="module")
def clean() -> pd.DataFrame:
    return pd.read_csv(ORDERS, dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def truth(clean) -> dict:
    return headline(clean)


def test_a_chinese_total_row_in_a_gbk_export_is_set_aside(tmp_path, clean, truth):
    export = clean[["account_id", "order_id", "order_date", "product_name", "quantity", "unit_price", "amount"]].copy()
    export.columns = ["客户编号", "订单号", "下单日期", "产品", "数量", "单价", "金额"]
    total = {c: "" for c in export.columns}
    total.update({"客户编号": "合计", "数量": str(clean["quantity"].astype(int).sum()),
                  "金额": f"{clean['amount'].astype(float).sum():.2f}"})
    export = pd.concat([export, pd.DataFrame([total])], ignore_index=True)
    path = tmp_path / "销售明细.csv"
    export.to_csv(path, index=False, encoding="gbk")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("b2b_orders:\n  客户编号: account_id\n  订单号: order_id\n  下单日期: order_date\n  产品: product\n"
                       "  数量: quantity\n  单价: unit_price\n  金额: amount\n", encoding="utf-8")
    figures, steps = reported(path, mapping)
    assert figures == truth  # was: twice the revenue, 476 customers, 87.5 % from "合计" as the top account
    assert steps["total_rows"].rows == 1 and steps["total_rows"].removed == 1
    assert steps["total_rows"].file_rows == [len(export) + 1]
    assert "合计" in steps["total_rows"].text("en") and "合计行" in steps["total_rows"].text("zh")


def test_an_english_total_row_without_a_customer_is_not_an_anonymous_sale(tmp_path, clean, truth):
    total = {c: "" for c in clean.columns}
    total.update({"order_id": "Grand Total:", "amount": f"{clean['amount'].astype(float).sum():.2f}"})
    path = tmp_path / "orders.csv"
    pd.concat([clean, pd.DataFrame([total])], ignore_index=True).to_csv(path, index=False)
    figures, steps = reported(path)
    assert figures == truth
    assert steps["total_rows"].rows == 1 and "no_customer" not in steps  # it was "50.2 % of the value has no customer"


def test_a_customer_called_total_something_is_a_customer(clean):
    frame = clean.head(40).copy()
    frame.loc[frame.index[:3], "account_id"] = "Total Fitness"
    frame = frame.assign(amount=frame["amount"].astype(float), quantity=frame["quantity"].astype(int),
                         unit_price=frame["unit_price"].astype(float), order_date=pd.to_datetime(frame["order_date"]))
    prepared = prepare_orders(frame)
    assert prepared.step("total_rows") is None
    assert (prepared.orders["account_id"] == "Total Fitness").sum() == 3


def test_customer_ids_that_say_none_are_no_customer(tmp_path, clean):
    messy = clean.copy()
    picked = messy.sample(80, random_state=11).index
    messy.loc[picked, "account_id"] = ["N/A"] * 20 + ["#N/A"] * 20 + ["-"] * 20 + ["   "] * 20
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    figures, steps = reported(path)
    assert figures == headline(clean.drop(index=picked))  # was 477 customers: "N/A", "#N/A" and "-" among them
    assert steps["placeholder_ids"].rows == 60
    assert all(f"“{v}”" in steps["placeholder_ids"].text("en") for v in ("N/A", "#N/A", "-"))
    assert steps["no_customer"].rows == 80  # the placeholders and the blank cells, together


def test_blank_rows_and_a_blank_quantity_do_not_stop_the_report(tmp_path, clean, truth):
    lines = ORDERS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    at = header.index("quantity")
    row = lines[500].split(",")
    row[at] = ""  # a line with an amount and no quantity, in a file that has returns
    lines[500] = ",".join(row)
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines + [","* (len(header) - 1)] * 3) + "\n", encoding="utf-8")
    figures, steps = reported(path)  # was: TypeError "Cannot interpret 'Int64Dtype()' as a data type"
    assert figures == truth
    assert steps["empty_rows"].rows == 3 and steps["empty_rows"].file_rows == [len(lines) + 1, len(lines) + 2,
                                                                               len(lines) + 3]
    assert steps["no_quantity"].rows == 1 and steps["no_quantity"].removed == 0 and steps["no_quantity"].file_rows == [501]


def test_a_blank_amount_is_computed_or_set_aside_never_counted_as_zero(tmp_path, clean):
    messy = clean.copy()
    computable, unknown = messy.index[[55, 1850]], messy.index[[92, 833]]
    messy.loc[computable, "amount"] = ""
    messy.loc[unknown, ["amount", "quantity"]] = ""
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    figures, steps = reported(path)  # was: the revenue figures gone and a customer said to have "only returned goods"
    filled = clean.drop(index=unknown).copy()
    filled.loc[computable, "amount"] = (clean.loc[computable, "quantity"].astype(float)
                                        * clean.loc[computable, "unit_price"].astype(float)).round(2).astype(str)
    assert figures == headline(filled)
    assert steps["amount_filled"].rows == 2 and steps["amount_filled"].removed == 0
    assert steps["no_amount"].rows == 2 and steps["no_amount"].removed == 2
    assert steps["no_amount"].file_rows == [94, 835]
    assert "return_only" not in steps


@pytest.mark.parametrize("zones", [("Z",), ("+08:00", "Z", "-05:00")], ids=["utc", "mixed"])
def test_timestamps_with_a_time_zone_keep_the_day_written(tmp_path, clean, truth, zones):
    messy = clean.copy()
    suffix = [zones[k % len(zones)] for k in range(len(messy))]
    messy["order_date"] = pd.to_datetime(clean["order_date"]).dt.strftime("%Y-%m-%dT23:30:00") + suffix
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    dates = read_table(path, schema="b2b_orders")["order_date"]  # was: TypeError, or pandas' "Pass utc=True"
    # 23:30 at +08:00 is 15:30 UTC, at -05:00 the next day in UTC: the day as written is kept either way
    assert (dates.dt.normalize() == pd.to_datetime(clean["order_date"]).to_numpy()).all()
    assert (dates.dt.hour == 23).all()
    inputs = load_inputs(path)
    assert any("time zone" in n["en"] and "时区" in n["zh"] for n in inputs.read_notes)
    figures, _ = reported(path)
    assert figures == truth


def test_two_columns_mapped_to_one_name_are_refused_with_the_fix(tmp_path, clean):
    export = clean[["order_id", "account_id", "order_date", "amount"]].copy()
    export.columns = ["单号", "客户", "日期", "金额"]
    export["含税金额"] = (clean["amount"].astype(float) * 1.13).round(2)
    path = tmp_path / "销售.csv"
    export.to_csv(path, index=False)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("单号: order_id\n客户: account_id\n日期: order_date\n金额: amount\n含税金额: amount\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:  # was: AttributeError "'DataFrame' object has no attribute 'dtype'"
        load_inputs(path, mapping)
    assert "'金额', '含税金额'" in caught.value.en and "map just one" in caught.value.en
    assert "只把其中一列映射为 'amount'" in caught.value.zh


def test_an_excel_export_split_into_sheets_by_period_is_read_whole(tmp_path, clean, truth):
    orders = clean.assign(order_date=pd.to_datetime(clean["order_date"]), amount=clean["amount"].astype(float),
                          quantity=clean["quantity"].astype(int), unit_price=clean["unit_price"].astype(float))
    year = orders["order_date"].dt.year
    path = tmp_path / "orders.xlsx"
    with pd.ExcelWriter(path) as book:
        for name, part in (("2009-2019", orders[year <= 2019]), ("2020-2023", orders[year.between(2020, 2023)]),
                           ("2024-2026", orders[year >= 2024])):
            part.to_excel(book, sheet_name=name, index=False)
        pd.DataFrame({"note": ["exported from the ERP", "figures in CNY"]}).to_excel(book, sheet_name="README", index=False)
    figures, _ = reported(path)  # was: the first sheet only, "as of 31 Dec 2019", and not a word about the others
    assert figures == truth
    notes = " ".join(n["en"] for n in load_inputs(path).read_notes)
    assert "3 sheets with the same columns (2009-2019, 2020-2023, 2024-2026)" in notes
    assert "sheet README not read" in notes


def test_a_folder_of_yearly_order_files_is_read_as_one_table(tmp_path, clean, truth):
    year = pd.to_datetime(clean["order_date"]).dt.year
    clean[year <= 2019].to_csv(tmp_path / "orders_2009-2019.csv", index=False)
    clean[year > 2019].to_csv(tmp_path / "orders_2020-2026.csv", index=False, encoding="gbk")
    clean.head(5).assign(sales_rep="Li Wei").to_csv(tmp_path / "orders_by_rep.csv", index=False)
    figures, _ = reported(tmp_path)  # was: the first file only, with one line in section 1 about the second
    assert figures == truth
    inputs = load_inputs(tmp_path)
    notes = " ".join(n["en"] for n in inputs.notes)
    assert f"its {int((year > 2019).sum()):,} rows were added to the table b2b_orders ({len(clean):,} rows in all)" in notes
    assert "orders_by_rep.csv was ignored" in notes and "other columns" in notes
    assert inputs.rows_read["b2b_orders"] == len(clean)


def test_dates_typed_in_the_future_never_move_the_as_of_date_past_today(tmp_path, clean):
    messy = clean.copy()
    dates = pd.to_datetime(clean["order_date"])
    picked = messy.loc[dates >= "2026-01-01"].sample(30, random_state=5).index  # 0.35 %: too many to be "stray"
    messy.loc[picked, "order_date"] = (dates[picked] + pd.DateOffset(years=40)).dt.strftime("%Y-%m-%d")
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    report = S.Report.from_inputs(load_inputs(path), lang="en")
    assert report.today <= pd.Timestamp.today()  # was: 40 years on, every recency and due date with it
    assert report.today == dates.drop(index=picked).loc[lambda d: d <= "2026-06-30"].max()
    from course.reports.prospect import infer_as_of

    day, note = infer_as_of({"b2b_orders": read_table(path, schema="b2b_orders")}, today=pd.Timestamp("2026-11-29"))
    assert day == pd.Timestamp("2026-06-30")
    future = int((pd.to_datetime(messy["order_date"]) > "2026-11-29").sum())
    assert note["en"].startswith(f"{future} rows are dated after today (2026-11-29)") and "晚于今天" in note["zh"]


def test_a_short_to_do_list_in_the_folder_is_not_read_as_baskets(tmp_path, clean):
    clean.to_csv(tmp_path / "orders.csv", index=False)
    (tmp_path / "todo.txt").write_text("call Li Wei, send quote, check toner stock\nLi Wei, Wang Fang\nsend quote, Wang Fang\n"
                                       "check toner stock, call Li Wei\nWang Fang, send quote, call Li Wei\n", encoding="utf-8")
    inputs = load_inputs(tmp_path)  # was: five "baskets" and the action "Offer check toner stock to … call Li Wei"
    assert "b2c_basket_items" not in inputs.tables
    notes = [n["en"] for n in inputs.notes]
    assert any(n.startswith("todo.txt was set aside") and "baskets.txt" in n for n in notes)
    (tmp_path / "todo.txt").rename(tmp_path / "baskets.txt")  # named as baskets: the trainer's own list is used
    named = load_inputs(tmp_path)
    assert named.tables["b2c_basket_items"]["txn_id"].nunique() == 5
    said = [n["en"] for n in named.read_notes if "one basket per line" in n["en"]]
    assert len(said) == 1  # it was said twice


def test_every_step_has_its_words_and_the_data_as_read_section_shows_them(tmp_path, clean, monkeypatch):
    """A new kind of step without its flow label broke the whole "data as read" section (KeyError)."""
    import html
    import re

    import matplotlib.figure

    from course import i18n

    source = (Path(__file__).resolve().parent.parent / "course" / "order_lines.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'(?:add|Step)\(\s*"(\w+)"', source)) | {"no_customer_dropped", "returns", "returns_unmatched"}
    messages = i18n.messages()
    removing = set(re.findall(r'_removed\(steps, "(\w+)"', source)) | {"returns", "returns_unmatched", "return_only",
                                                                      "no_customer_dropped"}
    assert {k for k in keys if f"orders.step.{k}" not in messages} == set()
    assert {k for k in removing if f"report.as_read.flow.{k}" not in messages} == set()

    messy = clean.copy()
    messy.loc[messy.index[:4], "account_id"] = "N/A"
    messy.loc[messy.index[[10, 11]], ["amount", "quantity"]] = ""
    total = {c: "" for c in clean.columns}
    total.update({"order_id": "合计", "amount": "1"})
    path = tmp_path / "orders.csv"
    pd.concat([messy, pd.DataFrame([total])], ignore_index=True).to_csv(path, index=False)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("," * (len(clean.columns) - 1) + "\n")
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kw: shown.extend(objects))
    for lang in ("en", "zh"):
        shown.clear()
        S.data_as_read(S.Report.from_inputs(load_inputs(path), lang=lang))
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", o.data)) for o in shown
                        if not isinstance(o, matplotlib.figure.Figure) and isinstance(getattr(o, "data", None), str))
        assert "could not be computed" not in text and "无法计算本部分" not in text, text[:300]
        for key in ("empty_rows", "total_rows", "no_amount"):
            assert i18n.t(f"report.as_read.flow.{key}", lang) in text


def test_shop_receipts_get_the_same_account_as_orders(tmp_path):
    """Receipts written twice were counted twice, and receipts without a member id left out without a word."""
    import numpy as np

    receipts = pd.read_csv(ORDERS.parent / "b2c_transactions.csv", dtype=str, keep_default_na=False, na_values=[""])
    blank = receipts.sample(30, random_state=1).index
    messy = receipts.copy()
    messy.loc[blank, "member_id"] = np.nan
    kept = receipts.drop(index=blank)
    refunds = kept.sample(10, random_state=2).assign(txn_id=lambda f: "R" + f["txn_id"],
                                                     amount=lambda f: (-f["amount"].astype(float)).astype(str))
    twice = kept.sample(20, random_state=3)
    folder = tmp_path / "shop"
    folder.mkdir()
    pd.concat([messy, refunds, twice]).sort_values("txn_date", kind="stable").to_csv(folder / "transactions.csv",
                                                                                      index=False)
    (folder / "members.csv").write_bytes((ORDERS.parent / "b2c_members.csv").read_bytes())
    inputs = load_inputs(folder)
    steps = {s.key: s for s in inputs.prepared["b2c_transactions"].steps}
    assert steps["duplicates"].rows == 20 and steps["no_customer"].rows == 30
    truth = pd.concat([messy, refunds], ignore_index=True).rename(columns={"member_id": "account_id"})
    returned = (truth["amount"].astype(float) < 0) | truth["txn_id"].str.match(r"C\d")
    assert returned.sum() >= 10 and steps["returns_unmatched"].rows == returned.sum()
    assert "line_level" not in steps  # 20 receipts written twice do not make the file line-level
    report = S.Report.from_inputs(inputs, lang="en")
    revenue = A.pareto(report, "b2c_transactions", "member_id")["revenue"]
    assert round(float(revenue.sum()), 2) == headline(truth)["revenue"]  # was: the 20 repeats counted twice
    assert len(revenue) == headline(truth)["customers"]


def test_amounts_in_accounting_style_are_read_and_an_unreadable_cell_is_named_alone(tmp_path, clean, truth):
    messy = clean.copy()
    amount = clean["amount"].astype(float)
    messy["amount"] = [f"({-v:,.2f})" if v < 0 else f"{v:,.2f}" for v in amount]  # 8,236.50 and (5,394.00)
    assert messy["amount"].str.startswith("(").sum() == (amount < 0).sum() > 0
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    figures, steps = reported(path)  # was: refused, blaming 7,792 readable cells, with a fix the command lacks
    assert figures == truth and steps["returns"].rows >= (amount < 0).sum()
    messy.loc[messy.index[[6, 40]], "amount"] = ["see note", "12.5.3"]
    messy.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        read_table(path, schema="b2b_orders")
    assert "2 values" in caught.value.en and "rows 8, 42" in caught.value.en, caught.value.en


def test_the_checks_of_a_line_level_file_count_lines_not_orders(tmp_path, clean, monkeypatch):
    first = clean.assign(amount=(clean["amount"].astype(float) / 2).round(2))
    second = first.assign(product_id="SVC", product_name="installation service")
    lines = pd.concat([first, second], ignore_index=True).sort_values("order_id", kind="stable")
    path = tmp_path / "order_lines.csv"
    lines.to_csv(path, index=False)
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kw: shown.extend(objects))
    inputs = load_inputs(path)
    assert inputs.prepared["b2b_orders"].line_level
    S.quality(S.Report.from_inputs(inputs, lang="en"))
    text = " ".join(getattr(o, "data", "") for o in shown if isinstance(getattr(o, "data", None), str))
    kept = inputs.tables["b2b_orders"]
    assert f"of {len(kept):,} lines (of {kept['order_id'].nunique():,} orders)" in text  # was: "of 16,900 orders"


def test_a_headline_figure_that_fails_says_so_in_the_summary(monkeypatch):
    """A figure that could not be computed disappeared from the summary without a word (audit: six blank amounts)."""
    from course.reports import summary

    report = S.Report.from_inputs(load_inputs("huaxin"), lang="en")

    def broken(*_args, **_kw):
        raise DataError("column 'amount' has 5 missing values", "列 'amount' 有 5 个缺失值")

    monkeypatch.setattr(A, "pareto", broken)
    figures = {f.label: f for f in summary.figures(report)}
    revenue = figures["Order revenue"]
    assert revenue.value == "—" and "could not be computed: column 'amount' has 5 missing values" in revenue.note


def test_an_excel_export_with_title_rows_above_its_header(tmp_path, clean, truth):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Sales order export"])
    sheet.append(["Exported 2026-07-01 by the ERP"])
    sheet.append([])
    sheet.append(list(clean.columns))
    typed = clean.assign(amount=clean["amount"].astype(float), quantity=clean["quantity"].astype(int),
                         unit_price=clean["unit_price"].astype(float))
    typed.loc[typed.index[9], "account_id"] = None  # the 10th order: file row 4 + 10 = 14
    for row in typed.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    figures, steps = reported(path)  # was: refused with every section's needs and no word about the header row
    assert figures == headline(clean.drop(index=clean.index[9]))
    assert steps["no_customer"].file_rows == [14]
    assert any("headers are on row 4, below 3 title rows" in n["en"] for n in load_inputs(path).read_notes)


def test_quantities_sold_by_weight_get_advice_that_keeps_the_data(tmp_path, clean):
    messy = clean.copy()
    messy.loc[messy.index[[3, 7]], "quantity"] = ["2.5", "0.75"]
    path = tmp_path / "orders.csv"
    messy.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        read_table(path, schema="b2b_orders")
    en = caught.value.en
    assert "rows 5, 9" in en and "weight or length" in en and "rounding would change your data" in en
    assert "round these values" not in en and "按重量或长度" in caught.value.zh
    messy.drop(columns=["quantity"]).to_csv(path, index=False)  # the advice taken: the report runs on the amounts
    figures, _ = reported(path)
    assert figures == headline(clean)  # net per customer is the same without quantities


def test_a_product_called_total_is_sold_but_a_total_line_under_it_is_not(clean):
    frame = clean.head(40).assign(amount=lambda f: f["amount"].astype(float), quantity=lambda f: f["quantity"].astype(int),
                                  unit_price=lambda f: f["unit_price"].astype(float),
                                  order_date=lambda f: pd.to_datetime(f["order_date"]))
    frame.loc[frame.index[:2], "product"] = "TOTAL"  # a cleaning product of that name, on real orders
    total = frame.iloc[[0]].assign(order_id=None, account_id=None, product="Total", amount=frame["amount"].sum())
    prepared = prepare_orders(pd.concat([frame, total], ignore_index=True))
    assert prepared.step("total_rows").rows == 1
    assert (prepared.orders["product"] == "TOTAL").sum() == 2
