"""Chapter 1 functions: MAN classification, latent demand, price premium, purchasing power."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import data, prospects
from course.data import DataError


def test_man_code_covers_all_eight_combinations():
    codes = {prospects.man_code(*flags) for flags in itertools.product([True, False], repeat=3)}
    assert codes == set(prospects.MAN_ORDER)


@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=50))
def test_vectorised_codes_match_the_scalar_rule(rows):
    frame = pd.DataFrame(rows, columns=["money", "authority", "need"], dtype=bool)
    expected = [prospects.man_code(*r) for r in rows]
    assert prospects.man_codes(frame).tolist() == expected


def test_classify_adds_action_and_countermeasure_in_the_current_language():
    frame = pd.DataFrame({"money": [1, 1, 0, 0], "authority": [1, 0, 1, 0], "need": [1, 1, 1, 0]})
    out = prospects.man_classify(frame)
    assert out["man_code"].tolist() == ["MAN", "MaN", "mAN", "man"]
    assert out["man_action"].tolist() == ["pursue", "redirect", "finance", "stop"]
    assert out["man_priority"].tolist()[0] == 1
    zh = prospects.man_classify(frame, lang="zh")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.loc[0, "countermeasure"])
    assert list(frame.columns) == ["money", "authority", "need"]  # input not modified


def test_classify_accepts_text_flags_and_a_column_mapping():
    frame = pd.DataFrame({"预算": ["是", "否"], "决策": ["yes", "no"], "需求": ["Y", "N"]})
    out = prospects.man_classify(frame, columns={"money": "预算", "authority": "决策", "need": "需求"})
    assert out["man_code"].tolist() == ["MAN", "man"]


def test_bad_flags_and_missing_columns_raise_data_error_naming_the_column():
    with pytest.raises(DataError, match="'need'.*maybe"):
        prospects.man_codes(pd.DataFrame({"money": [1], "authority": [1], "need": ["maybe"]}))
    with pytest.raises(DataError, match="authority"):
        prospects.man_codes(pd.DataFrame({"money": [1], "need": [1]}))


def test_summary_on_the_bundled_leads_shows_man_converts_best():
    leads = data.load("b2b_leads")
    summary = prospects.man_summary(leads)
    assert summary.index.tolist() == list(prospects.MAN_ORDER)
    assert summary["leads"].sum() == len(leads)
    assert summary["share"].sum() == pytest.approx(1.0)
    rate = summary["conversion_rate"]
    assert rate["MAN"] > 1.4 * rate.drop("MAN").max()
    assert rate[["MAN", "MaN", "mAN", "MAn"]].min() > rate[["maN", "mAn", "Man", "man"]].max()
    assert rate["man"] < 0.05
    # the vectorised rates agree with a direct computation
    direct = leads.loc[leads.money & leads.authority & leads.need, "converted"].mean()
    assert rate["MAN"] == pytest.approx(direct)


def test_latent_demand_forms():
    frame = pd.DataFrame({"money": [1, 0, 1, 0], "need": [1, 1, 0, 0]})
    assert prospects.latent_demand(frame).tolist() == ["ready", "desire_without_power", "power_without_desire", "neither"]


def test_price_premium_peaks_inside_the_range_and_distrusts_very_low_prices():
    model = prospects.PricePremium(perceived_value=4800, market_price=5000)
    best = model.best_price()
    assert 0.55 * 5000 < best < 5000
    assert model.appeal(0.3 * 5000) < 0.2 * model.appeal(best)  # far too cheap: appeal collapses
    assert model.appeal(1.6 * 5000) < model.appeal(best)
    assert model.zone(0.3 * 5000) == "suspicious"
    assert model.zone(4000) == "bargain"
    assert model.zone(7000) == "overpriced"
    with pytest.raises(ValueError, match="positive"):
        prospects.PricePremium(perceived_value=-1, market_price=5000)


def test_purchasing_power_ranks_income_bands():
    table = prospects.purchasing_power(data.load("b2c_members"), data.load("b2c_transactions"))
    assert set(table.index) == {"low", "middle", "high"}
    assert table.index[0] == "high"
    assert table["spend_per_member"].is_monotonic_decreasing
    assert ((table["buyers_share"] >= 0) & (table["buyers_share"] <= 1)).all()
    with pytest.raises(DataError, match="amount"):
        prospects.purchasing_power(data.load("b2c_members"), pd.DataFrame({"member_id": ["M1"]}))


def test_buying_timing_and_its_table():
    assert prospects.buying_timing(4, 2)["id"] == "now"
    assert prospects.buying_timing(0, 0)["id"] == "drop"
    with pytest.raises(ValueError):
        prospects.buying_timing(6, 0)
    assert len(prospects.timing_table()) == 4


def test_plots_build_and_have_labels():
    model = prospects.PricePremium(4800, 5000)
    fig = prospects.plot_price_premium(model, price=4200, lang="zh")
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel()
    summary = prospects.man_summary(data.load("b2b_leads"))
    fig2 = prospects.plot_man_summary(summary)
    assert len(fig2.axes) == 2
    assert np.isfinite(summary["leads"]).all()
