"""Chapter 7 functions: association rules against published examples, models, detection, recommendations."""

from __future__ import annotations

import json
import math
from itertools import combinations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course import data, precision
from course.data import DataError
from course.schemas import columns_known

#: the 5-basket example of the mlxtend user guide (association_rules page)
MLXTEND = [["Milk", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
           ["Dill", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
           ["Milk", "Apple", "Kidney Beans", "Eggs"],
           ["Milk", "Unicorn", "Corn", "Kidney Beans", "Yogurt"],
           ["Corn", "Onion", "Onion", "Kidney Beans", "Ice cream", "Eggs"]]
#: the classic bread / milk / diapers / beer table (Tan, Steinbach & Kumar)
CLASSIC = [["Bread", "Milk"], ["Bread", "Diapers", "Beer", "Eggs"], ["Milk", "Diapers", "Beer", "Cola"],
           ["Bread", "Milk", "Diapers", "Beer"], ["Bread", "Milk", "Diapers", "Cola"]]


def _rule(rules, a, c):
    hit = rules[(rules.antecedents == frozenset(a)) & (rules.consequents == frozenset(c))]
    assert len(hit) == 1, f"rule {a} -> {c} not found once"
    return hit.iloc[0]


@pytest.fixture(scope="module")
def gt():
    return json.loads((data.datasets_dir() / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


@pytest.fixture(scope="module")
def orders():
    return data.load("b2b_orders")


@pytest.fixture(scope="module")
def spend(orders):
    return precision.train_spend_model(orders)


@pytest.fixture(scope="module")
def lead_model(leads):
    return precision.train_lead_model(leads)


# --------------------------------------------------------------------------- association rules
def test_mlxtend_documentation_example_gives_twelve_rules():
    rules = precision.association_rules(MLXTEND, min_support=0.6, min_confidence=0.7, max_consequent=None)
    assert len(rules) == 12
    onion_eggs = _rule(rules, {"Onion"}, {"Eggs"})
    assert (onion_eggs.confidence, onion_eggs.lift, onion_eggs["count"]) == (1.0, 1.25, 3)
    assert _rule(rules, {"Onion"}, {"Eggs", "Kidney Beans"}).lift == 1.25  # a two-item right-hand side
    assert _rule(rules, {"Eggs"}, {"Onion"}).confidence == 0.75
    single = precision.association_rules(MLXTEND, min_support=0.6, min_confidence=0.7)
    assert len(single) == 10 and (single.consequents.map(len) == 1).all()
    assert isinstance(single.antecedents.iloc[0], frozenset)


def test_classic_diapers_beer_table():
    rules = precision.association_rules(CLASSIC, min_support=0.6, min_confidence=0.7)
    row = _rule(rules, {"Diapers"}, {"Beer"})
    assert (row.support, row.confidence, row.lift) == (0.6, 0.75, 1.25)
    assert (row.antecedent_support, row.consequent_support) == (0.8, 0.6)
    assert not row.negative
    assert _rule(rules, {"Beer"}, {"Diapers"}).confidence == 1.0


def test_games_and_videos_is_a_negative_association():
    baskets = [["games", "videos"]] * 4000 + [["games"]] * 2000 + [["videos"]] * 3500 + [[]] * 500
    rules = precision.association_rules(baskets, min_support=0.3, min_confidence=0.6)
    row = _rule(rules, {"games"}, {"videos"})
    assert round(row.lift, 2) == 0.89 and row.negative and row.support == 0.4
    assert math.isclose(row.confidence, 4000 / 6000)
    stats = precision.pair_stats(baskets, "games", "videos")
    assert stats["n_baskets"] == 10000 and stats["count_both"] == 4000 and stats["negative"]


def test_thresholds_are_applied_to_exact_counts():
    # 7 of 10 baskets with a also hold b: confidence exactly 0.7 must be kept
    baskets = [["a", "b"]] * 7 + [["a"]] * 3 + [["b"]] * 10
    rules = precision.association_rules(baskets, min_support=0.35, min_confidence=0.7)
    assert _rule(rules, {"a"}, {"b"})["count"] == 7
    assert precision.association_rules(baskets, min_support=0.36, min_confidence=0.0).empty


def test_frame_input_mapping_and_algorithms_agree():
    frame = pd.DataFrame([(k, item) for k, basket in enumerate(CLASSIC) for item in basket], columns=["bon", "artikel"])
    from_list = precision.association_rules(CLASSIC, 0.4, 0.5)
    from_frame = precision.association_rules(frame, 0.4, 0.5)  # two columns: basket id, item
    mapped = precision.association_rules(frame.assign(extra=1), 0.4, 0.5, columns={"basket": "bon", "item": "artikel"})
    by_apriori = precision.association_rules(CLASSIC, 0.4, 0.5, algorithm="apriori")
    for other in (from_frame, mapped, by_apriori):
        pd.testing.assert_frame_equal(from_list, other)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sets(st.sampled_from("abcde"), max_size=4), min_size=2, max_size=30),
       st.sampled_from([0.1, 0.2, 0.3]), st.sampled_from([0.0, 0.5, 0.8]))
def test_rule_metrics_match_brute_force_counts(baskets, min_support, min_confidence):
    baskets = [sorted(b) for b in baskets]
    if max(map(len, baskets)) < 2:
        with pytest.raises(DataError):
            precision.association_rules(baskets, min_support, min_confidence)
        return
    rules = precision.association_rules(baskets, min_support, min_confidence, min_count=1)  # rules seen once kept
    n = len(baskets)

    def count(items):
        return sum(set(items) <= set(b) for b in baskets)

    expected = set()
    for size in (2, 3, 4):
        for itemset in combinations("abcde", size):
            both = count(itemset)
            if both == 0 or both < min_support * n - 1e-9:
                continue
            for c in itemset:
                a = frozenset(itemset) - {c}
                if both / count(a) >= min_confidence - 1e-12:
                    expected.add((a, frozenset({c})))
    assert set(zip(rules.antecedents, rules.consequents, strict=True)) == expected
    for row in rules.itertuples():
        assert row.count == count(row.antecedents | row.consequents)
        assert math.isclose(row.lift, row.count * n / (count(row.antecedents) * count(row.consequents)))


def _brute_count(baskets, items):
    return sum(set(items) <= set(b) for b in baskets)


def test_a_rule_seen_once_is_an_anecdote_unless_asked_for():
    baskets = [["a", "b"]] * 3 + [["c", "d"]] + [["e"]] * 6
    rules = precision.association_rules(baskets, 0.05, 0.5)  # 0.05 of 10 baskets = 1 basket
    assert set(map(frozenset.union, rules.antecedents, rules.consequents)) == {frozenset("ab")}
    th = rules.attrs["thresholds"]
    assert th["min_count"] == 2 and th["changed"] == ["floor"] and "anecdote" in th["reason"]["en"]
    assert "个例" in th["reason"]["zh"]
    once = precision.association_rules(baskets, 0.05, 0.5, min_count=1)
    assert frozenset("cd") in set(map(frozenset.union, once.antecedents, once.consequents))


def test_work_estimate_counts_the_itemsets_inside_the_baskets():
    baskets = [list("abcde"), list("abc"), list("ab"), ["f"]]
    th = precision.rule_thresholds(baskets, 0.5, max_work=None)  # count 2: a, b, c frequent; d, e, f not
    # by hand: basket 1 holds a,b,c (ab ac bc abc = 4), basket 2 the same (4), basket 3 ab (1)
    assert th["min_count"] == 2 and th["work"] == 9 and th["max_len"] is None and th["changed"] == []


def test_thirty_big_baskets_at_support_one_percent_are_bounded_and_exact():
    import random

    rng = random.Random(7)
    pool = [f"item{k:02d}" for k in range(60)]
    core = pool[:30]  # a shared core makes every combination of it frequent: 2**30 itemsets unbounded
    baskets = [sorted(set(core[: rng.randint(24, 30)]) | set(rng.sample(pool, 10))) for _ in range(30)]
    rules = precision.association_rules(baskets, min_support=0.01, min_confidence=0.5)
    th = rules.attrs["thresholds"]
    assert th["work"] <= precision.MAX_WORK and th["changed"] and th["max_len"] is not None
    assert th["max_len"] < max(map(len, baskets))
    for key in th["changed"]:
        assert key in ("floor", "length", "count")
    assert str(th["max_len"]) in th["reason"]["en"] and "规则" in th["reason"]["zh"]
    assert len(rules) > 0
    sample = rules.sample(min(len(rules), 40), random_state=0)
    for row in sample.itertuples():  # every rule kept is exact and within the stated thresholds
        items = row.antecedents | row.consequents
        assert len(items) <= th["max_len"] and row.count == _brute_count(baskets, items) >= th["min_count"]
        assert row.confidence == pytest.approx(row.count / _brute_count(baskets, row.antecedents))


def test_within_the_budget_the_bound_changes_nothing():
    baskets = data.load("b2c_basket_items")[["txn_id", "item"]]
    bounded = precision.association_rules(baskets, 0.01, 0.1)
    free = precision.association_rules(baskets, 0.01, 0.1, max_work=None)
    pd.testing.assert_frame_equal(bounded, free)
    assert bounded.attrs["thresholds"]["changed"] == []


def test_planted_cross_sell_rules_are_found_with_their_numbers(gt):
    baskets = data.load("b2c_basket_items")
    rules = precision.association_rules(baskets[["txn_id", "item"]], min_support=0.02, min_confidence=0.5)
    for planted in gt["cross_sell_rules"]:
        row = _rule(rules, {planted["antecedent"]}, {planted["consequent"]})
        assert row["count"] == planted["count_both"]
        assert row.support == pytest.approx(planted["support"], abs=1e-6)
        assert row.confidence == pytest.approx(planted["confidence"], abs=1e-6)
        assert row.lift == pytest.approx(planted["lift"], abs=1e-5)
    neg = gt["negative_pair"]
    stats = precision.pair_stats(baskets, neg["antecedent"], neg["consequent"])
    assert stats["count_both"] == neg["count_both"] and stats["lift"] == pytest.approx(neg["lift"], abs=1e-6)
    assert stats["negative"]


def test_unsuitable_baskets_raise_data_error():
    with pytest.raises(DataError, match="single item"):
        precision.association_rules([["a"], ["b"], ["a"]], 0.1, 0.1)
    with pytest.raises(DataError, match="at least 2"):
        precision.association_rules([["a", "b"]], 0.1, 0.1)
    with pytest.raises(DataError, match="basket id and item"):
        precision.association_rules(pd.DataFrame({"x": [1], "y": [2], "z": [3]}), 0.1, 0.1)
    with pytest.raises(DataError, match="购物篮编号"):
        precision.association_rules(pd.DataFrame({"x": [1], "y": [2]}), 0.1, 0.1, columns={"basket": "nope", "item": "y"})
    with pytest.raises(DataError):
        precision.association_rules("tea, cup", 0.1, 0.1)


def test_rules_table_and_plot_speak_the_current_language():
    rules = precision.association_rules(CLASSIC, 0.6, 0.7)
    table = precision.rules_table(rules, {"Beer": "啤酒"})
    assert list(table.columns)[:2] == ["If a customer buys", "Offer"]
    course.set_language("zh")
    table = precision.rules_table(rules, {"Beer": "啤酒"})
    assert "顾客买了" in table.columns and "啤酒" in set(table["推荐"]) | set(table["顾客买了"])
    fig = precision.plot_rules(rules)
    assert fig.axes[0].get_ylabel() == "置信度（%）"


# --------------------------------------------------------------------------- classification
def test_lead_model_is_honest_and_leakage_is_exposed(leads, lead_model):
    closed = leads[leads["lead_status"] != "open"]
    assert lead_model.open_leads_left_out == (leads["lead_status"] == "open").sum() > 0
    assert len(lead_model.y_test) == round(0.25 * len(closed))
    assert lead_model.y_test.mean() == pytest.approx(closed.converted.mean(), abs=0.01)
    assert 0.75 < lead_model.auc < 0.9  # good, far from perfect: much of what decides a sale is not in the table
    assert set(lead_model.features) <= set(columns_known("b2b_leads", "before"))
    assert not set(lead_model.features) & set(precision.LEAKY_COLUMNS)
    with pytest.raises(DataError, match="leakage"):
        precision.train_lead_model(leads, features=["money", "days_to_contract"])
    with pytest.raises(DataError, match="during the sale") as err:
        precision.train_lead_model(leads, features=["money", "asked_quote", "stage"])
    assert "销售过程中" in str(err.value)
    leaky = precision.train_lead_model(leads, features=[*precision.LEAD_FEATURES, "days_to_contract"], allow_leaky=True)
    assert leaky.auc == 1.0 > lead_model.auc
    m = lead_model.metrics(0.5)
    picked = lead_model.test_scores >= 0.5
    assert m["contacted"] == picked.sum() and m["precision"] == pytest.approx(lead_model.y_test[picked].mean())
    scores = lead_model.predict(leads.head(5))
    assert scores.between(0, 1).all() and list(scores.index) == list(range(5))


def test_in_sale_signals_look_brilliant_on_paper_and_fail_on_new_leads(leads, lead_model):
    """Side by side on the same held-out leads: on paper, and as the leads looked the day they were created."""
    in_sale = precision.train_lead_model(leads, features=[*precision.LEAD_FEATURES, *precision.IN_SALE_SIGNALS],
                                         allow_leaky=True)
    assert list(in_sale.test_ids) == list(lead_model.test_ids)  # same split, fair comparison
    day_one = precision.day_one_view(leads)
    assert (day_one["stage"] == "contacted").all() and not day_one["asked_quote"].any()
    assert (day_one[list(precision.LEAD_FEATURES)] == leads[list(precision.LEAD_FEATURES)]).all().all()
    assert in_sale.auc > 0.95 > lead_model.auc
    assert lead_model.auc_on(day_one) == pytest.approx(lead_model.auc)  # nothing it uses changes
    assert in_sale.auc_on(day_one) < lead_model.auc_on(day_one)
    # on day one the in-sale model calls every lead hopeless; the honest one is calibrated
    rate = lead_model.y_test.mean()
    assert in_sale.predict(day_one.loc[in_sale.test_ids]).mean() < rate / 5
    assert lead_model.predict(day_one.loc[lead_model.test_ids]).mean() == pytest.approx(rate, rel=0.25)
    # the honest ranking still finds wins all the way down; the in-sale one packs them into a few groups
    assert (lead_model.gains()["wins"] > 0).sum() >= 8
    assert (in_sale.gains()["wins"] == 0).sum() >= 5


def test_lead_model_accepts_a_column_mapping_and_rejects_bad_targets(leads):
    renamed = leads.rename(columns={"converted": "won", "money": "budget"})
    model = precision.train_lead_model(renamed, features=["money", "need", "engagement"],
                                       columns={"converted": "won", "money": "budget"}, model="boosting")
    assert model.auc > 0.6 and model.predict(renamed.head(3)).shape == (3,)
    with pytest.raises(DataError, match="nothing to tell apart"):
        precision.train_lead_model(leads.assign(converted=True))
    with pytest.raises(DataError, match="only 10 rows"):
        precision.train_lead_model(leads.head(10))
    with pytest.raises(DataError, match=r"column\(s\) \['converted'\] missing.*Fix: rename"):
        precision.train_lead_model(leads.drop(columns="converted"))


def test_gains_targeting_and_budget_by_hand():
    y = [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    s = [.9, .8, .7, .6, .5, .4, .3, .2, .1, .0]
    table = precision.gains_table(y, s, bins=5)
    assert table["wins"].tolist() == [1, 1, 0, 0, 0]
    assert table["cum_wins_share"].tolist() == [0.5, 1.0, 1.0, 1.0, 1.0]
    plan = precision.targeting_summary(s, y, top_n=3, cost_per_contact=100, value_per_win=1000)
    assert (plan["contacted"], plan["wins"], plan["cost"], plan["profit"]) == (3, 2, 300.0, 1700.0)
    assert plan["lift"] == pytest.approx((2 / 3) / 0.2)
    assert precision.targeting_summary(s, y, threshold=0.65)["contacted"] == 3
    assert precision.leads_for_budget(s, budget=450, cost_per_contact=100) == (4, 0.6)
    x_share, y_share = precision.gains_curve(y, s)
    assert y_share[1] == 0.5 and y_share[-1] == 1.0 and x_share[-1] == 1.0


# --------------------------------------------------------------------------- prediction
def test_spend_features_and_model(orders, spend):
    o = pd.DataFrame({"account_id": ["A", "A", "B", "A"],
                      "order_date": pd.to_datetime(["2023-01-10", "2025-01-01", "2025-03-01", "2025-08-01"]),
                      "product": ["copier", "toner", "paper", "copier"], "amount": [30000.0, 400.0, 150.0, 28000.0],
                      "quantity": [1, 2, -1, 1]})
    f = precision.spend_features(o, "2025-06-30")
    assert list(f.index) == ["A"]  # B's only order is a return
    assert f.loc["A", "spend_12m"] == 400 and f.loc["A", "spend_prev_12m"] == 0 and f.loc["A", "spend_total"] == 30400
    assert f.loc["A", "days_since_copier"] == (pd.Timestamp("2025-06-30") - pd.Timestamp("2023-01-10")).days
    model = spend
    assert model.mae < model.baseline_mae
    naive = precision.spend_features(orders, model.test_cutoff)["spend_12m"]
    assert model.baseline_mae == pytest.approx((model.test["actual"] - naive).abs().mean())
    assert model.key_features().sum() == pytest.approx(1.0)
    ranked = model.rank(orders, top=5)
    assert ranked["predicted_spend"].is_monotonic_decreasing and len(ranked) == 5
    with pytest.raises(DataError, match="at least 30"):
        precision.train_spend_model(orders.head(20))


# --------------------------------------------------------------------------- detection
def test_flag_orders_rules_on_a_hand_made_table():
    base = dict(account_id="A", product="toner", quantity=2, unit_price=100.0, discount_rate=0.0, amount=200.0)
    rows = [dict(base, order_id=f"O{k:02d}", order_date=pd.Timestamp("2025-01-01") + pd.Timedelta(days=k)) for k in range(40)]
    rows[1].update(quantity=-2, amount=-200.0)
    rows[2].update(order_date=pd.Timestamp("2026-09-01"))
    rows[3].update(amount=250.0)
    rows[4].update(unit_price=5000.0, amount=10000.0)
    flagged = precision.flag_orders(pd.DataFrame(rows)).set_index("order_id")
    assert flagged.loc["O01", "negative_quantity"] and flagged.loc["O02", "future_date"]
    assert flagged.loc["O03", "amount_mismatch"] and flagged.loc["O04", "amount_outlier"]
    assert "quantity is -2" in flagged.loc["O01", "reasons"] and "2026-09-01" in flagged.loc["O02", "reasons"]
    assert flagged.loc[["O01", "O02", "O03", "O04"], "rules"].eq(1).all()
    assert not flagged.drop(index=["O01", "O02", "O03", "O04"])[list(precision.ORDER_RULES)].any().any()
    with pytest.raises(DataError, match="at least 30"):
        precision.flag_orders(pd.DataFrame(rows[:5]))


def test_flag_orders_finds_every_planted_anomaly(orders, gt):
    flagged = precision.flag_orders(orders, lang="zh")
    planted = {a["order_id"]: a["kind"] for a in gt["anomalies"]["b2b_orders"]}
    score = precision.planted_recall(flagged["order_id"], planted)
    assert score["recall"] == 1.0 and score["found"] == 10
    by_id = flagged.set_index("order_id")
    kind_to_rule = {"negative_quantity": "negative_quantity", "future_date": "future_date",
                    "amount_mismatch": "amount_mismatch", "price_typo": "amount_outlier"}
    for order_id, kind in planted.items():
        assert by_id.loc[order_id, kind_to_rule[kind]], (order_id, kind)
    assert by_id["reasons"].str.len().gt(0).all() and any("数量为" in r for r in by_id["reasons"])
    assert precision.planted_anomalies()["order_id"].tolist() == list(planted)


# --------------------------------------------------------------------------- recommendations
def test_cross_sell_offers_skip_what_the_customer_already_has():
    rules = precision.association_rules([["tent", "mat"]] * 3 + [["tent"], ["mat"], ["tea", "cup"], ["tea", "cup"]], 0.2, 0.5)
    buys = pd.DataFrame({"member_id": ["M1", "M2", "M2", "M3", "M4"], "item": ["tent", "tent", "mat", "tea", "soap"]})
    offers = precision.cross_sell_offers(rules, buys, names={"cup": "Cup"})
    assert offers.set_index("member_id")["offer"].to_dict() == {"M1": "mat", "M3": "Cup"}


def test_account_recommendations_are_actionable(orders, spend):
    accounts = data.load("b2b_accounts")
    product_rules = precision.association_rules(orders[["account_id", "product"]], 0.05, 0.5)
    table = precision.account_recommendations(orders, accounts, spend, product_rules, top=10)
    assert len(table) == 10 and table.index.is_unique
    assert (table["upsell"].str.len() + table["cross_sell"].str.len()).gt(0).all()
    assert table["predicted_spend"].is_monotonic_decreasing


def test_content_tables_are_bilingual():
    assert len(precision.overview()) == 4 and len(precision.discussion()) == 4
    course.set_language("zh")
    assert "答题要点" in precision.discussion().columns
    leakage = precision.evaluation_terms(["leakage"]).to_frame()
    assert leakage.iloc[0, 0] == "数据泄漏"
    # the glossary shows each explanation whole, as the knowledge base has it (pandas cut it with "…")
    from course import content

    assert leakage.iloc[0, 1] == content.text("model_evaluation", "zh")["leakage"]
    for shown in (precision.overview(), precision.discussion(), precision.evaluation_terms(["lift", "gains_chart"])):
        assert "…" not in shown.html() and "..." not in shown.text()
    assert precision.product_name("copier") == "复印机"
