"""Messy exports of the bundled data, shaped like the files people really bring (真实导出文件的仿制品).

The bundled tables are clean; the files a small business exports from its
till, web shop or CRM are not. This module turns the bundled data into such
files, seeded and documented, so the reader, the report and chapter 8 can be
tested (and taught) on every shape they must cope with:

* :func:`retail_lines` — an online shop's invoice lines (one row per product on
  an invoice): invoice numbers, cancellations as invoices starting with ``C``
  and negative quantities, about a quarter of the rows without a customer id,
  zero and negative prices, exact duplicate lines, customers who only returned
  goods, US dates with a time (``12/1/2025 8:26``), product codes beside
  readable descriptions with accented letters. Written as Windows-1252 CSV,
  as a Western European export would be.
* :func:`renamed_orders`, :func:`line_level_orders` — Huaxin's orders under
  other column names, or as invoice lines without an amount column.
* :func:`campaign_leads` — a call campaign's lead list (``;``-separated) with a
  yes/no outcome, a number column written with thousands separators and
  blanks, and two columns known only after the outcome (the call's length and
  the contract value).
* :func:`basket_list` — one basket per line, items separated by commas, no
  header, ragged rows.
* :func:`write_shapes` — all of them in a folder (CSV in UTF-8, GBK and
  Windows-1252, Excel, a folder with a stray notes file), with
  ``truth.json``: the counts the generator planted, computed from its own
  bookkeeping, never by the kit's cleaning code.

Everything is seeded: the same arguments give the same bytes.

>>> lines, truth = retail_lines(invoices=200, seed=1)
>>> truth["rows"] == len(lines) and truth["rows_without_customer"] > 0
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "RETAIL_COLUMNS",
    "RETAIL_MAPPING",
    "basket_list",
    "campaign_leads",
    "line_level_orders",
    "main",
    "renamed_orders",
    "retail_lines",
    "write_shapes",
]

RETAIL_COLUMNS = ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country")
#: the column mapping a user writes for :func:`retail_lines` (one block for the orders table)
RETAIL_MAPPING = {"b2b_orders": {"InvoiceNo": "order_id", "StockCode": "product", "Description": "product_name",
                                 "Quantity": "quantity", "InvoiceDate": "order_date", "UnitPrice": "unit_price",
                                 "CustomerID": "account_id"}}
#: words with Western European letters that some product descriptions carry (cp1252 has them, GBK does not)
_ACCENTED = ("CAFÉ", "CRÈME", "NAÏVE", "SOUFFLÉ", "PIÑA", "BRÛLÉE", "FIANCÉE", "DÉCOR")
_COUNTRIES = ("United Kingdom", "United Kingdom", "United Kingdom", "United Kingdom", "France", "Germany", "EIRE",
              "España", "Côte d'Ivoire", "Netherlands")
_LAST_DAY = pd.Timestamp("2026-06-30")  # the bundled data's "today": later receipts are planted anomalies


def _bundled(name: str) -> pd.DataFrame:
    from course.data import load

    return load(name)


# --------------------------------------------------------------------------- invoice lines
def _product_codes(items: pd.Series) -> dict[str, tuple[str, str]]:
    """Item -> (stock code, description): a numeric code, sometimes with a letter; upper-case English names."""
    names = sorted(items.unique())
    english = _bundled("b2c_basket_items").drop_duplicates("item").set_index("item")["item_en"]
    out = {}
    for k, item in enumerate(names):
        code = f"{21000 + 37 * k}" + ("ABCDEFG"[k % 7] if k % 3 == 0 else "")
        words = str(english.get(item, item)).upper()
        if k % 5 == 2:  # a fifth of the descriptions carry a Western European letter
            words = f"{_ACCENTED[(k // 5) % len(_ACCENTED)]} {words}"
        out[item] = (code, words)
    return out


def retail_lines(*, invoices: int | None = None, lines: int | None = None, seed: int = 0,
                 missing_customer_share: float = 0.25, cancel_share: float = 0.03, duplicate_share: float = 0.01,
                 zero_price_share: float = 0.002, return_only_customers: int = 12) -> tuple[pd.DataFrame, dict[str, Any]]:
    """An online shop's invoice lines made from the bundled B2C receipts, with everything a real export has.

    Parameters
    ----------
    invoices : int, optional
        How many purchase invoices (default: one per bundled receipt, about
        20,000). More than the bundled receipts repeats them under new invoice
        numbers and new customers (each copy is a new set of customers, dates
        kept).
    lines : int, optional
        Aim for about this many rows instead (e.g. 500,000 for a benchmark);
        overrides ``invoices``.
    seed : int
        Everything random follows this seed.
    missing_customer_share : float
        Share of purchase invoices written without a customer id (whole
        invoices, as a till does for walk-in sales).
    cancel_share : float
        Share of invoices with a customer that are later partly or wholly
        cancelled by a ``C…`` invoice with negative quantities.
    duplicate_share, zero_price_share : float
        Share of lines written twice, and of lines with a price of 0.
    return_only_customers : int
        Customers whose only rows are returns (goods bought before the data starts).

    Returns
    -------
    (DataFrame, dict)
        The lines in the columns :data:`RETAIL_COLUMNS` (dates still as
        timestamps, customer ids as text, blank = missing), and the planted
        truth: ``rows``, ``purchase_invoices``, ``cancellation_invoices``,
        ``cancellation_lines``, ``rows_without_customer``, ``value_without_customer``
        (value of the purchase lines without a customer), ``value_with_customer``,
        ``duplicate_lines`` (extra copies), ``zero_price_lines``,
        ``negative_price_lines``, ``return_only_customers`` (ids), ``unmatched_return_lines``,
        ``customers`` (ids with at least one purchase), ``first_day``, ``last_day``.
    """
    rng = np.random.default_rng(seed)
    txns = _bundled("b2c_transactions")
    txns = txns.loc[txns["txn_date"] <= _LAST_DAY, ["txn_id", "member_id", "txn_date"]].reset_index(drop=True)
    items = _bundled("b2c_basket_items")[["txn_id", "item", "unit_price", "quantity"]]
    per_txn = items.groupby("txn_id").size().reindex(txns["txn_id"]).fillna(0).to_numpy()
    if lines is not None:
        invoices = max(1, int(round(lines / max(per_txn.mean() * 1.04, 1))))
    n_inv = len(txns) if invoices is None else int(invoices)
    copies = int(np.ceil(n_inv / len(txns)))
    picks = np.concatenate([np.arange(len(txns))] * copies)[:n_inv]
    copy_no = np.repeat(np.arange(copies), len(txns))[:n_inv]
    inv = txns.iloc[picks].reset_index(drop=True)
    member_no = inv["member_id"].str.extract(r"(\d+)", expand=False).astype(int).to_numpy()
    inv["CustomerID"] = (12000 + member_no + 10000 * copy_no).astype(str)
    seconds = rng.integers(8 * 3600, 20 * 3600, n_inv)
    inv["InvoiceDate"] = inv["txn_date"] + pd.to_timedelta(seconds // 60 * 60, unit="s")
    inv = inv.sort_values(["InvoiceDate", "txn_id"], kind="stable").reset_index(drop=True)
    inv["InvoiceNo"] = [str(536365 + k) for k in range(n_inv)]
    anonymous = rng.random(n_inv) < missing_customer_share
    inv.loc[anonymous, "CustomerID"] = ""
    inv["Country"] = np.asarray(_COUNTRIES)[rng.integers(0, len(_COUNTRIES), n_inv)]

    codes = _product_codes(items["item"])
    body = inv[["InvoiceNo", "txn_id", "InvoiceDate", "CustomerID", "Country"]].merge(items, on="txn_id", how="inner")
    body = body.sort_values(["InvoiceNo"], kind="stable").reset_index(drop=True)
    body["StockCode"] = body["item"].map(lambda i: codes[i][0])
    body["Description"] = body["item"].map(lambda i: codes[i][1])
    body["Quantity"] = body["quantity"].astype(int)
    body["UnitPrice"] = (body["unit_price"] / 9.0).round(2)  # the shop's own currency, not yuan
    zero = rng.random(len(body)) < zero_price_share
    body.loc[zero, "UnitPrice"] = 0.0
    purchases = body[list(RETAIL_COLUMNS)].copy()

    # cancellations: a later C-invoice takes back some lines of an earlier invoice of the same customer
    known = inv.loc[~anonymous, ["InvoiceNo", "InvoiceDate", "CustomerID", "Country"]]
    chosen = known.sample(frac=cancel_share, random_state=seed) if len(known) else known
    back = purchases[purchases["InvoiceNo"].isin(chosen["InvoiceNo"]) & (purchases["UnitPrice"] > 0)].copy()
    keep_line = rng.random(len(back)) < 0.7
    back = back.loc[keep_line]
    partial = rng.random(len(back)) < 0.3
    back["Quantity"] = -np.where(partial & (back["Quantity"] > 1), back["Quantity"] // 2, back["Quantity"])
    shift = {no: pd.Timedelta(days=int(d), hours=1) for no, d in zip(chosen["InvoiceNo"], rng.integers(0, 20, len(chosen)),
                                                                       strict=True)}
    back["InvoiceDate"] = back["InvoiceDate"] + back["InvoiceNo"].map(shift)
    back = back.loc[back["InvoiceDate"] <= _LAST_DAY + pd.Timedelta(hours=23)]
    c_numbers = {no: f"C{580000 + k}" for k, no in enumerate(sorted(back["InvoiceNo"].unique()))}
    back["InvoiceNo"] = back["InvoiceNo"].map(c_numbers)

    # customers who only returned goods: bought before the data starts
    first = purchases["InvoiceDate"].min()
    ghosts = [str(90000 + k) for k in range(return_only_customers)]
    ghost_rows = []
    sample_codes = sorted(codes.values())
    for k, cid in enumerate(ghosts):
        code, words = sample_codes[(3 * k) % len(sample_codes)]
        ghost_rows.append({"InvoiceNo": f"C{570000 + k}", "StockCode": code, "Description": words, "Quantity": -int(1 + k % 3),
                           "InvoiceDate": first + pd.Timedelta(days=int(3 + 11 * k), hours=10), "UnitPrice": 4.5 + k,
                           "CustomerID": cid, "Country": "United Kingdom"})
    ghosts_frame = pd.DataFrame(ghost_rows, columns=list(RETAIL_COLUMNS))
    # book-keeping lines: a bad-debt adjustment with a negative price and no customer
    adjust = pd.DataFrame([{"InvoiceNo": "A563185", "StockCode": "B", "Description": "Adjust bad debt", "Quantity": 1,
                            "InvoiceDate": first + pd.Timedelta(days=200, hours=14), "UnitPrice": -1106.21,
                            "CustomerID": "", "Country": "United Kingdom"}])
    frame = pd.concat([purchases, back, ghosts_frame, adjust], ignore_index=True)
    dup_idx = np.flatnonzero(rng.random(len(frame)) < duplicate_share)
    frame = pd.concat([frame, frame.iloc[dup_idx]], ignore_index=False)
    frame = frame.sort_index(kind="stable").reset_index(drop=True)  # a duplicate sits right after its original
    frame["Quantity"] = frame["Quantity"].astype(int)

    # the truth, from the generator's own book-keeping
    is_cancel = frame["InvoiceNo"].str.startswith("C")
    blank = frame["CustomerID"] == ""
    value = frame["Quantity"] * frame["UnitPrice"]
    buy = ~is_cancel & (frame["UnitPrice"] > 0) & (frame["Quantity"] > 0)
    purchase_customers = set(purchases.loc[purchases["CustomerID"] != "", "CustomerID"])
    truth = {
        "rows": int(len(frame)),
        "purchase_invoices": int(frame.loc[~is_cancel & frame["InvoiceNo"].str.isdigit(), "InvoiceNo"].nunique()),
        "cancellation_invoices": int(frame.loc[is_cancel, "InvoiceNo"].nunique()),
        "cancellation_lines": int(is_cancel.sum()),
        "rows_without_customer": int(blank.sum()),
        "value_without_customer": round(float(value[blank & buy].sum()), 2),
        "value_with_customer": round(float(value[~blank & buy].sum()), 2),
        "duplicate_lines": int(len(dup_idx)),
        "zero_price_lines": int((frame["UnitPrice"] == 0).sum()),
        "negative_price_lines": int((frame["UnitPrice"] < 0).sum()),
        "return_only_customers": sorted(ghosts),
        "unmatched_return_lines": int(len(ghosts_frame)),
        "customers": int(len(purchase_customers)),
        "first_day": str(frame["InvoiceDate"].min().date()),
        "last_day": str(frame["InvoiceDate"].max().date()),
        "seed": seed,
    }
    return frame, truth


def write_retail_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, encoding: str = "cp1252",
                     date_format: str = "us") -> Path:
    """Write :func:`retail_lines` as a shop's export would: US dates with a time (``12/1/2025 8:26``), ``encoding``.

    ``date_format="dayfirst"`` writes ``1/12/2025 08:26`` instead (day/month/year).
    """
    out = frame.copy()
    d = out["InvoiceDate"]
    day, month = d.dt.day.astype(str), d.dt.month.astype(str)
    clock = d.dt.hour.astype(str) + ":" + d.dt.minute.map("{:02d}".format)
    first, second = (month, day) if date_format == "us" else (day, month)
    out["InvoiceDate"] = first + "/" + second + "/" + d.dt.year.astype(str) + " " + clock
    path = Path(path)
    out.to_csv(path, index=False, encoding=encoding, lineterminator="\r\n")
    return path


# --------------------------------------------------------------------------- Huaxin's orders, reshaped
#: Chinese column names a Chinese ERP export might use for Huaxin's orders
CHINESE_ORDER_NAMES = {"order_id": "单号", "account_id": "客户编号", "order_date": "下单日期", "product": "产品代码",
                       "product_name": "品名", "quantity": "数量", "unit_price": "单价", "amount": "金额"}


def renamed_orders(names: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Huaxin's orders under other column names (default: Chinese ones), and the mapping back to the kit's names."""
    names = names or CHINESE_ORDER_NAMES
    orders = _bundled("b2b_orders")
    keep = [c for c in orders.columns if c in names]
    frame = orders[keep].rename(columns=names)
    return frame, {names[c]: c for c in keep}


def line_level_orders() -> tuple[pd.DataFrame, dict[str, Any]]:
    """Huaxin's orders as invoice lines: an account's orders of one day share an order number; no amount column.

    The truth gives ``lines``, ``orders`` (distinct order numbers), ``orders_per_account`` and
    ``value_per_account`` (quantity × unit price summed: the amount the reader must compute).
    """
    orders = _bundled("b2b_orders").sort_values(["order_date", "account_id", "order_id"], kind="stable")
    key = orders["account_id"] + "|" + orders["order_date"].dt.strftime("%Y%m%d")
    numbers = {k: f"SO{10001 + i}" for i, k in enumerate(dict.fromkeys(key))}
    frame = pd.DataFrame({"order_no": key.map(numbers).to_numpy(), "customer": orders["account_id"].to_numpy(),
                          "date": orders["order_date"].dt.strftime("%Y-%m-%d").to_numpy(),
                          "product": orders["product"].to_numpy(), "product_name": orders["product_name"].to_numpy(),
                          "qty": orders["quantity"].to_numpy(), "price": orders["unit_price"].to_numpy()})
    value = frame["qty"] * frame["price"]
    truth = {"lines": int(len(frame)), "orders": int(frame["order_no"].nunique()),
             "orders_per_account": {k: int(v) for k, v in frame.groupby("customer")["order_no"].nunique().items()},
             "value_per_account": {k: round(float(v), 2) for k, v in value.groupby(frame["customer"]).sum().items()}}
    return frame, truth


LINE_LEVEL_MAPPING = {"b2b_orders": {"order_no": "order_id", "customer": "account_id", "date": "order_date",
                                     "qty": "quantity", "price": "unit_price"}}


# --------------------------------------------------------------------------- a call campaign's leads
def campaign_leads(seed: int = 0) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A call campaign's lead list from Huaxin's leads, shaped like a bank's campaign export.

    Columns: ``lead_ref`` (unique id), ``age_of_account_years``, ``sector``, ``city_size``, ``budget_band``,
    ``decision_maker`` (yes/no), ``needs_it`` (yes/no), ``engagement``, ``site_visits``,
    ``annual_spend`` (text with thousands separators, some blank), ``previous_outcome``, ``call_seconds``
    (the length of the campaign call — known only after it, and longer when the lead bought; 0 when nobody
    answered), ``contract_value`` (0 unless the lead bought: the outcome itself in another form) and
    the outcome ``subscribed`` (yes/no). The truth names the leaky and the id columns.
    """
    rng = np.random.default_rng(seed)
    leads = _bundled("b2b_leads")
    accounts = _bundled("b2b_accounts").set_index("account_id")
    won = leads["converted"].to_numpy()
    n = len(leads)
    spend = (rng.lognormal(10, 0.8, n) * np.where(leads["money"], 1.6, 0.7)).round(0)
    spend_text = pd.Series([f"{v:,.0f}" for v in spend])
    spend_text[rng.random(n) < 0.04] = " "
    call = np.where(won, rng.lognormal(5.4, 0.45, n), rng.lognormal(4.5, 0.55, n)).round(0)
    call[(~won) & (rng.random(n) < 0.08)] = 0
    frame = pd.DataFrame({
        "lead_ref": [f"CMP-{i:05d}" for i in range(1, n + 1)],
        "sector": accounts["industry"].reindex(leads["account_id"]).fillna("other").to_numpy(),
        "size": accounts["size_band"].reindex(leads["account_id"]).fillna("small").to_numpy(),
        "budget_ok": np.where(leads["money"], "yes", "no"),
        "decision_maker": np.where(leads["authority"], "yes", "no"),
        "needs_it": np.where(leads["need"], "yes", "no"),
        "engagement": leads["engagement"].to_numpy(),
        "site_visits": leads["site_visits"].to_numpy(),
        "annual_spend": spend_text.to_numpy(),
        "call_seconds": call.astype(int),
        "contract_value": leads["won_amount"].round(0).astype(int).to_numpy(),
        "subscribed": np.where(won, "yes", "no"),
    })
    truth = {"rows": n, "target": "subscribed", "positive": "yes", "wins": int(won.sum()),
             "leaky": ["contract_value", "call_seconds"], "id_columns": ["lead_ref"], "number_text": ["annual_spend"],
             "blank_annual_spend": int((spend_text == " ").sum())}
    return frame, truth


# --------------------------------------------------------------------------- baskets, one per line
def basket_list(baskets: int | None = None, lang: str = "en") -> tuple[str, dict[str, Any]]:
    """The bundled baskets as a grocery export: one basket per line, items comma-separated, no header.

    Returns the text and the truth (``baskets``, ``items`` per name, ``longest``).
    """
    items = _bundled("b2c_basket_items")
    names = items["item_en"] if lang == "en" else items["item"]
    grouped = names.groupby(items["txn_id"], sort=True).apply(lambda s: list(dict.fromkeys(s)))
    if baskets is not None:
        grouped = grouped.iloc[:baskets]
    text = "".join(",".join(b) + "\n" for b in grouped)
    counts: dict[str, int] = {}
    for b in grouped:
        for i in b:
            counts[i] = counts.get(i, 0) + 1
    return text, {"baskets": int(len(grouped)), "items": counts, "longest": int(max(map(len, grouped)))}


NOTES_TEXT = ("Notes for the export, June 2026\n"
              "The till was replaced in March, so receipts before then have no store code.\n"
              "Ask Li Wei before sending the file to head office!\n")


# --------------------------------------------------------------------------- all of them
def write_shapes(folder: str | os.PathLike[str], *, lines: int | None = None, seed: int = 0) -> dict[str, Any]:
    """Write every messy shape into ``folder`` (one sub-folder each) with ``truth.json``; returns the truth.

    Sub-folders: ``retail/`` (``online_retail.csv`` in Windows-1252 with US dates and ``mapping.yaml``),
    ``retail_xlsx/`` (the same lines as Excel, a smaller sample), ``renamed/`` (orders with Chinese headers as
    GBK CSV, ``mapping.yaml``), ``line_level/`` (invoice lines without an amount, ``mapping.yaml``),
    ``campaign/`` (``;``-separated leads), ``baskets/`` (``groceries.csv``), ``folder_with_notes/``
    (orders, accounts and a stray ``notes.txt``).
    """
    import yaml

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {}

    def sub(name: str) -> Path:
        path = root / name
        path.mkdir(exist_ok=True)
        return path

    def mapping(path: Path, value: dict) -> None:
        path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")

    retail, truth["retail"] = retail_lines(lines=lines, seed=seed)
    write_retail_csv(retail, sub("retail") / "online_retail.csv")
    mapping(root / "retail" / "mapping.yaml", RETAIL_MAPPING)
    small, truth["retail_xlsx"] = retail_lines(invoices=1500, seed=seed + 1)
    small.to_excel(sub("retail_xlsx") / "online_retail.xlsx", index=False)
    mapping(root / "retail_xlsx" / "mapping.yaml", RETAIL_MAPPING)

    renamed, back = renamed_orders()
    renamed.to_csv(sub("renamed") / "erp_export.csv", index=False, encoding="gbk")
    mapping(root / "renamed" / "mapping.yaml", {"b2b_orders": back})
    truth["renamed"] = {"rows": int(len(renamed)), "encoding": "gbk"}

    level, truth["line_level"] = line_level_orders()
    level.to_csv(sub("line_level") / "sales_lines.csv", index=False)
    mapping(root / "line_level" / "mapping.yaml", LINE_LEVEL_MAPPING)

    leads, truth["campaign"] = campaign_leads(seed)
    leads.to_csv(sub("campaign") / "campaign.csv", index=False, sep=";")

    text, truth["baskets"] = basket_list()
    (sub("baskets") / "groceries.csv").write_text(text, encoding="utf-8")

    mixed = sub("folder_with_notes")
    _bundled("b2b_orders").to_csv(mixed / "orders.csv", index=False)
    _bundled("b2b_accounts").to_csv(mixed / "accounts.csv", index=False)
    (mixed / "notes.txt").write_text(NOTES_TEXT, encoding="utf-8")
    truth["folder_with_notes"] = {"odd_file": "notes.txt"}

    (root / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    """``python -m course messy-exports --out DIR [--lines N] [--seed S]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course messy-exports",
                                     description="write messy exports of the bundled data (for testing and chapter 8)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--lines", type=int, default=None, help="rows of the retail file (default: ~60,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    truth = write_shapes(args.out, lines=args.lines, seed=args.seed)
    print(f"wrote {args.out}: retail file with {truth['retail']['rows']:,} lines, and 6 other shapes (truth.json)")
    return 0


# --------------------------------------------------------------------------- the capstone's demo files
#: product codes a dealer's ERP might print instead of the kit's product ids
PRODUCT_CODES = {"copier": "CP-100", "printer": "PR-200", "switch": "SW-300", "router": "RT-400",
                 "service_contract": "SV-500", "toner": "TN-600", "paper": "PA-700", "installation": "IN-800"}
#: the capstone files' column names in each edition, by the kit's role
CAPSTONE_COLUMNS = {
    "en": {"sales": {"order_id": "Invoice", "account_id": "Customer", "order_date": "Date", "product": "Item code",
                     "product_name": "Item", "quantity": "Qty", "unit_price": "Unit price"},
           "accounts": {"account_id": "Customer", "account_name": "Company", "industry": "Industry", "city": "City",
                        "employees": "Staff", "size_band": "Size", "status": "Status"},
           "leads": {"lead_ref": "Lead", "account_id": "Customer", "sector": "Sector", "budget_ok": "Budget",
                     "decision_maker": "Decision maker", "needs_it": "Need", "engagement": "Engagement",
                     "site_visits": "Web visits", "annual_spend": "Annual spend", "call_seconds": "Call seconds",
                     "contract_value": "Contract value", "subscribed": "Signed"}},
    "zh": {"sales": {"order_id": "单号", "account_id": "客户编号", "order_date": "日期", "product": "产品代码",
                     "product_name": "品名", "quantity": "数量", "unit_price": "单价"},
           "accounts": {"account_id": "客户编号", "account_name": "单位名称", "industry": "行业", "city": "城市",
                        "employees": "员工人数", "size_band": "规模", "status": "状态"},
           "leads": {"lead_ref": "线索编号", "account_id": "客户编号", "sector": "行业", "budget_ok": "有预算",
                     "decision_maker": "决策人", "needs_it": "有需求", "engagement": "互动得分", "site_visits": "网站访问",
                     "annual_spend": "年采购额", "call_seconds": "通话秒数", "contract_value": "合同金额",
                     "subscribed": "是否签约"}},
}
CAPSTONE_FILES = {"en": {"sales": "sales_lines.csv", "accounts": "customer_list.xlsx", "leads": "campaign_leads.csv"},
                  "zh": {"sales": "销售明细.csv", "accounts": "客户名单.xlsx", "leads": "活动线索.csv"}}


def _word(code: str, lang: str) -> str:
    """A code (``manufacturing``, ``prospect``) as a person would write it in ``lang``."""
    from course.i18n import messages, t

    for key in (f"ch04.value.{code}", f"value.{code}"):
        if key in messages():
            return t(key, lang) if lang == "zh" else t(key, "en").capitalize()
    return code


def capstone_files(folder: str | os.PathLike[str], lang: str = "en", seed: int = 0) -> dict[str, Any]:
    """Huaxin's data exported the way a small dealer's systems would, for chapter 8: three files and the truth.

    * the sales file: invoice lines (an account's orders of one day share an invoice number), product codes beside
      names, no amount column, a few returns (invoices ``C…`` with negative quantities), lines without a customer id,
      a repeated line, a free line; ``en``: UTF-8 with a byte-order mark and US dates (``3/14/2025``); ``zh``: GBK with
      ``2025/3/14`` dates and Chinese headers;
    * the customer list (Excel): id, company, industry, city, staff, size and status (customer / prospect / lost)
      written as words of the edition's language;
    * the campaign's leads (``;``-separated) with a yes/no outcome and two columns known only after it.

    Returns the paths and the planted truth (``sales_rows``, ``orders``, ``rows_without_customer``, ``return_lines``,
    ``as_of`` …), from the generator's own book-keeping.
    """
    rng = np.random.default_rng(seed)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    names, files = CAPSTONE_COLUMNS[lang], CAPSTONE_FILES[lang]
    orders = _bundled("b2b_orders").sort_values(["order_date", "account_id", "order_id"], kind="stable").reset_index(drop=True)
    key = orders["account_id"] + "|" + orders["order_date"].dt.strftime("%Y%m%d")
    numbers = {k: str(100001 + i) for i, k in enumerate(dict.fromkeys(key))}
    from course.precision import product_name

    sales = pd.DataFrame({"order_id": key.map(numbers), "account_id": orders["account_id"], "order_date": orders["order_date"],
                          "product": orders["product"].map(PRODUCT_CODES),
                          "product_name": orders["product_name"] if lang == "zh" else orders["product"].map(
                              lambda p: product_name(p, "en").capitalize()),
                          "quantity": orders["quantity"].astype(int), "unit_price": orders["unit_price"]})
    buys = sales.index[sales["quantity"] > 0]
    back = sales.loc[rng.choice(buys, size=max(3, len(buys) // 80), replace=False)].copy()
    back["quantity"] = -back["quantity"].clip(lower=1)
    back["order_date"] = back["order_date"] + pd.to_timedelta(rng.integers(3, 30, len(back)), unit="D")
    back = back.loc[back["order_date"] <= _LAST_DAY]
    back["order_id"] = "C" + back["order_id"]
    free = sales.loc[[buys[len(buys) // 2]]].assign(product=PRODUCT_CODES["installation"], unit_price=0.0, quantity=1,
                                                    product_name=product_name("installation", lang).capitalize())
    sales = pd.concat([sales, back, free]).sort_values("order_date", kind="stable").reset_index(drop=True)
    blank = rng.random(len(sales)) < 0.02
    sales.loc[blank, "account_id"] = None
    repeated = sales.iloc[[len(sales) // 3]]
    sales = pd.concat([sales.iloc[: len(sales) // 3 + 1], repeated, sales.iloc[len(sales) // 3 + 1:]]).reset_index(drop=True)
    out = sales.copy()
    d = out["order_date"]
    out["order_date"] = (d.dt.month.astype(str) + "/" + d.dt.day.astype(str) + "/" + d.dt.year.astype(str)) if lang == "en" \
        else (d.dt.year.astype(str) + "/" + d.dt.month.astype(str) + "/" + d.dt.day.astype(str))
    out = out.rename(columns=names["sales"])
    sales_path = root / files["sales"]
    out.to_csv(sales_path, index=False, encoding="utf-8-sig" if lang == "en" else "gbk")

    accounts = _bundled("b2b_accounts")
    name_col = "account_name_en" if lang == "en" else "account_name"
    city_col = "city_en" if lang == "en" else "city"
    book = pd.DataFrame({"account_id": accounts["account_id"], "account_name": accounts[name_col],
                         "industry": accounts["industry"].map(lambda v: _word(v, lang)),
                         "city": accounts[city_col], "employees": accounts["employees"],
                         "size_band": accounts["size_band"].map(lambda v: _word(v, lang)),
                         "status": accounts["status"].map(lambda v: _word(v, lang))}).rename(columns=names["accounts"])
    accounts_path = root / files["accounts"]
    book.to_excel(accounts_path, index=False)

    leads, lead_truth = campaign_leads(seed)
    leads.insert(1, "account_id", _bundled("b2b_leads")["account_id"].to_numpy())
    leads = leads.drop(columns=["size"])
    if lang == "zh":
        for col in ("budget_ok", "decision_maker", "needs_it", "subscribed"):
            leads[col] = leads[col].map({"yes": "是", "no": "否"})
        leads["sector"] = leads["sector"].map(lambda v: _word(v, "zh"))
    leads = leads.rename(columns=names["leads"])
    leads_path = root / files["leads"]
    leads.to_csv(leads_path, index=False, sep=";", encoding="utf-8-sig" if lang == "en" else "gbk")

    cancel = sales["order_id"].str.startswith("C")
    truth = {"sales": str(sales_path), "accounts": str(accounts_path), "leads": str(leads_path), "lang": lang,
             "sales_rows": int(len(sales)), "orders": int(sales.loc[~cancel, "order_id"].nunique()),
             "rows_without_customer": int(sales["account_id"].isna().sum()), "return_lines": int(cancel.sum()),
             "duplicate_lines": 1, "zero_price_lines": 1, "as_of": str(_LAST_DAY.date()),
             "target": names["leads"]["subscribed"], "positive": "是" if lang == "zh" else "yes",
             "leaky": [names["leads"][c] for c in lead_truth["leaky"]],
             "customer_column": names["sales"]["account_id"]}
    return truth
