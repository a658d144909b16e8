"""The prospect report on files shaped like real exports, generated from the bundled data by course.messy_exports.

Most checks render the report's sections in this process (``sections.run_all`` with IPython's ``display`` captured):
the same code the papermill template calls, without a kernel per shape. A few runs go through the command line and a
kernel, end to end. Expected figures come from the generator's truth or from plain pandas on the file.
"""

from __future__ import annotations

import html
import re
import time

import matplotlib.figure
import pandas as pd
import pytest
import yaml

from course import messy_exports
from course.data import DataError
from course.reports import cli, prospect
from course.reports import sections as S
from course.reports.inputs import ReportOptions, load_inputs


def run(*argv: str) -> int:
    return cli.run(cli.parser().parse_args(list(argv)))


def render(monkeypatch, inputs, **params) -> str:
    """The report's sections as plain text (tables as 'a | b' rows, figures as [FIG]), rendered in this process."""
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kw: shown.extend(objects))
    S.run_all(S.Report.from_inputs(inputs, **params))
    parts = []
    for obj in shown:
        if isinstance(obj, matplotlib.figure.Figure):
            parts.append("[FIG]")
        elif isinstance(getattr(obj, "data", None), str):
            text = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", obj.data)
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return re.sub(r"[ \t]+", " ", "\n".join(parts))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shapes")
    truth = messy_exports.write_shapes(folder)
    return folder, truth


@pytest.fixture(scope="module")
def retail(shapes):
    folder, truth = shapes
    inputs = load_inputs(folder / "retail" / "online_retail.csv", folder / "retail" / "mapping.yaml",
                         options=ReportOptions(currency="GBP"))
    return inputs, truth["retail"]


# --------------------------------------------------------------------------- the retail-like file
def test_retail_file_is_read_as_it_comes(retail):
    inputs, truth = retail
    orders = inputs.tables["b2b_orders"]
    assert inputs.rows_read["b2b_orders"] == truth["rows"]
    assert any("Windows-1252" in n["en"] for n in inputs.read_notes)
    assert any("month/day/year" in n["en"] for n in inputs.read_notes)
    assert orders["order_date"].max().date().isoformat() == truth["last_day"]
    assert not orders["product_name"].str.contains(r"[\u3400-\u9fff]").any()  # no GBK nonsense
    assert orders["account_id"].dropna().str.fullmatch(r"\d+").all()  # 12965, not 12965.0


def test_retail_report_states_every_exclusion(monkeypatch, retail):
    inputs, truth = retail
    text = render(monkeypatch, inputs, lang="en", currency="GBP")
    steps = {s.key: s for s in inputs.prepared["b2b_orders"].steps}
    assert f"{truth['duplicate_lines']:,} lines" in text and "--duplicates keep" in text
    assert f"Unit price of 0 on {steps['zero_price'].rows:,} lines" in text
    assert "Negative unit price on 1 line" in text
    assert f"{steps['no_customer'].rows:,} rows" in text and "have no customer id" in text and "--anonymous drop" in text
    assert f"{len(truth['return_only_customers'])} customers (e.g. 90000" in text
    assert "latest first" in text and "--returns drop" in text
    assert "line-level" in text and f"{truth['rows']:,} lines" in text
    assert "quantity × unit price" in text
    # the flow table adds up: rows read minus every set-aside = rows kept
    kept = len(inputs.prepared["b2b_orders"].orders)
    assert truth["rows"] - sum(s.removed for s in steps.values()) == kept and f"rows kept | {kept:,}" in text


def test_retail_report_counts_orders_and_speaks_the_data_currency(monkeypatch, retail):
    inputs, truth = retail
    text = render(monkeypatch, inputs, lang="en", currency="GBP")
    assert "£" in text and "¥" not in text and "-£0" not in text and "Revenue (£)" in text
    assert "Frequency counts distinct orders" in text
    # the figures are the data's last day's
    last = pd.Timestamp(truth["last_day"])
    assert f"Seen from {last.day} {last.strftime('%b')} {last.year}" in text
    assert "0.0 years" not in text
    # readable products in the rules, not stock codes
    rules = text[text.rindex("Cross-selling rules"):]
    codes = set(inputs.tables["b2b_orders"]["product"])
    assert "CAMPING TENT" in rules and not any(f"| {c} |" in rules for c in codes)
    assert "Rules come from" in rules and "orders, each order a basket" in rules
    zh = render(monkeypatch, inputs, lang="zh", currency="GBP")
    assert "万英镑" in zh or "英镑" in zh
    assert "元）" not in zh.split("数据读取说明")[1] and "Frequency" not in zh


def test_top_customer_orders_are_distinct_invoices(retail):
    from course import records

    inputs, _ = retail
    orders = inputs.tables["b2b_orders"]
    card = records.customer_scorecard(orders.loc[orders["account_id"].notna()], as_of=orders["order_date"].max())
    plain = orders.loc[orders["account_id"].notna() & (orders["amount"] > 0)].groupby("account_id")["order_id"].nunique()
    assert (card["orders"] == plain.reindex(card.index)).all()
    lines = orders.loc[orders["account_id"].notna()].groupby("account_id").size()
    assert (lines.reindex(card.index) > card["orders"]).any()  # lines are not orders


# --------------------------------------------------------------------------- other shapes
def test_excel_export_and_gbk_renamed_export(shapes):
    folder, truth = shapes
    book = load_inputs(folder / "retail_xlsx" / "online_retail.xlsx", folder / "retail_xlsx" / "mapping.yaml")
    assert book.rows_read["b2b_orders"] == truth["retail_xlsx"]["rows"]
    assert book.tables["b2b_orders"]["account_id"].dropna().str.fullmatch(r"\d+").all()
    renamed = load_inputs(folder / "renamed" / "erp_export.csv", folder / "renamed" / "mapping.yaml")
    orders = renamed.tables["b2b_orders"]
    assert renamed.rows_read["b2b_orders"] == truth["renamed"]["rows"] and orders["product_name"].str.contains("复印").any()
    assert any("GBK" in n["en"] for n in renamed.read_notes)


def test_line_level_orders_without_amount(shapes, monkeypatch):
    folder, truth = shapes
    inputs = load_inputs(folder / "line_level" / "sales_lines.csv", folder / "line_level" / "mapping.yaml")
    orders = inputs.tables["b2b_orders"]
    value = orders.groupby("account_id")["amount"].sum()
    expected = pd.Series(truth["line_level"]["value_per_account"])
    assert (value.reindex(expected.index) - expected).abs().max() < 0.01
    from course import records

    rfm = records.rfm_table(orders, as_of="2026-06-30")
    plain = pd.read_csv(folder / "line_level" / "sales_lines.csv", dtype={"order_no": str})
    plain = plain[(plain["qty"] > 0) & (plain["date"] <= "2026-06-30")]
    per = plain.groupby("customer")["order_no"].nunique()
    returned = set(pd.read_csv(folder / "line_level" / "sales_lines.csv").query("qty < 0")["customer"])
    clean = [c for c in rfm.index if c not in returned]
    assert (rfm.loc[clean, "frequency"] == per.reindex(clean)).all()
    assert (rfm["frequency"] <= per.reindex(rfm.index)).all()
    assert (per > orders.groupby("account_id").size().reindex(per.index) * 0).all()
    text = render(monkeypatch, inputs, lang="en")
    assert f"{truth['line_level']['lines']:,} lines belong to {truth['line_level']['orders']:,} orders" in text


def test_folder_with_a_notes_file_sets_it_aside(shapes, monkeypatch):
    folder, _ = shapes
    inputs = load_inputs(folder / "folder_with_notes")
    assert set(inputs.tables) == {"b2b_orders", "b2b_accounts"}
    notes = " ".join(n["en"] for n in inputs.notes)
    assert "notes.txt was set aside" in notes
    assert "notes.txt" in render(monkeypatch, inputs, lang="en")


def test_basket_list_alone_gives_cross_sell_rules(shapes, monkeypatch):
    folder, truth = shapes
    inputs = load_inputs(folder / "baskets" / "groceries.csv")
    assert list(inputs.tables) == ["b2c_basket_items"]
    assert inputs.tables["b2c_basket_items"]["txn_id"].nunique() == truth["baskets"]["baskets"]
    text = render(monkeypatch, inputs, lang="en")
    assert "rules found in" in text and "Rules come from" in text and "Camping tent" in text


def test_small_basket_file_with_big_baskets_never_hangs(tmp_path, monkeypatch):
    import random

    rng = random.Random(3)
    pool = [f"product {k}" for k in range(80)]
    rows = [",".join(rng.sample(pool[:30], rng.randint(20, 30)) + rng.sample(pool, 5)) for _ in range(30)]
    path = tmp_path / "baskets.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    inputs = load_inputs(path)
    text = render(monkeypatch, inputs, lang="en")
    part = text[text.rindex("Cross-selling rules"):]
    assert "limited to" in part and "anecdote" in part and "could not be computed" not in part


def test_own_leads_with_a_target_and_data_driven_leakage(shapes, monkeypatch):
    folder, truth = shapes
    inputs = load_inputs(folder / "campaign" / "campaign.csv", options=ReportOptions(target="subscribed"))
    assert "b2b_leads" in inputs.tables
    text = render(monkeypatch, inputs, lang="en")
    part = text[text.rindex("Targeting: lead scores"):text.rindex("About this report")]
    for column in truth["campaign"]["leaky"] + truth["campaign"]["id_columns"]:
        assert f"{column} |" in part
    assert "almost perfectly" in part and "after the outcome" in part and "--keep-features" in part
    assert "annual_spend" in part and "Read as numbers" in part
    assert "Every row already has an outcome" in part and "could not be computed" not in part
    zh = render(monkeypatch, inputs, lang="zh")
    assert "通话" in zh and "未使用的原因" in zh
    kept = load_inputs(folder / "campaign" / "campaign.csv",
                       options=ReportOptions(target="subscribed", keep_features=["call_seconds"]))
    assert "Kept on request" in render(monkeypatch, kept, lang="en")


def test_mapping_file_can_name_the_target(tmp_path, shapes):
    folder, _ = shapes
    mapping = tmp_path / "m.yaml"
    mapping.write_text("target: subscribed=yes\nfeatures: engagement, needs_it\n", encoding="utf-8")
    inputs = load_inputs(folder / "campaign" / "campaign.csv", mapping)
    assert inputs.options.target_column == "subscribed" and inputs.options.positive == "yes"
    assert inputs.options.features == ["engagement", "needs_it"]


# --------------------------------------------------------------------------- degenerate input, failures
def _orders(tmp_path, rows, name="orders.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["order_id", "account_id", "order_date", "amount"]).to_csv(path, index=False)
    return path


def test_one_date_for_every_row_is_said_plainly(tmp_path, monkeypatch):
    rows = [(f"O{k}", f"C{k % 7}", "2025-05-05", 10 + k) for k in range(40)]
    text = render(monkeypatch, load_inputs(_orders(tmp_path, rows)), lang="en")
    assert "Every purchase in the data is dated 5 May 2025" in text
    assert "with one day there are no intervals" in text
    assert "could not be computed" not in text


def test_a_failing_section_says_why_in_one_sentence_and_the_report_goes_on(tmp_path, monkeypatch):
    from course import records

    rows = [(f"O{k}", f"C{k % 7}", f"2025-0{1 + k % 9}-1{k % 9}", 10 + k) for k in range(60)]
    inputs = load_inputs(_orders(tmp_path, rows))

    def broken(*args, **kwargs):
        raise KeyError("segment")

    monkeypatch.setattr(records, "rfm_table", broken)
    text = render(monkeypatch, inputs, lang="en")
    assert "could not be computed: the kit met an unexpected KeyError ('segment')" in text
    assert "Best customers" in text and "About this report" in text  # later sections still there
    assert "Traceback" not in text


def test_a_section_past_its_time_budget_is_stopped(tmp_path, monkeypatch):
    from course import records

    rows = [(f"O{k}", f"C{k % 7}", f"2025-0{1 + k % 9}-1{k % 9}", 10 + k) for k in range(60)]
    inputs = load_inputs(_orders(tmp_path, rows))
    monkeypatch.setattr(prospect, "SECTION_SECONDS", 0.5)

    def slow(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr(records, "rfm_table", slow)
    started = time.perf_counter()
    text = render(monkeypatch, inputs, lang="en")
    assert "took longer than" in text and "About this report" in text
    assert time.perf_counter() - started < 5  # stopped, not waited for


def test_as_of_is_the_last_day_unless_stray_dates(tmp_path):
    rows = [(f"O{k}", "C1", f"2025-03-{1 + k % 28:02d}", 5) for k in range(200)] + [("OX", "C2", "2052-03-01", 5)]
    inputs = load_inputs(_orders(tmp_path, rows))
    sel = prospect.select(inputs)
    assert sel.as_of == pd.Timestamp("2025-03-28")
    assert any("typing error" in n["en"] for n in sel.notes)
    assert prospect.select(inputs, as_of="2025-03-10").as_of == pd.Timestamp("2025-03-10")


# --------------------------------------------------------------------------- mapping that helps
def test_misspelt_mapped_column_suggests_the_real_one(shapes, tmp_path):
    folder, _ = shapes
    block = dict(messy_exports.RETAIL_MAPPING["b2b_orders"])
    block["CustomerId"] = block.pop("CustomerID")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({"b2b_orders": block}), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_inputs(folder / "retail" / "online_retail.csv", mapping)
    assert "'CustomerId'" in e.value.en and "Did you mean 'CustomerID'" in e.value.en
    flat = tmp_path / "flat.yaml"
    flat.write_text("CustomerId: account_id\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_inputs(folder / "folder_with_notes", flat)
    assert "no file has such a column" in e.value.en


def test_ambiguous_dates_get_a_date_message_and_dayfirst(tmp_path, capsys):
    path = _orders(tmp_path, [("O1", "a", "03/04/2025", 5), ("O2", "b", "05/06/2025", 6)])
    out = tmp_path / "r.html"
    assert run("report", "--data", str(path), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "day or the month comes first" in err and "--dayfirst" in err and "missing required columns" not in err
    inputs = load_inputs(path, options=ReportOptions(dayfirst=True))
    assert inputs.tables["b2b_orders"]["order_date"].iloc[0] == pd.Timestamp("2025-04-03")


def test_unwritable_out_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the data was read before --out was checked")

    monkeypatch.setattr(prospect, "load_inputs", must_not_run)
    assert run("report", "--out", "/proc/report.html") == 2
    assert "cannot write there" in capsys.readouterr().err
    locked = tmp_path / "locked.html"
    locked.write_text("old")
    locked.chmod(0o444)
    if not __import__("os").access(locked, __import__("os").W_OK):  # root may write anyway
        assert run("report", "--out", str(locked)) == 2


def test_bad_currency_is_refused(capsys, tmp_path):
    assert run("report", "--out", str(tmp_path / "r.html"), "--currency", "pounds please") == 2
    assert "is not a currency" in capsys.readouterr().err


# --------------------------------------------------------------------------- end to end, through a kernel
def test_retail_report_end_to_end_is_quiet(shapes, capfd):
    folder, _ = shapes
    out = folder / "out" / "retail.html"
    code = run("report", "--data", str(folder / "retail" / "online_retail.csv"), "--columns",
               str(folder / "retail" / "mapping.yaml"), "--currency", "GBP", "--out", str(out))
    captured = capfd.readouterr()
    assert code == 0, captured.err
    assert "IPKernelApp" not in captured.out + captured.err and "WARNING" not in captured.out + captured.err
    page = out.read_text(encoding="utf-8")
    assert "The data as read" in page and "could not be computed" not in page and "Traceback" not in page


def test_chinese_progress_lines_and_report(shapes, capfd):
    folder, _ = shapes
    out = folder / "out" / "订单.html"
    code = run("report", "--data", str(folder / "renamed" / "erp_export.csv"), "--columns",
               str(folder / "renamed" / "mapping.yaml"), "--out", str(out), "--lang", "zh")
    captured = capfd.readouterr()
    assert code == 0, captured.err
    assert "读取 erp_export.csv" in captured.out and "reading" not in captured.out and "IPKernelApp" not in captured.err
    page = out.read_text(encoding="utf-8")
    assert "数据读取说明" in page and "万元" in page and "无法根据现有数据计算本部分" not in page


def test_a_folder_with_a_broken_csv_and_a_basket_list(tmp_path, shapes, monkeypatch):
    folder, truth = shapes
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "orders.csv").write_bytes((folder / "folder_with_notes" / "orders.csv").read_bytes())
    (mixed / "export_old.csv").write_text('a,b\n1,2\n3,4,5,6\n"unclosed,7\n', encoding="utf-8")
    (mixed / "baskets.csv").write_bytes((folder / "baskets" / "groceries.csv").read_bytes())
    inputs = load_inputs(mixed)
    assert set(inputs.tables) == {"b2b_orders", "b2c_basket_items"}
    assert inputs.tables["b2c_basket_items"]["txn_id"].nunique() == truth["baskets"]["baskets"]
    assert any("export_old.csv was set aside" in n["en"] for n in inputs.notes)


def test_features_chosen_for_own_leads(shapes, monkeypatch):
    folder, _ = shapes
    inputs = load_inputs(folder / "campaign" / "campaign.csv",
                         options=ReportOptions(target="subscribed", features=["engagement", "needs_it"]))
    text = render(monkeypatch, inputs, lang="en")
    assert "A model learned it from 2 columns" in text
    with pytest.raises(DataError, match="cannot tell which value is a win"):
        from course import precision

        precision.train_target_model(inputs.tables["b2b_leads"], "sector")


def test_own_leads_in_a_file_named_leads(shapes, tmp_path):
    folder, _ = shapes
    path = tmp_path / "leads.csv"  # named like the kit's table, shaped like the user's campaign
    path.write_bytes((folder / "campaign" / "campaign.csv").read_bytes())
    inputs = load_inputs(path, options=ReportOptions(target="subscribed"))
    assert prospect.sections_ready(inputs.tables, "subscribed")["targeting"] is None
    plain = load_inputs(path)  # without a target: read, but targeting says what it would need
    assert "converted" in " ".join(prospect.sections_ready(plain.tables)["targeting"])


@pytest.mark.parametrize("late", [["2026-12-06"], ["2026-11-02", "2026-12-06"]])
def test_the_as_of_note_counts_stray_rows_in_good_grammar(late):
    from course.reports.prospect import infer_as_of

    days = pd.Series(pd.date_range("2025-01-01", "2025-06-30", freq="h"))  # 4,321 rows: up to 4 may be stray
    orders = pd.DataFrame({"order_date": pd.concat([days, pd.Series(pd.to_datetime(late))], ignore_index=True)})
    day, note = infer_as_of({"b2b_orders": orders})
    assert day == pd.Timestamp("2025-06-30")
    if len(late) == 1:
        assert note["en"].startswith("1 row is dated long after") and "(2026-12-06)" in note["en"]
        assert note["zh"].startswith("有 1 行的日期（2026-12-06）")
    else:
        assert note["en"].startswith("2 rows are dated long after") and "(2026-11-02 to 2026-12-06)" in note["en"]
        assert note["zh"].startswith("有 2 行的日期远远晚于")
