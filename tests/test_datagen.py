"""Tests of the seeded generator: determinism, committed files, planted structure."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course import datagen
from course.schemas import SCHEMAS

DATASETS = Path(__file__).resolve().parent.parent / "datasets"


@pytest.fixture(scope="module")
def generated():
    tables, planted = datagen._generate(datagen.DEFAULT_SEED, 1.0)
    return tables, planted


@pytest.fixture(scope="module")
def tables(generated):
    return generated[0]


@pytest.fixture(scope="module")
def truth():
    return json.loads((DATASETS / "ground_truth.json").read_text(encoding="utf-8"))


def test_same_seed_same_frames():
    a = datagen.generate(seed=5, scale=0.2)
    b = datagen.generate(seed=5, scale=0.2)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(a[name], b[name])
    c = datagen.generate(seed=6, scale=0.2)
    assert not a["b2b_orders"].equals(c["b2b_orders"])


def test_same_seed_byte_identical_files(tmp_path):
    p1 = datagen.write(tmp_path / "a", seed=3, scale=0.1)
    p2 = datagen.write(tmp_path / "b", seed=3, scale=0.1)
    assert [p.name for p in p1] == [p.name for p in p2]
    for x, y in zip(p1, p2, strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name


def test_committed_csvs_equal_fresh_generation(generated):
    tables, planted = generated
    for name, df in tables.items():
        committed = (DATASETS / f"{name}.csv").read_bytes()
        assert committed == datagen.to_csv_bytes(df), f"{name}.csv differs: run python datasets/generate.py"
    gt = datagen.ground_truth(tables, planted, datagen.DEFAULT_SEED)
    assert json.loads(json.dumps(gt, ensure_ascii=False)) == json.loads(
        (DATASETS / "ground_truth.json").read_text(encoding="utf-8"))


def test_readme_contains_data_dictionary():
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert datagen.data_dictionary_markdown() in readme


def test_data_dictionary_covers_every_column_in_both_languages():
    md = datagen.data_dictionary_markdown()
    for name, spec in SCHEMAS.items():
        assert f"`{name}`" in md
        assert spec["description"]["en"] and spec["description"]["zh"]
        for col, c in spec["columns"].items():
            assert f"| `{col}` |" in md
            assert c["description"]["en"].strip() and c["description"]["zh"].strip(), (name, col)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in c["description"]["zh"]), (name, col)


def test_tables_match_schema(tables):
    for name, spec in SCHEMAS.items():
        assert list(tables[name].columns) == list(spec["columns"]), name
        assert len(tables[name]) > 0
    key_tables = {n: s["key"] for n, s in SCHEMAS.items() if s["key"]}
    for name, key in key_tables.items():
        assert tables[name][key].is_unique, name


def test_sizes(tables):
    n = {k: len(v) for k, v in tables.items()}
    assert n["b2b_reps"] == 14
    assert n["b2b_accounts"] == 600
    assert 1300 <= n["b2b_contacts"] <= 1700
    assert n["b2b_leads"] == 3000
    assert 8000 <= n["b2b_orders"] <= 10000
    assert n["b2b_tickets"] == 2000
    assert n["b2c_members"] == 3000
    assert n["b2c_transactions"] == 20000
    assert 50000 <= n["b2c_basket_items"] <= 65000
    assert 3 <= (~tables["b2b_reps"]["active"]).sum() <= 4


def test_referential_integrity(tables):
    acc = set(tables["b2b_accounts"]["account_id"])
    for t in ("b2b_contacts", "b2b_leads", "b2b_orders", "b2b_tickets"):
        assert set(tables[t]["account_id"]) <= acc, t
    assert set(tables["b2b_leads"]["contact_id"]) <= set(tables["b2b_contacts"]["contact_id"])
    assert set(tables["b2b_accounts"]["owner_rep_id"]) <= set(tables["b2b_reps"]["rep_id"])
    assert set(tables["b2c_transactions"]["member_id"]) <= set(tables["b2c_members"]["member_id"])
    assert set(tables["b2c_basket_items"]["txn_id"]) == set(tables["b2c_transactions"]["txn_id"])
    leads = tables["b2b_leads"].merge(tables["b2b_contacts"], on="contact_id", suffixes=("", "_c"))
    assert (leads["account_id"] == leads["account_id_c"]).all()
    assert (leads["authority"] == leads["has_authority"]).all()


def test_prospects_have_no_orders_and_first_order_matches(tables):
    acc, orders = tables["b2b_accounts"], tables["b2b_orders"]
    pros = acc.loc[acc["status"] == "prospect", "account_id"]
    assert not orders["account_id"].isin(pros).any()
    assert acc.loc[acc["status"] == "prospect", "first_order_date"].isna().all()
    assert acc.loc[acc["status"] != "prospect", "first_order_date"].notna().all()


def test_amount_formula_holds_except_anomalies(tables, truth):
    o = tables["b2b_orders"]
    anom = {a["order_id"] for a in truth["anomalies"]["b2b_orders"]}
    expect = (o["quantity"] * o["unit_price"] * (1 - o["discount_rate"])).round(2)
    bad = set(o.loc[(expect - o["amount"]).abs() > 0.011, "order_id"])
    assert bad <= anom
    assert {a["order_id"] for a in truth["anomalies"]["b2b_orders"] if a["kind"] == "amount_mismatch"} <= bad


def test_dates_within_range(tables, truth):
    as_of = pd.Timestamp(datagen.AS_OF)
    assert truth["as_of"] == datagen.AS_OF == "2026-06-30"
    o = tables["b2b_orders"]
    future = set(o.loc[o["order_date"] > as_of, "order_id"])
    assert future == {a["order_id"] for a in truth["anomalies"]["b2b_orders"] if a["kind"] == "future_date"}
    leads = tables["b2b_leads"]
    assert leads["created_date"].between("2024-01-01", as_of).all()
    assert (leads["won_date"].dropna() <= as_of).all()
    assert (tables["b2b_tickets"]["opened_date"] <= as_of).all()


def test_80_20(truth, tables):
    rc = truth["revenue_concentration"]
    assert 0.72 <= rc["b2b_top20_share"] <= 0.85
    assert 0.72 <= rc["b2c_top20_share"] <= 0.85
    o = tables["b2b_orders"]
    rev = o.groupby("account_id")["amount"].sum().sort_values(ascending=False)
    top = rev.iloc[: int(np.ceil(0.2 * len(rev)))].sum() / rev.sum()
    assert 0.72 <= top <= 0.85  # holds with the anomalies included too


def test_man_drives_conversion(tables):
    leads = tables["b2b_leads"]
    rate = leads.groupby(["money", "authority", "need"])["converted"].mean()
    assert 0.45 <= rate[(True, True, True)] <= 0.65
    assert rate[(False, False, False)] <= 0.03
    assert rate[(True, True, True)] == rate.max()
    assert rate[(False, False, False)] == rate.min()
    for m, a, n in [(True, True, False), (True, False, True), (False, True, True)]:
        assert rate[(m, a, n)] > rate[(False, False, False)]
    eng = leads.groupby("converted")["engagement"].mean()
    assert eng[True] > eng[False] + 5
    stage = leads.groupby("stage")["converted"].mean()
    assert stage["plan"] > stage["key"] > stage["contacted"]
    assert leads.loc[~leads["converted"], "days_to_contract"].isna().all()
    assert leads.loc[leads["converted"], "days_to_contract"].notna().all()
    assert (leads.loc[~leads["converted"], "won_amount"] == 0).all()


def test_referral_best_door_to_door_worst(tables, truth):
    leads = tables["b2b_leads"]
    g = leads.groupby("source_method")
    conv = g["converted"].mean()
    per_win = g["acquisition_cost"].sum() / g["converted"].sum()
    assert conv.idxmax() == "referral"
    assert conv.idxmin() == "door_to_door"
    assert per_win.idxmin() == "referral"
    cost = g["acquisition_cost"].mean()
    assert cost["door_to_door"] > cost["referral"] * 4
    assert cost["advertising"] > cost["referral"] * 4
    assert truth["conversion"]["best_method"] == "referral"


def test_replacement_cycles(tables, truth):
    o = tables["b2b_orders"]
    tb = truth["replacement_cycles"]["textbook_account"]
    assert tb["account_id"] == datagen.TEXTBOOK_ACCOUNT
    cop = o[(o["product"] == "copier") & (o["account_id"] == tb["account_id"])]["order_date"].sort_values()
    assert len(cop) == 4
    gaps = cop.diff().dt.days.dropna()
    assert (gaps / 365.25).between(3.8, 4.3).all()
    acc = tables["b2b_accounts"].set_index("account_id")
    first = acc.loc[tb["account_id"], "first_order_date"]
    assert first.year == 2009
    next_due = cop.iloc[-1] + pd.Timedelta(days=(cop.iloc[-1] - cop.iloc[0]).days / 3)
    assert next_due.year == 2026 and next_due.month in (6, 7)
    assert next_due.year - first.year == 17
    assert acc.loc[tb["account_id"], "account_name"] == "杭州明远精密机械有限公司"
    # several other accounts due in July 2026
    due = []
    for a, d in o[o["product"] == "copier"].groupby("account_id")["order_date"]:
        if len(d) >= 2:
            d = d.sort_values()
            nd = d.iloc[-1] + pd.Timedelta(days=round((d.iloc[-1] - d.iloc[0]).days / (len(d) - 1)))
            if nd.year == 2026 and nd.month == 7:
                due.append(a)
    assert set(truth["replacement_cycles"]["planted_due_2026_07"]) <= set(due)
    assert len(due) >= 5
    counts = o[o["product"] == "copier"].groupby("account_id").size()
    assert (counts == 1).sum() >= 20


def test_orphans(tables, truth):
    acc, reps = tables["b2b_accounts"], tables["b2b_reps"]
    left = acc["owner_rep_id"].map(reps.set_index("rep_id")["left_date"])
    orphans = acc.loc[left.notna() & (acc["last_contact_date"] < left), "account_id"]
    assert sorted(orphans) == truth["orphaned_accounts"]["ids"]
    assert 10 <= len(orphans) <= 40
    assert set(truth["orphaned_accounts"]["owner_left_but_contacted_later"]).isdisjoint(orphans)


def _rule(items: pd.DataFrame, a: str, b: str) -> tuple[float, float, float]:
    baskets = items.groupby("txn_id")["item"].agg(set)
    n = len(baskets)
    has_a = baskets.map(lambda s: a in s)
    has_b = baskets.map(lambda s: b in s)
    both = (has_a & has_b).sum()
    conf = both / has_a.sum()
    return both / n, conf, conf / (has_b.sum() / n)


def test_cross_sell_rules(tables, truth):
    items = tables["b2c_basket_items"]
    assert 3 <= len(truth["cross_sell_rules"]) <= 5
    for r in truth["cross_sell_rules"]:
        s, c, lift = _rule(items, r["antecedent"], r["consequent"])
        assert lift > 3 and c > 0.5
        assert s == pytest.approx(r["support"], abs=1e-6)
        assert c == pytest.approx(r["confidence"], abs=1e-6)
        assert lift == pytest.approx(r["lift"], abs=1e-5)
    neg = truth["negative_pair"]
    assert _rule(items, neg["antecedent"], neg["consequent"])[2] < 1


def test_anomalies_present(tables, truth):
    o = tables["b2b_orders"].set_index("order_id")
    an = truth["anomalies"]["b2b_orders"]
    assert 8 <= len(an) <= 12
    typical = tables["b2b_orders"].groupby("product")["amount"].median()
    for a in an:
        row = o.loc[a["order_id"]]
        if a["kind"] == "price_typo":
            assert 30 <= row["amount"] / typical[row["product"]] <= 100 * 5
        elif a["kind"] == "negative_quantity":
            assert row["quantity"] < 0
        elif a["kind"] == "future_date":
            assert row["order_date"] > pd.Timestamp(datagen.AS_OF)
    t = tables["b2c_transactions"].set_index("txn_id")
    items = tables["b2c_basket_items"]
    basket = (items["unit_price"] * items["quantity"]).groupby(items["txn_id"]).sum()
    kinds = {a["kind"] for a in truth["anomalies"]["b2c_transactions"]}
    assert {"huge_amount", "negative_amount", "future_date"} <= kinds
    for a in truth["anomalies"]["b2c_transactions"]:
        if a["kind"] == "huge_amount":
            assert t.loc[a["txn_id"], "amount"] > 30 * basket[a["txn_id"]] * 0.9
        if a["kind"] == "negative_amount":
            assert t.loc[a["txn_id"], "amount"] < 0


def test_b2c_amount_is_basket_total(tables, truth):
    t = tables["b2c_transactions"].set_index("txn_id")
    items = tables["b2c_basket_items"]
    basket = (items["unit_price"] * items["quantity"]).groupby(items["txn_id"]).sum().reindex(t.index)
    expect = np.round(np.where(t["discount_used"], basket * 0.9, basket), 2)
    bad = set(t.index[np.abs(expect - t["amount"]) > 0.011])
    assert bad <= {a["txn_id"] for a in truth["anomalies"]["b2c_transactions"]}


def test_price_sensitivity(tables):
    share = tables["b2c_transactions"].groupby("member_id")["discount_used"].agg(["mean", "size"])
    share = share[share["size"] >= 5]
    assert (share["mean"] >= 0.9).sum() >= 20
    assert (share["mean"] <= 0.1).sum() >= 20


def test_big_leads_shape_and_determinism():
    a = datagen.big_leads(20_000, seed=1)
    b = datagen.big_leads(20_000, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == list(SCHEMAS["b2b_leads"]["columns"])
    assert a["lead_id"].is_unique and len(a) == 20_000
    rate = a.groupby(["money", "authority", "need"])["converted"].mean()
    assert rate[(True, True, True)] > 5 * rate[(False, False, False)]


def test_cli_writes_files(tmp_path, capsys):
    assert datagen.main(["--out", str(tmp_path), "--big", "500", "--seed", "1"]) == 0
    f = tmp_path / "b2b_leads_500.csv"
    assert f.is_file() and len(pd.read_csv(f)) == 500
