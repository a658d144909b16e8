"""Chapter 8 — your own customer file, your prospecting plan (实战：用自己的客户数据制定潜在客户开发计划).

The capstone brings the course to a file the trainee (or a business owner)
brings: a sales export, a customer list, a campaign's leads. This module
holds the logic; :mod:`course.widgets.ch08` holds the column-mapping
assistant.

* :func:`suggest_roles` looks at each column's name and values and suggests
  the kit's role for it (customer id, order id, date, product, quantity …),
  saying why; :func:`mapping_yaml` writes the mapping in the form
  ``python -m course report --columns`` accepts.
* :func:`read_sales` reads the sales export with that mapping and makes it fit
  for counting (:mod:`course.order_lines`), returning a :class:`CustomerBook`
  that answers the course's questions on the data: best customers, who to win
  back, who is due, what to cross-sell — and, with the customer list and the
  leads, which prospects look like the best customers and which leads to call
  within a budget.
* :class:`ProspectingPlan` gathers those answers into one action list per
  sheet and exports it as an Excel call list and an HTML plan.

>>> frame = pd.DataFrame({"Invoice": ["1", "1", "2"], "Customer": ["a", "a", "b"], "Date": ["3/14/2025"] * 3,
...                       "Qty": [1, 2, 1], "Unit price": [9.5, 3.0, 4.0]})
>>> suggest_roles(frame, "sales")["role"].tolist()
['order_id', 'account_id', 'order_date', 'quantity', 'unit_price']
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from course.i18n import get_language, t

__all__ = ["ACTIONS", "ROLES", "CustomerBook", "ProspectingPlan", "demo_files", "mapping_yaml", "preview", "read_accounts",
           "read_leads", "read_sales", "suggest_roles"]

#: the kit's roles a column can play, per kind of file, with words that name them in exports (en and zh)
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "sales": {
        "order_id": ("invoice", "invoice no", "order", "order id", "order no", "receipt", "bill", "txn", "transaction",
                     "单号", "订单号", "订单编号", "发票号", "小票号", "流水号", "单据号"),
        "account_id": ("customer", "customer id", "client", "account", "member", "buyer", "cust", "客户", "客户编号",
                       "客户号", "会员", "会员号", "买家", "客户代码"),
        "order_date": ("date", "order date", "invoice date", "time", "day", "日期", "下单日期", "订单日期", "时间", "交易日期"),
        "product": ("item code", "stock code", "sku", "product code", "code", "article", "产品代码", "商品编码", "货号",
                    "物料编码", "编码"),
        "product_name": ("item", "description", "product", "product name", "name", "goods", "品名", "商品名称", "产品名称",
                         "产品", "商品"),
        "quantity": ("qty", "quantity", "units", "pcs", "count", "数量", "件数"),
        "unit_price": ("unit price", "price", "unitprice", "rate", "单价", "价格"),
        "amount": ("amount", "total", "sales", "revenue", "value", "line total", "金额", "总额", "销售额", "实付", "合计"),
    },
    "accounts": {
        "account_id": ("customer", "customer id", "client", "account", "id", "客户", "客户编号", "客户号", "编号"),
        "account_name": ("company", "name", "customer name", "organisation", "organization", "单位名称", "公司", "名称",
                         "客户名称", "单位"),
        "industry": ("industry", "sector", "trade", "行业", "所属行业"),
        "city": ("city", "town", "region", "location", "城市", "地区", "所在地"),
        "employees": ("staff", "employees", "headcount", "size (people)", "员工人数", "人数", "员工数"),
        "size_band": ("size", "size band", "segment", "规模", "企业规模"),
        "status": ("status", "stage", "type", "状态", "客户状态", "类型"),
    },
}
#: the plan's sheets, in order
ACTIONS = ("keep", "win_back", "due", "lookalike", "call", "cross_sell")
_PROSPECT_WORDS = {"prospect", "prospects", "lead", "potential", "潜在客户", "潜在", "意向客户"}


def _norm(text: Any) -> str:
    return re.sub(r"[\s_\-./()（）#:]+", " ", str(text)).strip().lower()


def _name_score(column: str, words: Sequence[str]) -> float:
    import difflib

    name = _norm(column)
    best = 0.0
    for word in words:
        w = _norm(word)
        if name == w:
            return 1.0
        if w and (w in name.split() or (len(w) >= 2 and not w.isascii() and w in name)):
            best = max(best, 0.8)
        best = max(best, 0.7 * difflib.SequenceMatcher(None, name, w).ratio())
    return best


def _content(values: pd.Series) -> dict[str, float]:
    """What the values look like: shares of dates, whole numbers, decimals, and how distinct they are."""
    from course.sniff import _NUMERIC_DATE

    present = values.dropna()
    present = present[present.astype(str).str.strip() != ""]
    sample = present.iloc[:500]
    if sample.empty:
        return {"date": 0.0, "int": 0.0, "float": 0.0, "distinct": 0.0, "text": 0.0}
    text = sample.astype(str).str.strip()
    dates = pd.api.types.is_datetime64_any_dtype(values) or bool(
        text.map(lambda v: bool(_NUMERIC_DATE.match(v)) or bool(re.match(r"^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}", v))).mean() > 0.9)
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    numeric = float(numbers.notna().mean())
    whole = float((numbers.dropna() == numbers.dropna().round()).mean()) if numbers.notna().any() else 0.0
    return {"date": 1.0 if dates else 0.0, "int": numeric * whole, "float": numeric * (1 - whole) + numeric * whole * 0.3,
            "distinct": present.nunique() / max(len(present), 1), "text": 1 - numeric}


_CONTENT_FIT = {
    "order_id": lambda c: 0.3 * (c["distinct"] > 0.05) + 0.1 * (c["date"] == 0),
    "account_id": lambda c: 0.3 * (0.001 < c["distinct"] < 0.9) + 0.1 * (c["date"] == 0),
    "order_date": lambda c: 0.6 * c["date"],
    "product": lambda c: 0.2 * (c["distinct"] < 0.2) * (c["date"] == 0),
    "product_name": lambda c: 0.2 * c["text"] * (c["distinct"] < 0.3) * (c["date"] == 0),
    "quantity": lambda c: 0.4 * c["int"] * (c["date"] == 0),
    "unit_price": lambda c: 0.3 * c["float"] * (c["date"] == 0),
    "amount": lambda c: 0.3 * c["float"] * (c["date"] == 0),
    "account_name": lambda c: 0.3 * c["text"] * (c["distinct"] > 0.5),
    "industry": lambda c: 0.2 * c["text"] * (c["distinct"] < 0.1),
    "city": lambda c: 0.2 * c["text"] * (c["distinct"] < 0.2),
    "employees": lambda c: 0.3 * c["int"],
    "size_band": lambda c: 0.2 * c["text"] * (c["distinct"] < 0.05),
    "status": lambda c: 0.2 * c["text"] * (c["distinct"] < 0.05),
}


def suggest_roles(frame: pd.DataFrame, kind: str = "sales", lang: str | None = None) -> pd.DataFrame:
    """For each column: a few sample values, the kit's role it most likely plays, and why.

    Roles come from :data:`ROLES` (``kind`` is ``"sales"`` or ``"accounts"``); each role goes to at most one column,
    the best-fitting first; a column that fits no role well is left without one (``""``: not used).
    Returns ``column``, ``sample``, ``role``, ``why``.
    """
    if kind not in ROLES:
        raise ValueError(f"kind must be one of {sorted(ROLES)}, got {kind!r} / kind 只能是 {sorted(ROLES)} 之一")
    roles = ROLES[kind]
    scores = []
    contents = {}
    for col in frame.columns:
        content = _content(frame[col])
        contents[col] = content
        constant = frame[col].nunique(dropna=True) <= 1  # one value in every row: only its name can tell its role
        for role, words in roles.items():
            by_name = _name_score(col, words)
            by_name = by_name if by_name >= 0.5 else 0.0  # a faint likeness of names is no evidence
            scores.append((by_name + (0.0 if constant else _CONTENT_FIT[role](content)), by_name, col, role))
    scores.sort(key=lambda s: (-s[0], str(s[2]), s[3]))
    chosen: dict[str, tuple[str, float, float]] = {}
    taken: set[str] = set()
    for total, by_name, col, role in scores:
        if col in chosen or role in taken or total < 0.55:
            continue
        chosen[col] = (role, total, by_name)
        taken.add(role)
    rows = []
    for col in frame.columns:
        sample = ", ".join(str(v) for v in frame[col].dropna().astype(str).str.strip().loc[lambda s: s != ""].head(3))
        if col in chosen:
            role, _, by_name = chosen[col]
            why = t("ch08.why.name" if by_name >= 0.7 else "ch08.why.values", lang, role=t(f"ch08.role.{role}", lang))
        else:
            role, why = "", t("ch08.why.none", lang)
        rows.append({"column": str(col), "sample": sample, "role": role, "why": why})
    return pd.DataFrame(rows)


def mapping_yaml(mappings: Mapping[str, Mapping[str, str]]) -> str:
    """The mapping as YAML the report command accepts: one block per kit table, ``your column: kit column``.

    ``mappings`` maps ``"sales"``/``"accounts"`` (or a kit table name) to ``{your column: role}``.

    >>> print(mapping_yaml({"sales": {"Invoice": "order_id", "Customer": "account_id"}}).strip())
    b2b_orders:
      Invoice: order_id
      Customer: account_id
    """
    import yaml

    table = {"sales": "b2b_orders", "accounts": "b2b_accounts"}
    doc = {table.get(kind, kind): {str(k): str(v) for k, v in block.items() if v} for kind, block in mappings.items() if block}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


# --------------------------------------------------------------------------- reading the trainee's files
def _read(path: str | os.PathLike[str], columns: Mapping[str, str] | None, schema: str, dayfirst: bool | None):
    from course.data import apply_mapping, read_table, validate
    from course.order_lines import add_amount

    frame = read_table(path)
    src = Path(path).name
    if columns:
        frame = apply_mapping(frame, {k: v for k, v in columns.items() if v}, src)
    computed = False
    if schema == "b2b_orders":
        frame, computed = add_amount(frame)
    notes = list(frame.attrs.get("read_notes", []))
    typed = validate(frame, schema, source=src, dayfirst=dayfirst)
    typed.attrs["read_notes"] = notes + [n for n in typed.attrs.get("read_notes", []) if n not in notes]
    typed.attrs["amount_computed"] = computed
    typed.attrs["source"] = src
    return typed


def read_sales(path: str | os.PathLike[str], columns: Mapping[str, str] | None = None, *, dayfirst: bool | None = None,
               returns: str = "net", duplicates: str = "drop", anonymous: str = "rules") -> CustomerBook:
    """Read a sales export with a column mapping (``{your column: role}``) and make it fit for counting.

    Raises :class:`course.data.DataError` naming the file, the column and the fix (a mapped column the file lacks,
    a missing required role, dates whose order cannot be told …).
    """
    from course.order_lines import prepare_orders

    typed = _read(path, columns, "b2b_orders", dayfirst)
    prepared = prepare_orders(typed, returns=returns, duplicates=duplicates, anonymous=anonymous,
                              amount_computed=bool(typed.attrs.get("amount_computed")))
    return CustomerBook(prepared, typed.attrs.get("read_notes", []), typed.attrs.get("source", Path(path).name))


def read_accounts(path: str | os.PathLike[str], columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a customer list (id, name, industry, city, staff, size, status) with a column mapping."""
    return _read(path, columns, "b2b_accounts", None)


def read_leads(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a list of leads as it is (any columns, numbers as text where written so); the outcome is chosen later."""
    from course.data import read_table

    return read_table(path)


def preview(frame: pd.DataFrame, rows: int = 5, lang: str | None = None):
    """The first ``rows`` rows of someone's own file as they are: its own column names and codes,
    every cell whole, numbers with thousands separators, no row numbers (the table house style,
    untranslated: :func:`course.tables.table` with ``translate=False``).

    >>> print(preview(pd.DataFrame({"InvoiceNo": ["536365"], "UnitPrice": [2.55], "Qty": [6]}), lang="en").text())
    InvoiceNo UnitPrice Qty
    536365         2.55   6
    """
    from course import tables

    return tables.table(frame.head(rows), lang, translate=False)


def demo_files(folder: str | os.PathLike[str], lang: str | None = None) -> dict[str, Any]:
    """The chapter's demo: Huaxin's data exported the way a small dealer's systems would (see
    :func:`course.messy_exports.capstone_files`), written to ``folder``."""
    from course.messy_exports import capstone_files

    return capstone_files(folder, lang or get_language())


# --------------------------------------------------------------------------- the course on the trainee's data
@dataclass
class CustomerBook:
    """A sales export made fit for counting, and the course's questions answered on it."""

    prepared: Any
    read_notes: list[dict[str, str]] = field(default_factory=list)
    source: str = ""

    @property
    def orders(self) -> pd.DataFrame:
        """Lines with a customer id (returns netted): what the customer analyses use."""
        return self.prepared.customer_orders

    @property
    def as_of(self) -> pd.Timestamp:
        """The data's last ordinary day (a few stray future dates do not count; see the report's rule)."""
        from course.order_lines import last_ordinary_day

        day, _ = last_ordinary_day(self.prepared.orders["order_date"])
        return day if day is not None else pd.Timestamp.today().normalize()

    @property
    def stray_dates(self) -> dict[str, Any] | None:
        """The rows dated long after all the others (``{"n", "first", "last"}``), passed over by :attr:`as_of`."""
        from course.order_lines import last_ordinary_day

        return last_ordinary_day(self.prepared.orders["order_date"])[1]

    def steps(self, lang: str | None = None, money=None) -> pd.DataFrame:
        """Every row set aside or changed while reading, in ``lang``: one row per step, with how many rows."""
        rows = [{"step": k, "rows": s.rows, "what": s.text(lang, money=money)} for k, s in enumerate(self.prepared.steps, 1)]
        table = pd.DataFrame(rows, columns=["step", "rows", "what"]).set_index("step")
        table.columns = [t("ch08.col.rows", lang), t("ch08.col.done", lang)]
        table.index.name = t("ch08.col.step", lang)
        return table

    def reading(self, lang: str | None = None) -> list[str]:
        """What the reader decided about the file (its encoding, the order of its dates …) and its as-of day, in ``lang``."""
        lang = lang or get_language()
        day = self.as_of.date().isoformat()
        stray = self.stray_dates
        if stray:
            key = "ch08.as_of.stray_one" if stray["n"] == 1 else "ch08.as_of.stray_many"
            as_of = t(key, lang, date=day, **stray)
        else:
            as_of = t("ch08.as_of.last", lang, date=day)
        return [note[lang] for note in self.read_notes] + [as_of]

    def orders_count(self) -> int:
        """Distinct orders with something still bought (not lines)."""
        lines = self.orders
        return int(lines.loc[lines["amount"] > 0, "order_id"].nunique())

    def pareto(self):
        from course import records

        return records.pareto_table(self.orders)

    def top_share(self, top: float = 0.2) -> float:
        from course import records

        return records.top_share(self.pareto()["revenue"], top)

    def rfm(self) -> pd.DataFrame:
        from course import records

        return records.rfm_table(self.orders, as_of=self.as_of)

    def scorecard(self, accounts: pd.DataFrame | None = None) -> pd.DataFrame:
        from course import records

        return records.customer_scorecard(self.orders, None, accounts, as_of=self.as_of)

    def best_customers(self, accounts: pd.DataFrame | None = None, top: int = 10) -> pd.DataFrame:
        """The best customers by the Chapter 4 scorecard, with their revenue, orders and RFM segment."""
        card = self.scorecard(accounts)
        rfm = self.rfm()
        best = card.loc[card["verdict"] == "best"].sort_values(["score", "revenue"], ascending=False).head(top)
        out = best[[c for c in ("account_name", "revenue", "orders", "score") if c in best]].copy()
        out["segment"] = rfm["segment"].reindex(out.index.astype("string")).to_numpy()
        return out

    def win_back(self, top: int = 10, max_silence_days: int = 730) -> pd.DataFrame:
        """Customers worth a personal call: RFM segment "at risk" (bought often and much, not lately), biggest first.

        RFM scores recency against the other customers, so on a long history "at risk" also holds customers silent
        for many years, who have long since found another supplier: those silent for more than
        ``max_silence_days`` (default two years) are left off the call list.
        """
        rfm = self.rfm()
        risk = rfm.loc[(rfm["segment"] == "at_risk") & (rfm["recency_days"] <= max_silence_days)]
        risk = risk.sort_values(["monetary", "frequency"], ascending=False)
        return risk[["recency_days", "frequency", "monetary"]].head(top)

    def due(self, window_days: int = 31, product: str | None = None) -> pd.DataFrame:
        """Customers due to buy again within ``window_days`` after the as-of date, with the evidence."""
        from course import finding

        return finding.replacement_due(self.orders, self.as_of, product=product, window_days=window_days)

    def rules(self, min_support: float = 0.01, min_confidence: float = 0.2) -> pd.DataFrame:
        """Cross-sell rules: orders as baskets when the file is line-level, else each customer's products."""
        from course import precision

        lines = self.prepared.basket_lines()
        if self.prepared.line_level:
            return precision.association_rules(lines[["order_id", "product"]].dropna(), min_support, min_confidence)
        known = lines.loc[lines["account_id"].notna(), ["account_id", "product"]].dropna()
        return precision.association_rules(known, max(min_support, 0.05), max(min_confidence, 0.5), max_len=2)

    def product_names(self) -> dict[str, str]:
        if "product_name" not in self.orders:
            return {}
        pairs = self.orders[["product", "product_name"]].dropna().drop_duplicates("product")
        return dict(zip(pairs["product"], pairs["product_name"], strict=True))

    def cross_sell(self, rules: pd.DataFrame | None = None, top: int = 1) -> pd.DataFrame:
        """For each customer, the best rule whose products they bought and whose offer they have not."""
        from course import precision

        rules = self.rules() if rules is None else rules
        bought = self.prepared.basket_lines()
        bought = bought.loc[bought["account_id"].notna(), ["account_id", "product"]].dropna().drop_duplicates()
        return precision.cross_sell_offers(rules, bought, customer="account_id", item="product", top=top,
                                           names=self.product_names())

    def lookalikes(self, accounts: pd.DataFrame, top: int = 10, lang: str | None = None) -> pd.DataFrame:
        """Prospects in the customer list whose profile looks like the best customers' (Chapter 4's model)."""
        from course import records

        status = prospect_status(accounts["status"]) if "status" in accounts else None
        if status is None:
            from course.data import DataError

            raise DataError("accounts: no status value says 'prospect', so there is nobody to rank. Fix: map the column "
                            "that tells customers from prospects to 'status'.",
                            "客户名单：状态列里没有表示“潜在客户”的值，无从排序。解决办法：把区分客户与潜在客户的那一列映射为 status。",
                            source="accounts", column="status")
        card = self.scorecard(accounts)
        features = [f for f in ("industry", "size_band", "city", "employees") if f in accounts]
        return records.lookalike_scores(accounts, card, features=features, status=status, lang=lang).head(top)


def prospect_status(values: pd.Series) -> str | None:
    """The value of a status column that means "prospect" (``prospect``, ``Prospect``, ``潜在客户`` …), if any.

    >>> prospect_status(pd.Series(["现有客户", "潜在客户"])), prospect_status(pd.Series(["a", "b"]))
    ('潜在客户', None)
    """
    for value in pd.unique(values.dropna()):
        if _norm(value) in _PROSPECT_WORDS:
            return value
    return None


def calls_within_budget(leads: pd.DataFrame, model, budget: float, cost_per_contact: float) -> pd.DataFrame:
    """The leads a contact budget pays for, best score first: the open ones (no outcome yet), else the ones not won."""
    from course.precision_targets import outcome_flags

    flags, _ = outcome_flags(leads[model.target], model.positive, model.target)
    pool = leads.loc[flags.isna()] if flags.isna().any() else leads.loc[flags.eq(0)]
    n = int(min(len(pool), budget // cost_per_contact)) if cost_per_contact > 0 else 0
    return pool.assign(score=model.predict(pool)).nlargest(n, "score", keep="first")


# --------------------------------------------------------------------------- the plan
@dataclass
class ProspectingPlan:
    """One action list per sheet (keep, win back, due, look-alike prospects, calls, cross-sell), ready to export."""

    sheets: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    source: str = ""
    notes: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def build(cls, book: CustomerBook, accounts: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
              model=None, *, budget: float = 20000, cost_per_contact: float = 400, top: int = 20,
              window_days: int = 31, lang: str | None = None) -> ProspectingPlan:
        """Gather the chapter's answers into action lists; a part without its data is left out with a note."""
        sheets: dict[str, pd.DataFrame] = {}
        notes: list[dict[str, str]] = []
        names = accounts.drop_duplicates("account_id").set_index("account_id")["account_name"] \
            if accounts is not None and "account_name" in accounts else None

        def who(ids) -> list:
            return list(names.reindex(pd.Index(ids).astype(str)).fillna("")) if names is not None else [""] * len(ids)

        best = book.best_customers(accounts, top=top)
        sheets["keep"] = pd.DataFrame({"account_id": best.index.astype(str), "account_name": who(best.index),
                                       "why": [t("ch08.plan.why_keep", lang, revenue=f"{r:,.0f}", orders=int(o))
                                               for r, o in zip(best["revenue"], best["orders"], strict=True)],
                                       "action": t("ch08.plan.do_keep", lang)})
        back = book.win_back(top=top)
        sheets["win_back"] = pd.DataFrame({"account_id": back.index.astype(str), "account_name": who(back.index),
                                           "why": [t("ch08.plan.why_win_back", lang, days=int(d), orders=int(f))
                                                   for d, f in zip(back["recency_days"], back["frequency"], strict=True)],
                                           "action": t("ch08.plan.do_win_back", lang)})
        due = book.due(window_days=window_days).head(top)
        sheets["due"] = pd.DataFrame({"account_id": due.index.astype(str), "account_name": who(due.index),
                                      "why": [t("ch08.plan.why_due", lang, due=pd.Timestamp(d).date().isoformat(),
                                                every=int(round(i))) for d, i in zip(due["next_due"], due["interval_days"],
                                                                                     strict=True)],
                                      "action": t("ch08.plan.do_due", lang)})
        if accounts is not None:
            try:
                looks = book.lookalikes(accounts, top=top, lang=lang)
                sheets["lookalike"] = pd.DataFrame({"account_id": looks.index.astype(str), "account_name": who(looks.index),
                                                    "why": looks["drivers"].to_numpy(),
                                                    "action": t("ch08.plan.do_lookalike", lang),
                                                    "score": looks["lookalike_score"].to_numpy()})
            except Exception as error:  # noqa: BLE001 - a plan part without its data is left out, with the reason
                notes.append({"en": f"Look-alike prospects left out: {getattr(error, 'en', error)}",
                              "zh": f"未列出相似潜在客户：{getattr(error, 'zh', error)}"})
        if leads is not None and model is not None:
            calls = calls_within_budget(leads, model, budget, cost_per_contact)
            ids = (model.identifiers or [leads.columns[0]])[0]
            sheets["call"] = pd.DataFrame({"account_id": calls.get("account_id", calls[ids]).astype(str).to_numpy(),
                                           "lead": calls[ids].astype(str).to_numpy(),
                                           "why": [t("ch08.plan.why_call", lang, score=f"{s:.0%}") for s in calls["score"]],
                                           "action": t("ch08.plan.do_call", lang), "score": calls["score"].round(3).to_numpy()})
        offers = book.cross_sell()
        top_offers = offers.sort_values(["confidence", "lift"], ascending=False).head(top)
        sheets["cross_sell"] = pd.DataFrame({"account_id": top_offers["account_id"].astype(str).to_numpy(),
                                             "account_name": who(top_offers["account_id"]),
                                             "why": [t("ch08.plan.why_cross", lang, bought=b, confidence=f"{c:.0%}")
                                                     for b, c in zip(top_offers["bought"], top_offers["confidence"], strict=True)],
                                             "action": [t("ch08.plan.do_cross", lang, offer=o) for o in top_offers["offer"]]})
        for frame in sheets.values():
            if "account_name" in frame and frame["account_name"].fillna("").eq("").all():
                frame.drop(columns="account_name", inplace=True)
        return cls(sheets, book.as_of, book.source, notes)

    def summary(self, lang: str | None = None) -> pd.DataFrame:
        """One row per action: its name, how many to contact, and what to do (headers in ``lang``)."""
        table = pd.DataFrame({"plan_action": [t(f"ch08.action.{k}", lang) for k in self.sheets],
                              "contacts": [len(v) for v in self.sheets.values()],
                              "what": [t(f"ch08.action_what.{k}", lang) for k in self.sheets]})
        table.columns = [t(f"ch08.col.{c}", lang) for c in table.columns]
        return table

    def _headed(self, frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
        return frame.rename(columns={c: t(f"ch08.col.{c}", lang) for c in frame.columns})

    def to_excel(self, path: str | os.PathLike[str], lang: str | None = None) -> Path:
        """The call list as Excel: a summary sheet, then one sheet per action (headers in ``lang``)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            summary = self.summary(lang)
            summary.to_excel(writer, sheet_name=_sheet_name(t("ch08.sheet.summary", lang)), index=False)
            for key, frame in self.sheets.items():
                self._headed(frame, lang).to_excel(writer, sheet_name=_sheet_name(t(f"ch08.action.{key}", lang)), index=False)
        return path

    def to_html(self, path: str | os.PathLike[str], lang: str | None = None) -> Path:
        """The plan as one self-contained HTML page (every cell escaped, no scripts, prints cleanly)."""
        lang = lang or get_language()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(t('ch08.plan.title', lang))}"
                 "</title><style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:1em auto;padding:0 1em}"
                 "table{border-collapse:collapse;margin:6px 0 18px}th{background:#eef2f7;text-align:left}"
                 "td,th{padding:3px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}</style></head><body>",
                 f"<h1>{html.escape(t('ch08.plan.title', lang))}</h1>",
                 f"<p>{html.escape(t('ch08.plan.intro', lang, source=self.source, as_of=self.as_of.date().isoformat()))}</p>"]
        summary = self.summary(lang)
        parts.append(summary.to_html(index=False, escape=True, border=0))
        for note in self.notes:
            parts.append(f"<p><em>{html.escape(note[lang])}</em></p>")
        for key, frame in self.sheets.items():
            parts.append(f"<h2>{html.escape(t(f'ch08.action.{key}', lang))}</h2>")
            parts.append(f"<p>{html.escape(t(f'ch08.action_what.{key}', lang))}</p>")
            parts.append(self._headed(frame, lang).to_html(index=False, escape=True, border=0))
        parts.append("</body></html>")
        path.write_text("\n".join(parts), encoding="utf-8")
        return path


def _sheet_name(name: str) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]
