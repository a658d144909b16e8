"""What the prospect report computes, computed once (报告的计算部分).

:class:`Report` holds what every part of the report shares — the selected tables, the as-of date, the reader's
choices — and a memo: each figure the report needs (the 80/20 table, the RFM table, the scorecard, the lead model, the
customers due, the rules …) is computed by one function here the first time it is asked for and kept. The summary at
the top of the report (:mod:`course.reports.summary`) and the sections below it (:mod:`course.reports.sections`) ask
for the same things, so the summary costs no second computation. A computation that fails is remembered as failed:
the summary leaves its action out, and the section says why in one sentence.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from course.i18n import t
from course.reports import prospect as P
from course.reports.formats import fmt_date, set_currency

__all__ = ["Due", "LeadPlan", "Report", "Rules", "card", "due", "flagged_orders", "lead_plan", "lookalikes",
           "man_work", "methods", "pareto", "rfm", "rules_baskets", "rules_orders", "segments", "transaction_tables"]

T = TypeVar("T")


@dataclass
class Report:
    """Everything the report's parts share: the selected tables, the as-of date, the options and the reader's choices."""

    inputs: P.ReportInputs
    sel: P.Selection
    lang: str = "en"
    top: int = 10
    show_contacts: bool = False
    budget: float = 20000.0
    cost_per_contact: float = 400.0
    product: str = ""
    region: str = ""
    ready: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, *, inputs_path: str = "", data: str = "", columns: str = "", period: str = "", product: str = "",
              region: str = "", as_of: str = "", top: int = 10, show_contacts: bool = False, budget: float = 20000,
              cost_per_contact: float = 400, lang: str = "en", currency: str = "", options: dict | None = None) -> Report:
        """Read the pickled inputs the CLI prepared (or read the data here), select, and set language and currency."""
        import course

        course.set_language(lang)
        if inputs_path:
            with open(inputs_path, "rb") as handle:
                inputs = pickle.load(handle)
        else:
            inputs = P.load_inputs(data or None, columns or None, options=P.ReportOptions(**(options or {})))
        return cls.from_inputs(inputs, period=period, product=product, region=region, as_of=as_of, top=top,
                               show_contacts=show_contacts, budget=budget, cost_per_contact=cost_per_contact, lang=lang,
                               currency=currency)

    @classmethod
    def from_inputs(cls, inputs: P.ReportInputs, *, period: str = "", product: str = "", region: str = "", as_of: str = "",
                    top: int = 10, show_contacts: bool = False, budget: float = 20000, cost_per_contact: float = 400,
                    lang: str = "en", currency: str = "") -> Report:
        """The same as :meth:`start`, from inputs already read (tests, benchmarks, chapter 8)."""
        import course

        course.set_language(lang)
        set_currency(currency or inputs.options.currency or None)
        sel = P.select(inputs, period=period or None, product=product or None, region=region or None, as_of=as_of or None)
        report = cls(inputs, sel, lang, int(top), bool(show_contacts), float(budget), float(cost_per_contact),
                     product or "", region or "")
        report.ready = P.sections_ready(sel.tables, inputs.options.target_column)
        return report

    @property
    def T(self) -> dict[str, pd.DataFrame]:  # noqa: N802 - the template's short name for the selected tables
        return self.sel.tables

    @property
    def H(self) -> dict[str, pd.DataFrame]:  # noqa: N802 - the full history (replacement cycles look back)
        return self.sel.history

    @property
    def today(self) -> pd.Timestamp:
        return self.sel.as_of

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked for, the kept result (or the kept error, raised) after."""
        if key not in self.memo:
            try:
                self.memo[key] = (True, compute())
            except Exception as error:  # noqa: BLE001 - kept, and raised to whoever asks (a section says why)
                self.memo[key] = (False, error)
        ok, value = self.memo[key]
        if not ok:
            raise value
        return value

    def names_of(self, ids) -> pd.Series:
        """Account names (English names in the English edition when the table has them); empty without accounts."""
        ids = pd.Index(ids)
        if "b2b_accounts" not in self.T:
            return pd.Series("", index=ids)
        acc = self.T["b2b_accounts"].drop_duplicates("account_id").set_index("account_id")
        col = "account_name_en" if self.lang == "en" and "account_name_en" in acc else "account_name"
        return acc[col].reindex(ids) if col in acc else pd.Series("", index=ids)

    def customers(self, name: str = "b2b_orders") -> pd.DataFrame:
        """The rows of a transaction table that belong to a customer (rows without one are set aside, and said so)."""
        frame = self.T[name]
        key = "account_id" if name.startswith("b2b") else "member_id"
        return frame.loc[frame[key].notna()] if key in frame and frame[key].isna().any() else frame

    def who(self, ids, n: int = 3) -> list[str]:
        """Up to ``n`` customers by name (or by id when there are no names), for a sentence."""
        ids = list(ids)[:n]
        names = self.names_of(ids)
        return [str(names.get(i)) if isinstance(names.get(i), str) and names.get(i) else str(i) for i in ids]


def transaction_tables(r: Report) -> list[tuple[str, str]]:
    """The transaction tables present, with their customer column: orders (accounts) and shop receipts (members)."""
    return [(n, c) for n, c in (("b2b_orders", "account_id"), ("b2c_transactions", "member_id"))
            if n in r.T and not r.T[n].empty]


# --------------------------------------------------------------------------- orders and customers
def flagged_orders(r: Report) -> pd.DataFrame:
    """Orders worth a second look (:func:`course.precision.flag_orders`), most unusual first."""
    from course import precision

    return r.remember("quality", lambda: precision.flag_orders(r.T["b2b_orders"], as_of=r.today))


def pareto(r: Report, name: str, customer: str) -> pd.DataFrame:
    """The 80/20 table of one transaction table (one row per buying customer, largest first)."""
    from course import records

    return r.remember(f"pareto.{name}", lambda: records.pareto_table(r.T[name], customer=customer))


def rfm(r: Report, name: str, customer: str) -> pd.DataFrame:
    """The RFM table of one transaction table, as of the report's date."""
    from course import records

    return r.remember(f"rfm.{name}", lambda: records.rfm_table(r.T[name], customer=customer, as_of=r.today))


def card(r: Report) -> pd.DataFrame:
    """The customer scorecard (value and cost to serve, 0–100, best/worst verdicts)."""
    from course import records

    return r.remember("card", lambda: records.customer_scorecard(r.customers(), r.T.get("b2b_tickets"),
                                                                 r.T.get("b2b_accounts"), as_of=r.today))


def lookalikes(r: Report) -> pd.DataFrame:
    """Prospects ranked by how much they look like the best customers (all of them; the section shows the top)."""
    from course import records

    def compute() -> pd.DataFrame:
        accounts = r.T["b2b_accounts"]
        looks = records.lookalike_scores(accounts, card(r))
        if r.lang == "en" and {"city", "city_en"} <= set(accounts.columns):
            # the drivers name the city as the data writes it: in English, the English name
            cities = accounts.dropna(subset=["city", "city_en"]).drop_duplicates("city")
            for zh, en in zip(cities["city"], cities["city_en"], strict=True):
                looks["drivers"] = looks["drivers"].str.replace(f": {zh} (", f": {en} (", regex=False)
            looks["city"] = accounts.drop_duplicates("account_id").set_index("account_id")["city_en"].reindex(
                looks.index).to_numpy()
        return looks

    return r.remember("lookalike", compute)


# --------------------------------------------------------------------------- leads
def still_open(leads: pd.DataFrame) -> pd.DataFrame:
    """The leads still being worked: status "open" where the data says so, else those not converted.

    A lost lead is not converted but not open either: calling it is not the plan the report proposes.

    >>> leads = pd.DataFrame({"converted": [True, False, False], "lead_status": ["won", "lost", "Open"]})
    >>> still_open(leads).index.tolist(), still_open(leads.drop(columns="lead_status")).index.tolist()
    ([2], [1, 2])
    """
    from course.prospects import as_flags

    if "lead_status" in leads:
        return leads[leads["lead_status"].astype(str).str.strip().str.casefold() == "open"]
    return leads[~as_flags(leads["converted"], "converted")] if "converted" in leads else leads


def man_work(r: Report) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """MAN summary of all leads, the open leads classified (best first), and the course's MAN reference table."""
    from course import prospects

    def compute():
        leads = r.T["b2b_leads"]
        summary = prospects.man_summary(leads)
        work = prospects.man_classify(still_open(leads))
        work = work.sort_values(["man_priority", "engagement"], ascending=[True, False]) if "engagement" in work else \
            work.sort_values("man_priority")
        return summary, work, prospects.man_reference()

    return r.remember("man", compute)


def methods(r: Report) -> pd.DataFrame:
    """Conversion, revenue and cost per win of each prospecting method, best converting first."""
    from course import finding

    return r.remember("methods", lambda: finding.method_effectiveness(r.T["b2b_leads"]))


@dataclass
class LeadPlan:
    """The kit's lead model, what the budget buys on held-out leads, and the open leads to call."""

    model: Any
    calls: int
    plan: dict
    open_count: int
    chosen: pd.DataFrame


def lead_plan(r: Report) -> LeadPlan:
    """Train the kit's lead model, size the call list by the budget, and pick the open leads to call."""
    from course import precision

    def compute() -> LeadPlan:
        leads = r.T["b2b_leads"]
        model = precision.train_lead_model(leads)
        calls, _ = precision.leads_for_budget(model.test_scores, budget=r.budget, cost_per_contact=r.cost_per_contact)
        plan = precision.targeting_summary(model.test_scores, model.y_test, top_n=calls,
                                           cost_per_contact=r.cost_per_contact)
        open_leads = still_open(leads)
        n_open = int(min(len(open_leads), r.budget // r.cost_per_contact))
        chosen = open_leads.assign(score=model.predict(open_leads)).nlargest(n_open, "score", keep="first")
        chosen["account_name"] = r.names_of(chosen["account_id"]).to_numpy() if "account_id" in chosen else ""
        if "b2b_contacts" in r.T and "contact_id" in chosen:
            people = r.T["b2b_contacts"].drop_duplicates("contact_id").set_index("contact_id").reindex(chosen["contact_id"])
            name_col = "contact_name_en" if r.lang == "en" and "contact_name_en" in people else "contact_name"
            for col, src in (("contact_name", name_col), ("phone", "phone"), ("email", "email")):
                if src in people:
                    chosen[col] = people[src].to_numpy()
        return LeadPlan(model, int(calls), plan, len(open_leads), chosen)

    return r.remember("leads", compute)


# --------------------------------------------------------------------------- who is due
@dataclass
class Due:
    """Customers due to buy again in the month after the as-of date, and how the window is said."""

    table: pd.DataFrame
    when: str
    what: str
    one_date: pd.Timestamp | None = None


def due(r: Report) -> Due:
    """Who is due to buy again in the next month, from the intervals between their past purchases (full history)."""
    from course import finding, precision

    def compute() -> Due:
        orders = r.H["b2b_orders"]
        orders = orders.loc[orders["account_id"].notna()]
        cycle = None
        if not r.product and "product" in orders and orders["product"].eq("copier").any():
            cycle = "copier"
        what = precision.product_name(cycle) if cycle else r.product
        if orders["order_date"].nunique() < 2:
            return Due(pd.DataFrame(), "", what, orders["order_date"].max())
        start, end = r.today + pd.Timedelta(days=1), r.today + pd.Timedelta(days=31)
        month = start.to_period("M")
        if start.day == 1:  # the as-of date ends a month: the window is the next calendar month
            table = finding.due_in_month(orders, str(month), product=cycle)
            when = f"{month.year}年{month.month}月" if r.lang == "zh" else month.strftime("%B %Y")
        else:
            table = finding.replacement_due(orders, r.today, product=cycle, window_days=31)
            when = t("report.replacement.window", start=fmt_date(start), end=fmt_date(end))
        return Due(table, when, what)

    return r.remember("due", compute)


# --------------------------------------------------------------------------- cross-selling
@dataclass
class Rules:
    """Cross-sell rules with what they were mined from."""

    rules: pd.DataFrame
    names: dict
    baskets: int
    total: int


def rules_baskets(r: Report) -> Rules:
    """Rules from the shop's baskets (a seeded sample above :data:`course.reports.prospect.MAX_RULE_BASKETS`)."""
    from course import precision

    def compute() -> Rules:
        items, total = P.rule_baskets(r.T["b2c_basket_items"], r.T.get("b2c_transactions"))
        rules = precision.association_rules(items[["txn_id", "item"]], min_support=0.01, min_confidence=0.1)
        return Rules(rules, precision.item_names(items), int(items["txn_id"].nunique()), total)

    return r.remember("rules.b2c", compute)


def product_names(orders: pd.DataFrame, lang: str) -> dict[str, str]:
    """Product code -> what people call it: the mapped product name or description, else the kit's product names."""
    from course import precision

    codes = orders["product"].dropna().unique()
    if "product_name" in orders:
        pairs = orders[["product", "product_name"]].dropna().drop_duplicates("product")
        named = dict(zip(pairs["product"], pairs["product_name"].astype(str).str.strip(), strict=True))
        kit = {c: precision.product_name(c, lang) for c in codes if c in precision.PRODUCTS}
        return {c: (kit.get(c) if lang == "en" and c in kit else named.get(c, kit.get(c, str(c)))) for c in codes}
    return {c: precision.product_name(c, lang) for c in codes}


def rules_orders(r: Report) -> tuple[Rules, bool]:
    """Rules from the orders: each order a basket when the file is line-level, else each account; and which."""
    from course import precision

    def compute() -> tuple[Rules, bool]:
        orders = r.T["b2b_orders"]
        names = product_names(orders, r.lang)
        prepared = r.inputs.prepared.get("b2b_orders")
        line_level = prepared.line_level if prepared is not None else orders["order_id"].duplicated().any()
        if line_level:
            lines = prepared.basket_lines() if prepared is not None else orders
            lines = lines.loc[lines.index.isin(orders.index)]  # the report's filters apply
            pairs = lines[["order_id", "product"]].dropna().rename(columns={"order_id": "txn_id", "product": "item"})
            pairs, total = P.rule_baskets(pairs)
            rules = precision.association_rules(pairs, min_support=0.01, min_confidence=0.2)
            return Rules(rules, names, int(pairs["txn_id"].nunique()), total), True
        known = orders.loc[orders["account_id"].notna(), ["account_id", "product"]].dropna()
        if "quantity" in orders:  # what a customer returned in full was not bought
            known = known.loc[orders.loc[known.index, "quantity"].gt(0)]
        rules = precision.association_rules(known, min_support=0.05, min_confidence=0.5, max_len=2)
        accounts = int(known["account_id"].nunique())
        return Rules(rules, names, accounts, accounts), False

    return r.remember("rules.orders", compute)


# --------------------------------------------------------------------------- segments
def segments(r: Report) -> pd.DataFrame:
    """Members segmented by age, price sensitivity and buying motive (:func:`course.strategy.segment_members`)."""
    from course import strategy as st

    return r.remember("segments", lambda: st.segment_members(r.T["b2c_members"], r.T["b2c_transactions"],
                                                             r.T["b2c_basket_items"]))
