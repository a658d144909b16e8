"""Integration tests of the papermill reports: `report` and `progress-report` end to end, and every bad input.

Each report run starts a kernel, so one run is shared by several assertions (module-scoped fixtures).
"""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest

from course import data
from course.exercises.core import RECORD_MIME
from course.reports import cli, pdf, prospect

EVIL = "<script>alert(1)</script>"


def run(*argv: str) -> int:
    return cli.run(cli.parser().parse_args(list(argv)))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The report on the bundled default data (English), made once."""
    out = tmp_path_factory.mktemp("bundled") / "report.html"
    code = run("report", "--out", str(out), "--top", "5")
    return code, out, out.read_text(encoding="utf-8") if out.exists() else ""


@pytest.fixture(scope="module")
def own_files(tmp_path_factory):
    """A folder of 'user' files: orders as GBK CSV with Chinese column names (mapped), accounts as Excel."""
    folder = tmp_path_factory.mktemp("own")
    orders = data.load("b2b_orders").head(1500)
    accounts = data.load("b2b_accounts")
    accounts["account_name"] = EVIL  # whichever accounts the lists show, the name must come out as text
    renamed = orders.rename(columns={"order_id": "单号", "account_id": "客户编号", "order_date": "下单日期", "amount": "金额"})
    renamed["下单日期"] = renamed["下单日期"].dt.strftime("%Y/%m/%d")
    renamed.to_csv(folder / "订单.csv", index=False, encoding="gbk")
    accounts.to_excel(folder / "accounts.xlsx", index=False)
    mapping = folder / "columns.yaml"
    mapping.write_text("b2b_orders:\n  单号: order_id\n  客户编号: account_id\n  下单日期: order_date\n  金额: amount\n",
                       encoding="utf-8")
    out = folder / "out" / "报告.html"
    code = run("report", "--data", str(folder), "--columns", str(mapping), "--out", str(out), "--lang", "zh",
               "--show-contacts")
    return code, out, out.read_text(encoding="utf-8") if out.exists() else "", accounts


# --------------------------------------------------------------------------- the bundled report
def test_bundled_report_has_every_section(bundled):
    code, out, html = bundled
    assert code == 0 and out.is_file()
    for key in ("overview", "quality", "concentration", "rfm", "best_worst", "lookalike", "man", "methods", "funnel",
                "replacement", "targeting", "cross_sell", "strategy"):
        assert prospect.t(f"report.section.{key}", "en") in html, key
    assert "could not be computed" not in html and "Skipped:" not in html
    from course import records

    share = records.pareto_share(data.load("b2b_orders"))  # the chapter's figure, anomalies included
    assert 0.72 <= share <= 0.85 and f"<strong>{share:.1%}</strong>" in html  # the planted 80/20 range
    assert "July 2026" in html and "A0042" in html  # the textbook replacement case is due in July


def test_bundled_report_opens_with_summary_then_contents(bundled):
    _, _, html = bundled
    summary, contents = html.index('id="report-summary"'), html.index('id="report-contents"')
    first = html.index('id="report-overview"')
    assert summary < contents < first
    actions = re.search(r'<ol class="report-actions".*?</ol>', html, re.DOTALL).group(0)
    assert 3 <= actions.count("<li") <= 5
    # every link of the summary and the contents leads to a heading on the page
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert len(links) >= 15 and not [k for k in links if k not in ids]
    # no literal "\n" shown in any cell, and no sentence repeated down a table
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", "\n", html, flags=re.DOTALL)
    assert "\\n" not in text
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.DOTALL) if len(c.strip()) >= 40]
    repeats = pd.Series(cells).value_counts()
    assert repeats.max() <= 3, repeats.head(3)


def test_a_chinese_report_embeds_every_character_it_shows(own_files):
    import base64
    import io

    from fontTools.ttLib import TTFont

    _, _, html, _ = own_files
    face = re.search(r"url\(data:font/(woff2?);base64,([A-Za-z0-9+/=]+)\)", html)
    assert face, "no embedded font in the Chinese report"
    font = TTFont(io.BytesIO(base64.b64decode(face.group(2))))
    covered = set(font.getBestCmap())
    body = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.DOTALL)
    import html as html_lib

    shown = {ord(c) for c in html_lib.unescape(body) if "\u4e00" <= c <= "\u9fff"}
    assert len(shown) > 200 and not shown - covered, sorted(chr(c) for c in shown - covered)[:20]


def test_bundled_report_is_offline_and_shows_no_code(bundled):
    _, _, html = bundled
    assert not re.search(r"<script[^>]+src=[\"']?https?:", html)
    assert "class=\"jp-InputArea" not in html and "class=\"jp-InputPrompt" not in html and "import pickle" not in html and "P.section(" not in html
    assert "Traceback" not in html
    assert html.count("data:image/png;base64") >= 8  # plots embedded


def test_bundled_report_masks_contacts(bundled):
    _, _, html = bundled
    contacts = data.load("b2b_contacts")
    phones = set(contacts["phone"].dropna()) | set(data.load("b2b_accounts")["phone"].dropna())
    assert not any(p in html for p in phones)
    assert re.search(r"1\d{2}\*{4}\d{4}", html)  # masked mobile numbers are listed
    emails = set(contacts["email"].dropna())
    assert not any(e in html for e in emails)


def test_report_prints_progress(capsys, tmp_path):
    # a quick failing run still shows the first step before it stops
    assert run("report", "--data", "no-such-dataset", "--out", str(tmp_path / "r.html")) == 2
    out, err = capsys.readouterr()
    assert "[1/3]" in out and "no-such-dataset" in err


# --------------------------------------------------------------------------- the user's own files
def test_own_files_report(own_files):
    code, out, html, accounts = own_files
    assert code == 0 and out.is_file()
    assert "潜在客户分析报告" in html and "万元" in html  # Chinese edition, money in 万元
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # no leads / B2C files: the contents list those sections as left out, with what would enable each
    assert "因缺少数据而略去" in html and "（需要 b2b_leads (money, authority, need)）" in html and "如需看到被略去的部分" in html
    assert "无法根据现有数据计算本部分" not in html
    # --show-contacts: phone numbers in full
    shown = [p for p in accounts["phone"].dropna() if p in html]
    assert shown


def test_mapping_is_global_or_per_table(tmp_path):
    flat, per_table, settings = prospect.read_mapping({"金额": "amount"})
    assert flat == {"金额": "amount"} and per_table == {} and settings == {}
    path = tmp_path / "m.yaml"
    path.write_text("orders:\n  金额: amount\ncurrency: GBP\n", encoding="utf-8")
    assert prospect.read_mapping(path) == ({}, {"b2b_orders": {"金额": "amount"}}, {"currency": "GBP"})


def test_single_excel_file_matched_by_columns(tmp_path):
    file = tmp_path / "my data.xlsx"
    data.load("b2b_leads").head(200).to_excel(file, index=False)
    inputs = prospect.load_inputs(file)
    assert list(inputs.tables) == ["b2b_leads"] and len(inputs.tables["b2b_leads"]) == 200
    ready = prospect.sections_ready(inputs.tables)
    assert ready["man"] is None and ready["concentration"] is not None


def test_filters_and_period(tmp_path):
    inputs = prospect.load_inputs("huaxin")
    sel = prospect.select(inputs, period="2025", product="copier", region="Hangzhou")
    orders = sel.tables["b2b_orders"]
    assert orders["order_date"].dt.year.eq(2025).all() and orders["product"].eq("copier").all()
    assert sel.as_of == pd.Timestamp("2025-12-31")
    assert sel.tables["b2b_accounts"]["city_en"].eq("Hangzhou").all()
    assert sel.history["b2b_orders"]["order_date"].min().year < 2025  # the cycle still sees the past
    with pytest.raises(data.DataError, match="period"):
        prospect.parse_period("last summer")


def test_formats_per_language():
    assert prospect.fmt_money(73_037_555, "zh") == "7,303.8 万元" and prospect.fmt_money(980, "zh") == "980 元"
    assert prospect.fmt_money(-5832, "en") == "-¥5,832"
    assert prospect.fmt_money(-0.3, "en") == "-¥0.30" and prospect.fmt_money(-0.004, "en") == "¥0"  # never "-¥0"
    assert prospect.fmt_money(-0.4, "zh") == "-0.40 元" and prospect.fmt_money(-0.001, "zh") == "0 元"
    from course.reports.formats import currency, in_currency

    assert prospect.fmt_money(1234.5, "en", "GBP") == "£1,234" and prospect.fmt_money(2.55, "en", "£") == "£2.55"
    assert prospect.fmt_money(52_000, "zh", "USD") == "5.2 万美元" and prospect.fmt_money(7, "en", "NOK") == "7 NOK"
    assert in_currency("收入（元）", currency("EUR")) == "收入（欧元）" and in_currency("Revenue (¥)", currency("EUR")) == "Revenue (€)"
    assert prospect.fmt_date("2026-07-04", "zh") == "2026年7月4日" and prospect.fmt_date("2026-07-04", "en") == "4 Jul 2026"
    frame = pd.DataFrame({"account_name": [EVIL], "phone": ["13812345678"], "email": ["wang@x.cn"]})
    markup = prospect.html_table(frame, lang="en").data
    assert EVIL not in markup and "138****5678" in markup and "w***@x.cn" in markup


# --------------------------------------------------------------------------- bad input
def _bad(capsys, tmp_path, *argv):
    out = tmp_path / "r.html"
    code = run("report", *argv, "--out", str(out))
    err = capsys.readouterr().err
    assert code == 2 and not out.exists() and not list(tmp_path.glob("*.html"))
    assert "Traceback" not in err and "Fix" in err
    return err


def test_unknown_dataset(capsys, tmp_path):
    err = _bad(capsys, tmp_path, "--data", "huaxn")
    assert "'huaxn'" in err and "Did you mean 'huaxin'" in err


def test_unreadable_file(capsys, tmp_path):
    bad = tmp_path / "orders.xlsx"
    bad.write_bytes(b"this is not a workbook")
    err = _bad(capsys, tmp_path, "--data", str(bad))
    assert "orders.xlsx" in err and "not a readable .xlsx" in err


def test_wrong_encoding(capsys, tmp_path):
    bad = tmp_path / "orders.csv"
    bad.write_bytes(bytes(range(128, 256)) * 8 + b"\n")
    err = _bad(capsys, tmp_path, "--data", str(bad))
    assert "cannot tell the text encoding" in err and "UTF-8" in err and "--encoding" in err


def test_a_file_no_table_matches_says_how_to_map_it(capsys, tmp_path):
    bad = tmp_path / "stuff.csv"
    pd.DataFrame({"客户": ["a", "b"], "金额": [1, 2]}).to_csv(bad, index=False)
    err = _bad(capsys, tmp_path, "--data", str(bad))
    assert "cannot tell which of its tables" in err and "--columns" in err and "--target" in err


def test_mapping_names_absent_columns(capsys, tmp_path):
    file = tmp_path / "orders.csv"
    data.load("b2b_orders").head(50).to_csv(file, index=False)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("订单金额: amount\n", encoding="utf-8")
    err = _bad(capsys, tmp_path, "--data", str(file), "--columns", str(mapping))
    assert "订单金额" in err and "no file has such a column" in err


def test_unwritable_output(capsys, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert run("report", "--out", str(blocker / "r.html")) == 2
    assert "cannot write there" in capsys.readouterr().err
    assert run("report", "--out", str(tmp_path / "r.pdf")) == 2
    assert ".html" in capsys.readouterr().err


# --------------------------------------------------------------------------- PDF
@pytest.mark.skipif(pdf.chromium() is None, reason="PDF export needs Debian's chromium (apt-get install chromium); not installed")
def test_pdf(bundled, tmp_path):
    _, out, _ = bundled
    target = pdf.html_to_pdf(out, tmp_path / "report.pdf")
    assert target.read_bytes()[:5] == b"%PDF-" and target.stat().st_size > 50_000


def test_pdf_without_chromium_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    with pytest.raises(pdf.ReportError, match="apt-get install chromium"):
        pdf.html_to_pdf(tmp_path / "x.html", tmp_path / "x.pdf")


# --------------------------------------------------------------------------- progress report
def _record(exercise, status, hints=0):
    rec = {"exercise": exercise, "status": status, "attempts": 1, "hints_used": hints, "kit_version": "0", "answer": None,
           "via": "code", "message": {"en": "", "zh": ""}}
    return nbformat.v4.new_output("display_data", data={"text/plain": status, RECORD_MIME: rec})


def test_progress_report(tmp_path, capsys):
    from course.reports import progress_report as pr

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("from course.exercises.ch01 import *\nq1.check(1)")
    cell.outputs = [_record("ch01.q1", "incorrect"), _record("ch01.q1", "correct", hints=2), _record("ch01.q2", "incorrect")]
    nb.cells = [cell]
    folder = tmp_path / "alice"
    folder.mkdir()
    nbformat.write(nb, folder / "01-prospects.ipynb")
    table = pr.exercise_table(folder)
    q1 = table.set_index("exercise").loc["ch01.q1"]
    assert q1["status"] == "correct" and q1["hints_used"] == 2  # the latest record wins
    summary = pr.chapter_summary(table).loc["01"]
    assert (summary["done"], summary["tried"], summary["not_started"]) == (1, 1, len(table) - 2)
    assert "q2" in pr.next_steps(table, "en")[0]
    out = tmp_path / "progress.html"
    assert run("progress-report", str(folder), "--out", str(out), "--lang", "zh") == 0
    html = out.read_text(encoding="utf-8")
    assert "练习进度报告" in html and "已完成" in html and "01-prospects.ipynb" in html
    assert run("progress-report", str(tmp_path / "missing"), "--out", str(tmp_path / "p.html")) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_progress_report_reads_record_strings(tmp_path):
    from course.reports import progress_report as pr

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("q3.check(2)")
    out = _record("ch01.q3", "correct")
    out["data"][RECORD_MIME] = json.dumps(out["data"][RECORD_MIME])
    cell.outputs = [out]
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "01-prospects.ipynb")
    assert pr.exercise_table(tmp_path).set_index("exercise").loc["ch01.q3", "status"] == "correct"


def test_progress_report_counts_one_workbook_per_chapter_and_says_what_it_set_aside(tmp_path):
    """A Jupyter copy (-Copy1) was counted as a second chapter-1 workbook (7/50 for 6/40, ids repeated in the advice),
    one cut-off notebook stopped the whole report, and other files were dropped without a word (audit)."""
    import shutil
    from pathlib import Path

    from course.grading import structure
    from course.reports import ReportError
    from course.reports import progress_report as pr

    root = Path(__file__).resolve().parent.parent / "workbook" / "en"
    shutil.copy(root / "01-prospects.ipynb", tmp_path / "01-prospects.ipynb")
    shutil.copy(root / "01-prospects.ipynb", tmp_path / "01-prospects-Copy1.ipynb")
    shutil.copy(root / "02-finding.ipynb", tmp_path / "02-finding.ipynb")
    (tmp_path / "04-records.ipynb").write_text('{"cells": [{"cell_type": "code", ', encoding="utf-8")  # cut short
    (tmp_path / "notes.txt").write_text("bring the laptop", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    table = pr.exercise_table(tmp_path)
    assert sorted(table["workbook"].unique()) == ["01-prospects.ipynb", "02-finding.ipynb"]
    assert len(table) == len(structure.chapter_exercise_ids("01")) + len(structure.chapter_exercise_ids("02"))
    assert not table.duplicated(["chapter", "exercise"]).any()
    said = " ".join(n["en"] for n in table.attrs["set_aside"])
    assert "01-prospects-Copy1.ipynb was set aside: another copy of chapter 01; 01-prospects.ipynb is counted" in said
    assert "04-records.ipynb was set aside: not a readable notebook" in said
    assert "Not workbooks, so not read: notes.txt." in said
    assert all("zh" in n and n["zh"] for n in table.attrs["set_aside"])
    with pytest.raises(ReportError, match="not a readable notebook"):  # alone, a broken file still stops it
        pr.exercise_table(tmp_path / "04-records.ipynb")
