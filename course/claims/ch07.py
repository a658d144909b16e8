"""Chapter 7 claims: the honest lead model and the in-sale one side by side, gains, the budget, rules, detection."""

from __future__ import annotations

from course.claims import Data, add, claim

#: the contact budget the chapter, its exercises and its lesson plan share
BUDGET, COST_PER_CONTACT = 30_000, 400


def _model(d: Data):
    from course import precision

    return d.result("ch07.model", lambda: precision.train_lead_model(d.table("b2b_leads")))


def _in_sale(d: Data):
    from course import precision

    return d.result("ch07.in_sale", lambda: precision.train_lead_model(
        d.table("b2b_leads"), features=[*precision.LEAD_FEATURES, *precision.IN_SALE_SIGNALS], allow_leaky=True))


def _day_one(d: Data):
    from course import precision

    return d.result("ch07.day_one", lambda: precision.day_one_view(d.table("b2b_leads")))


@claim("ch07.open_left_out", "open leads left out of training (no outcome yet)", "训练时排除的仍在跟进的线索数", "int")
def _open(d: Data):
    return _model(d).open_leads_left_out


@claim("ch07.test_leads", "held-out leads", "留出的线索数", "int")
def _test(d: Data):
    return len(_model(d).y_test)


@claim("ch07.honest_auc", "held-out AUC of the model on before-sale columns", "只用销售前信息的模型在留出集上的 AUC", "num2")
def _auc(d: Data):
    return _model(d).auc


@claim("ch07.honest_is_honest", "the before-sale model is good but far from perfect (AUC between 0.75 and 0.9)",
       "只用销售前信息的模型不错，但离完美还远（AUC 在 0.75 到 0.9 之间）", holds=lambda v: 0.75 <= v["auc"] <= 0.9)
def _honest(d: Data):
    return {"auc": _model(d).auc}


@claim("ch07.in_sale_auc", "held-out AUC of the model that adds in-sale signals", "加入销售过程信号的模型在留出集上的 AUC", "num2")
def _in_auc(d: Data):
    return _in_sale(d).auc


@claim("ch07.in_sale_day_one_auc", "the in-sale model's AUC on the same leads as they looked on day one",
       "加入销售过程信号的模型，在这些线索创建当天的样子上的 AUC", "num2")
def _in_day1(d: Data):
    return _in_sale(d).auc_on(_day_one(d))


@claim("ch07.in_sale_day_one_score", "the in-sale model's average score on day one", "加入销售过程信号的模型在创建当天的平均得分",
       "pct")
def _in_score(d: Data):
    m = _in_sale(d)
    return float(m.predict(_day_one(d).loc[m.test_ids]).mean())


@claim("ch07.win_rate", "actual win rate of the held-out leads", "留出线索的实际成交率", "pct")
def _rate(d: Data):
    return float(_model(d).y_test.mean())


@claim("ch07.leak_side_by_side", "the in-sale model beats the honest one on paper, loses to it on day one, and its "
       "day-one scores are a fraction of the real win rate; the honest model scores the same both ways",
       "加入销售过程信号的模型纸面上胜过诚实模型，到了创建当天却不如它，而且当天的平均得分只是实际成交率的零头；诚实模型两种看法结果一样",
       holds=lambda v: v["in_sale_paper"] > v["honest_paper"] > v["in_sale_day_one"]
       and abs(v["honest_day_one"] - v["honest_paper"]) < 1e-9 and v["in_sale_mean_day_one"] < v["win_rate"] / 5)
def _side(d: Data):
    honest, in_sale, day1 = _model(d), _in_sale(d), _day_one(d)
    return {"honest_paper": honest.auc, "honest_day_one": honest.auc_on(day1), "in_sale_paper": in_sale.auc,
            "in_sale_day_one": in_sale.auc_on(day1),
            "in_sale_mean_day_one": float(in_sale.predict(day1.loc[in_sale.test_ids]).mean()),
            "win_rate": float(honest.y_test.mean())}


@claim("ch07.top_features_before_sale", "the honest model's strongest inputs are the source method and the MAN letters",
       "诚实模型权重最大的输入是开发方法和 MAN 三项",
       holds=lambda v: v["referral_up"] and v["door_down"] and v["man_positive"])
def _features(d: Data):
    w = _model(d).key_features(top=12)["weight"]
    return {"referral_up": w.get("source_method_referral", 0) > 0, "door_down": w.get("source_method_door_to_door", 0) < 0,
            "man_positive": all(w.get(k, 0) > 0 for k in ("money", "authority", "need"))}


def _gains(d: Data):
    return d.result("ch07.gains", lambda: _model(d).gains())


@claim("ch07.top_decile_lift", "lift of the best-scored tenth", "得分最高的一成线索的提升度", "num1")
def _lift(d: Data):
    return float(_gains(d)["lift"].iloc[0])


@claim("ch07.top_fifth_wins", "share of wins among the best-scored fifth", "得分前五分之一覆盖的成交比例", "pct0")
def _fifth(d: Data):
    return float(_gains(d)["cum_wins_share"].iloc[1])


@claim("ch07.top_half_wins", "share of wins among the best-scored half", "得分前一半覆盖的成交比例", "pct0")
def _half(d: Data):
    return float(_gains(d)["cum_wins_share"].iloc[4])


@claim("ch07.wins_all_the_way_down", "the honest ranking still finds wins in the lower groups (at least 8 of 10 groups "
       "have a win), while the in-sale model packs its wins into the top groups",
       "诚实模型的排序在靠后的组里也能找到成交（十组里至少八组有成交），而加入销售过程信号的模型把成交全挤在前几组",
       holds=lambda v: v["honest_groups_with_wins"] >= 8 and v["in_sale_groups_with_wins"] <= 5)
def _down(d: Data):
    return {"honest_groups_with_wins": int((_gains(d)["wins"] > 0).sum()),
            "in_sale_groups_with_wins": int((_in_sale(d).gains()["wins"] > 0).sum())}


@claim("ch07.budget", "the contact budget of the chapter, its exercises and its lesson plan", "本章、练习和教案共用的联系预算",
       "money")
def _budget(d: Data):
    # the exercises (course/exercises/ch07.py) must use the same budget: tests/test_editions.py checks it
    return BUDGET


@claim("ch07.cost_per_contact", "cost per contact of the chapter, its exercises and its lesson plan", "每次联系的成本", "money")
def _cost(d: Data):
    _budget(d)
    return COST_PER_CONTACT


@claim("ch07.calls", "contacts the budget pays for", "预算够联系的线索数", "int")
def _calls(d: Data):
    return BUDGET // COST_PER_CONTACT


def _plan(d: Data):
    from course import precision

    m = _model(d)
    n, _ = precision.leads_for_budget(m.test_scores, budget=BUDGET, cost_per_contact=COST_PER_CONTACT)
    return precision.targeting_summary(m.test_scores, m.y_test, top_n=n, cost_per_contact=COST_PER_CONTACT)


@claim("ch07.budget_wins", "wins among the leads the budget contacts", "按预算联系的线索中的成交数", "int")
def _b_wins(d: Data):
    return int(_plan(d)["wins"])


@claim("ch07.budget_lift", "lift of the leads the budget contacts", "按预算联系的线索的提升度", "num1")
def _b_lift(d: Data):
    return float(_plan(d)["lift"])


def _spend(d: Data):
    from course import precision

    return d.result("ch07.spend", lambda: precision.train_spend_model(d.table("b2b_orders")))


@claim("ch07.spend_beats_naive", "the spend model's mean absolute error is smaller than the naive forecast's",
       "消费预测模型的平均绝对误差小于简单基准", holds=lambda v: v["model"] < v["naive"])
def _spend_beats(d: Data):
    s = _spend(d)
    return {"model": float(s.mae), "naive": float(s.baseline_mae)}


@claim("ch07.spend_gain", "how much smaller the model's error is than the naive forecast's", "模型误差比简单基准小多少", "pct0")
def _spend_gain(d: Data):
    s = _spend(d)
    return 1 - float(s.mae) / float(s.baseline_mae)


@claim("ch07.spend_order_counts_lead", "an order count (to date or in the last 12 months) carries the forecast most",
       "对预测贡献最大的是订单数（累计或近 12 个月）",
       holds=lambda v: v["top"] in ("orders_total", "orders_12m"))
def _spend_top(d: Data):
    return {"top": str(_spend(d).key_features().index[0])}


def _feature_name(rank: int):
    def compute(d: Data):
        from course.i18n import t

        code = str(_spend(d).key_features().index[rank])
        return {lang: t(f"ch07.value.{code}", lang) for lang in ("en", "zh")}

    return compute


for _rank, _which in ((0, "first"), (1, "second")):
    add(f"ch07.spend_feature_{_which}", f"the spend model's {_which} most important input", f"消费预测模型中重要性第 {_rank + 1} 的输入",
        _feature_name(_rank))


def _rules(d: Data):
    from course import precision

    return d.result("ch07.rules", lambda: precision.association_rules(d.table("b2c_basket_items"), min_support=0.01,
                                                                        min_confidence=0.1))


@claim("ch07.baskets", "Yuexiang baskets", "悦享生活馆的购物篮数", "int")
def _baskets(d: Data):
    return int(d.table("b2c_basket_items")["txn_id"].nunique())


@claim("ch07.planted_pairs_stand_out", "the four planted pairs have lift above 10 and every other rule lift below 2",
       "埋入的四对商品提升度都在 10 以上，其余规则都低于 2",
       holds=lambda v: v["strong_pairs"] == 4 and v["others_max_lift"] < 2)
def _pairs(d: Data):
    r = _rules(d)
    strong = r[r["lift"] > 10]
    pairs = {frozenset(a | c) for a, c in zip(strong["antecedents"], strong["consequents"], strict=True)}
    return {"strong_pairs": len(pairs), "others_max_lift": float(r.loc[r["lift"] <= 10, "lift"].max())}


@claim("ch07.cat_dog_lift", "lift of cat food → dog food", "猫粮 → 狗粮的提升度", "num2")
def _cat(d: Data):
    from course import precision

    return float(precision.pair_stats(d.table("b2c_basket_items"), "猫粮", "狗粮")["lift"])


@claim("ch07.cat_dog_negative", "cat food and dog food share baskets far less often than chance",
       "猫粮和狗粮同在一个购物篮的概率远低于随机", holds=lambda v: v["lift"] < 0.5)
def _cat_neg(d: Data):
    return {"lift": _cat(d)}


def _flags(d: Data):
    from course import precision

    def make():
        flagged = precision.flag_orders(d.table("b2b_orders"))
        return precision.planted_recall(flagged["order_id"], precision.planted_anomalies("b2b_orders")["order_id"])

    return d.result("ch07.flags", make)


@claim("ch07.planted_orders", "faulty orders the generator planted", "生成程序埋入的异常订单数", "int")
def _planted(d: Data):
    return int(_flags(d)["planted"])


@claim("ch07.flagged_orders", "orders flagged", "被标记的订单数", "int")
def _flagged(d: Data):
    return int(_flags(d)["flagged"])


@claim("ch07.all_planted_found", "detection finds every planted faulty order", "检测找出了全部埋入的异常订单",
       holds=lambda v: v["recall"] == 1.0)
def _found(d: Data):
    return {"recall": float(_flags(d)["recall"])}


@claim("ch07.reps", "Huaxin's sales reps, past and present", "华信的销售代表人数（含已离职）", "int")
def _reps(d: Data):
    return len(d.table("b2b_reps"))


@claim("ch07.members", "Yuexiang members", "悦享生活馆的会员数", "int")
def _members(d: Data):
    return len(d.table("b2c_members"))
