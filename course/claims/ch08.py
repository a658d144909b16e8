"""Chapter 8 claims: what the capstone's demo files hold (第八章论断：演示文件中的数字).

Chapter 8 runs on the trainee's own files or, by default, on the demo set
:func:`course.messy_exports.capstone_files` writes from the bundled data
(Huaxin's sales as invoice lines, its customer list, a campaign's leads).
Every figure the chapter's text states about the demo is computed here, from
the files as the notebook reads them: the sales file with the roles the
mapping assistant suggests, the leads with the target the demo names.

Both editions write the same data (only the headers, the date format and the
encoding differ: ``tests/test_capstone.py`` checks the figures agree), so
the claims read the English files and name columns in each language.
"""

from __future__ import annotations

from typing import Any

from course.claims import Data, claim

#: the chapter's contact budget and cost per call (the notebook's plan cell and workbook exercise 7 use the same)
BUDGET, COST_PER_CONTACT = 30_000, 500


def _demo(d: Data) -> dict[str, Any]:
    """The demo files read as the notebook reads them (written to a temporary folder, then removed)."""

    def make() -> dict[str, Any]:
        import tempfile

        from course import precision
        from course import prospecting_plan as pp
        from course.data import read_table
        from course.messy_exports import CAPSTONE_COLUMNS, capstone_files

        with tempfile.TemporaryDirectory(prefix="course-claims-ch08-") as folder:
            files = capstone_files(folder, "en")
            raw = read_table(files["sales"])
            roles = pp.suggest_roles(raw, "sales", "en")
            mapping = {c: r for c, r in zip(roles["column"], roles["role"], strict=True) if r}
            book = pp.read_sales(files["sales"], mapping)
            accounts_raw = read_table(files["accounts"])
            account_roles = pp.suggest_roles(accounts_raw, "accounts", "en")
            accounts = pp.read_accounts(
                files["accounts"],
                {
                    c: r
                    for c, r in zip(account_roles["column"], account_roles["role"], strict=True)
                    if r
                },
            )
            leads = pp.read_leads(files["leads"])
        model = precision.train_target_model(leads, files["target"])
        return {
            "files": files,
            "roles": {"sales": roles, "accounts": account_roles},
            "book": book,
            "accounts": accounts,
            "leads": leads,
            "model": model,
            "columns": CAPSTONE_COLUMNS,
        }

    return d.result("ch08.demo", make)


def _zh_column(d: Data, column: str) -> str:
    """The Chinese edition's name of an English demo column (the same role, the other header)."""
    names = _demo(d)["columns"]
    for kind, roles in names["en"].items():
        for role, name in roles.items():
            if name == column:
                return names["zh"][kind][role]
    return column


def _both(d: Data, columns: list[str]) -> dict[str, str]:
    zh = [_zh_column(d, c) for c in columns]
    en = columns[0] if len(columns) == 1 else ", ".join(columns[:-1]) + " and " + columns[-1]
    return {"en": en, "zh": "和".join(zh) if len(zh) <= 2 else "、".join(zh[:-1]) + "和" + zh[-1]}


# --------------------------------------------------------------------------- mapping and reading
@claim(
    "ch08.assistant_right",
    "the mapping assistant suggests the planted role for every column of both demo files",
    "映射助手为两份演示文件的每一列都建议了正确的角色",
    holds=lambda v: v["wrong"] == [] and v["required_missing"] == [],
)
def _assistant(d: Data):
    demo = _demo(d)
    wrong = []
    for kind, table in demo["roles"].items():
        planted = {column: role for role, column in demo["columns"]["en"][kind].items()}
        wrong += [
            c
            for c, r in zip(table["column"], table["role"], strict=True)
            if planted.get(c, "") != r
        ]
    chosen = set(demo["roles"]["sales"]["role"])
    required = {"order_id", "account_id", "order_date", "quantity", "unit_price"}
    return {"wrong": wrong, "required_missing": sorted(required - chosen)}


@claim("ch08.sales_lines", "lines in the demo sales file", "演示销售明细的行数", "int")
def _lines(d: Data):
    return int(_demo(d)["book"].prepared.rows_read)


@claim(
    "ch08.order_ids",
    "invoice numbers in the demo sales file, cancellations included",
    "演示销售明细中的单号个数（含取消单）",
    "int",
)
def _order_ids(d: Data):
    return int(_demo(d)["book"].prepared.step("line_level").values["orders"])


@claim(
    "ch08.orders",
    "orders the customer analyses count (a customer id, something still bought)",
    "客户分析计入的订单数（有客户编号、扣除退货后仍有购买）",
    "int",
)
def _orders(d: Data):
    return int(_demo(d)["book"].orders_count())


@claim(
    "ch08.fewer_orders_than_lines",
    "the demo file has fewer orders than lines (invoices of several products)",
    "演示文件的订单数少于行数（一张单据有多种产品）",
    holds=lambda v: v["orders"] < v["order_ids"] < v["lines"],
)
def _fewer(d: Data):
    return {"orders": _orders(d), "order_ids": _order_ids(d), "lines": _lines(d)}


@claim(
    "ch08.no_customer_rows",
    "rows of the demo sales file without a customer id",
    "演示销售明细中没有客户编号的行数",
    "int",
)
def _anonymous(d: Data):
    return int(_demo(d)["book"].prepared.step("no_customer").rows)


@claim(
    "ch08.return_lines",
    "cancellation or return lines in the demo sales file",
    "演示销售明细中取消或退货的行数",
    "int",
)
def _returns(d: Data):
    return int(_demo(d)["book"].prepared.step("returns").rows)


@claim(
    "ch08.as_of",
    "the demo's as-of date (its last ordinary day)",
    "演示数据的统计日（正常记录的最后一天）",
    "date",
)
def _as_of(d: Data):
    return _demo(d)["book"].as_of


def _strays(d: Data) -> dict:
    stray = _demo(d)["book"].stray_dates
    if not stray or stray["n"] < 2:
        raise ValueError(
            f"the text says several lines of the demo sales file have stray future dates; the data has {stray}: "
            "rewrite the sentences that cite ch08.stray_lines / ch08.stray_first / ch08.stray_last"
        )
    return stray


@claim("ch08.stray_lines", "how many stray late-dated lines the as-of rule passes over (two or more)",
       "确定统计日时被略过的异常晚日期行数（两行以上）", "int")
def _stray_lines(d: Data):
    return int(_strays(d)["n"])


@claim("ch08.stray_first", "the first of the stray late dates", "被略过的异常日期中最早的一个", "date")
def _stray_first(d: Data):
    import pandas as pd

    return pd.Timestamp(_strays(d)["first"])


@claim("ch08.stray_last", "the last of the stray late dates", "被略过的异常日期中最晚的一个", "date")
def _stray_last(d: Data):
    import pandas as pd

    return pd.Timestamp(_strays(d)["last"])


# --------------------------------------------------------------------------- best customers
@claim(
    "ch08.top20_share",
    "share of the demo's net revenue from the top 20% of customers",
    "演示数据中前 20% 客户贡献的净收入占比",
    "pct0",
)
def _top(d: Data):
    return float(_demo(d)["book"].top_share(0.2))


@claim(
    "ch08.win_back_recent",
    "every customer on the win-back list has bought within the last two years",
    "挽回名单上的每位客户都在最近两年内买过",
    holds=lambda v: v["customers"] > 0 and v["longest_silence"] <= 730,
)
def _win_back(d: Data):
    back = _demo(d)["book"].win_back(top=20)
    return {
        "customers": len(back),
        "longest_silence": int(back["recency_days"].max()) if len(back) else 0,
    }


@claim(
    "ch08.long_silent_at_risk",
    "RFM 'at risk' customers of the demo silent for more than two years",
    "演示数据中超过两年没有购买的 RFM“流失预警”客户数",
    "int",
)
def _long_silent(d: Data):
    rfm = _demo(d)["book"].rfm()
    return int(((rfm["segment"] == "at_risk") & (rfm["recency_days"] > 730)).sum())


# --------------------------------------------------------------------------- leads
def _leakage(d: Data):
    return _demo(d)["model"].leakage.set_index("feature")


@claim(
    "ch08.leaky_columns",
    "the demo lead columns the leakage check leaves out",
    "泄漏检查排除的演示线索列",
)
def _leaky(d: Data):
    table = _leakage(d)
    return _both(d, [str(c) for c in table.index[table["verdict"] != "ok"]])


@claim(
    "ch08.call_seconds_auc",
    "AUC of the call length alone on the demo leads",
    "仅凭通话时长一列在演示线索上的 AUC",
    "num2",
)
def _call_auc(d: Data):
    return float(_leakage(d).loc[_demo(d)["columns"]["en"]["leads"]["call_seconds"], "auc"])


@claim(
    "ch08.next_best_auc",
    "AUC of the strongest honest column alone on the demo leads",
    "演示线索中最强的可用列单独的 AUC",
    "num2",
)
def _next_auc(d: Data):
    table = _leakage(d)
    return float(table.loc[table["verdict"] == "ok", "auc"].max())


@claim(
    "ch08.leads_auc",
    "held-out AUC of the model on the demo leads",
    "模型在演示线索留出集上的 AUC",
    "num2",
)
def _auc(d: Data):
    return float(_demo(d)["model"].auc)


@claim(
    "ch08.model_beats_chance",
    "the model on the demo leads ranks well above chance (AUC at least 0.7)",
    "演示线索上的模型排序明显好于随机（AUC 不低于 0.7）",
    holds=lambda v: v["auc"] >= 0.7,
)
def _beats(d: Data):
    return {"auc": _auc(d)}


@claim("ch08.budget_calls", "calls the chapter's budget pays for", "本章预算能打的电话数", "int")
def _calls(d: Data):
    demo = _demo(d)
    from course.prospecting_plan import calls_within_budget

    return len(calls_within_budget(demo["leads"], demo["model"], BUDGET, COST_PER_CONTACT))


@claim(
    "ch08.budget_share_of_wins",
    "share of the held-out wins the budget's calls reach, best scores first",
    "按得分从高到低，预算内的电话能拿下留出线索中多大比例的成交",
    "pct0",
)
def _share(d: Data):
    from course import precision

    model = _demo(d)["model"]
    n, _ = precision.leads_for_budget(model.test_scores, BUDGET, COST_PER_CONTACT)
    return float(
        precision.targeting_summary(model.test_scores, model.y_test, top_n=n)["share_of_wins"]
    )


@claim(
    "ch08.budget_share_of_leads",
    "share of the held-out leads the budget's calls are",
    "预算内的电话占留出线索的比例",
    "pct0",
)
def _share_leads(d: Data):
    from course import precision

    model = _demo(d)["model"]
    n, _ = precision.leads_for_budget(model.test_scores, BUDGET, COST_PER_CONTACT)
    return n / len(model.test_scores)


@claim(
    "ch08.budget_beats_random",
    "the budget's best-scored calls reach a larger share of the wins than of the leads",
    "按得分挑选的电话拿下的成交比例高于它们占线索的比例",
    holds=lambda v: v["share_of_wins"] > 1.5 * v["share_of_leads"],
)
def _beats_random(d: Data):
    return {"share_of_wins": _share(d), "share_of_leads": _share_leads(d)}


@claim(
    "ch08.no_open_leads",
    "every demo lead already has an outcome (none is still open)",
    "演示线索都已有结果（没有还在跟进的）",
    holds=lambda v: v["open"] == 0,
)
def _open(d: Data):
    return {"open": len(_demo(d)["model"].open_rows)}


# --------------------------------------------------------------------------- cross-selling
def _rules(d: Data):
    return d.result("ch08.rules", lambda: _demo(d)["book"].rules())


def _copier_rule(d: Data):
    from course.messy_exports import PRODUCT_CODES

    rules = _rules(d)
    return rules[rules["antecedents"] == frozenset({PRODUCT_CODES["copier"]})].iloc[0]


@claim(
    "ch08.one_product_pair",
    "only one pair of products clears the rule thresholds on the demo orders (copier and installation)",
    "演示订单中只有一对产品达到规则门槛（复印机与安装服务）",
    holds=lambda v: v["pairs"] == [["CP-100", "IN-800"]],
)
def _pairs(d: Data):
    rules = _rules(d)
    pairs = {
        tuple(sorted(a | c))
        for a, c in zip(rules["antecedents"], rules["consequents"], strict=True)
    }
    return {"pairs": [list(p) for p in sorted(pairs)]}


@claim(
    "ch08.copier_offer",
    "the first offer after a copier on the demo orders",
    "演示订单中买了复印机之后首先推荐的产品",
)
def _offer(d: Data):
    from course.messy_exports import PRODUCT_CODES
    from course.precision import product_name

    code = next(iter(_copier_rule(d)["consequents"]))
    product = next(k for k, v in PRODUCT_CODES.items() if v == code)
    # the Chinese demo file names products as Huaxin's orders do, so the text names it as the zh rules table shows it
    orders = d.table("b2b_orders")
    zh = orders.loc[orders["product"] == product, "product_name"].iloc[0]
    return {"en": product_name(product, "en"), "zh": str(zh)}


@claim(
    "ch08.copier_confidence",
    "share of demo orders with a copier that also have the offer",
    "含复印机的演示订单中也含推荐产品的比例",
    "pct0",
)
def _confidence(d: Data):
    return float(_copier_rule(d)["confidence"])


@claim(
    "ch08.copier_lift",
    "lift of the copier rule on the demo orders",
    "演示订单中复印机规则的提升度",
    "num1",
)
def _lift(d: Data):
    return float(_copier_rule(d)["lift"])
