"""Order lines made fit for counting: every row set aside or changed is accounted for, returns are netted right.

Expected figures come from hand-made tables or from plain pandas on the generator's file, not from the kit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import data, messy_exports, records
from course.order_lines import add_amount, is_line_level, prepare_orders


def _lines(rows):
    frame = pd.DataFrame(rows, columns=["order_id", "account_id", "order_date", "product", "quantity", "unit_price"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["amount"] = frame["quantity"] * frame["unit_price"]
    return frame


HAND = _lines([
    ("1", "a", "2025-01-02", "tea", 2, 5.0),      # tea x2, later one returned
    ("1", "a", "2025-01-02", "cup", 1, 3.0),
    ("1", "a", "2025-01-02", "cup", 1, 3.0),      # duplicate of the line above
    ("2", "a", "2025-02-01", "tea", 4, 5.0),      # the later tea: returns are matched here first
    ("C9", "a", "2025-02-03", "tea", -1, 5.0),    # one tea back
    ("3", "b", "2025-01-05", "pot", 1, 20.0),     # b's whole order returned
    ("C8", "b", "2025-01-06", "pot", -1, 20.0),
    ("4", "b", "2025-03-01", "cup", 2, 3.0),
    ("5", None, "2025-03-02", "tea", 1, 5.0),     # no customer
    ("6", "c", "2025-03-03", "gift", 1, 0.0),     # free item
    ("C7", "d", "2025-03-04", "tea", -2, 5.0),    # d only returned (bought before the data)
    ("C6", "a", "2025-03-05", "mug", -1, 8.0),    # a returns a mug never bought in the data
])


def test_hand_made_lines_are_netted_as_stated():
    prepared = prepare_orders(HAND)
    out = prepared.orders
    keys = [s.key for s in prepared.steps]
    assert keys == ["line_level", "duplicates", "zero_price", "returns", "no_customer", "return_only"]
    # tea of order 2 reduced from 4 to 3; order 1 untouched; b's pot gone, so order 3 is no order any more
    tea2 = out[(out["order_id"] == "2")]
    assert tea2["quantity"].tolist() == [3] and tea2["amount"].tolist() == [15.0]
    assert "3" not in set(out["order_id"]) and len(out[out["order_id"] == "1"]) == 2
    # a's spend: 10 + 3 + 15 - 8 (the unmatched mug stays as a negative line)
    spend = out.groupby("account_id")["amount"].sum()
    assert spend["a"] == 10 + 3 + 15 - 8 and spend["b"] == 6
    assert "d" not in set(out["account_id"].dropna()) and "c" not in set(out["account_id"].dropna())
    returns = prepared.step("returns")
    assert returns.rows == 4 and returns.values["lines_gone"] == 1 and returns.values["lines_cut"] == 1
    assert returns.values["orders_gone"] == 1 and returns.values["unmatched"] == 2  # a's mug, d's tea
    only = prepared.step("return_only")
    assert only.values["customers"] == 1 and only.rows == 1
    assert prepared.step("no_customer").rows == 1 and prepared.step("duplicates").rows == 1


def test_gross_sales_and_kept_duplicates_are_options():
    gross = prepare_orders(HAND, returns="drop", duplicates="keep")
    assert not (gross.orders["quantity"] < 0).any()
    assert gross.orders.loc[gross.orders["order_id"] == "2", "quantity"].tolist() == [4]
    assert gross.step("returns_dropped").rows == 4 and gross.step("duplicates_kept").rows == 1
    dropped = prepare_orders(HAND, anonymous="drop")
    assert dropped.orders["account_id"].notna().all() and dropped.step("no_customer_dropped").rows == 1
    with pytest.raises(ValueError, match="returns"):
        prepare_orders(HAND, returns="sometimes")


def test_orders_are_distinct_order_ids_in_rfm_and_scorecard():
    prepared = prepare_orders(HAND).customer_orders
    rfm = records.rfm_table(prepared, as_of="2025-03-31")
    assert rfm.loc["a", "frequency"] == 2  # orders 1 and 2, not 4 lines
    assert rfm.loc["b", "frequency"] == 1  # order 3 was returned entirely
    card = records.customer_scorecard(prepared, as_of="2025-03-31")
    assert card.loc["a", "orders"] == 2 and card.loc["b", "orders"] == 1


def test_the_steps_speak_both_languages_and_name_options():
    step = prepare_orders(HAND).step("returns")
    en, zh = step.text("en", money=lambda v: f"£{v:,.0f}"), step.text("zh", money=lambda v: f"{v:,.0f} 英镑")
    assert "--returns drop" in en and "latest first" in en and "£" in en
    assert "--returns drop" in zh and "退货" in zh and "英镑" in zh and "latest" not in zh


def test_amount_from_quantity_and_price_and_line_level_detection():
    frame, added = add_amount(pd.DataFrame({"order_id": ["1", "1"], "quantity": ["2", "3"], "unit_price": ["1.5", "2"]}))
    assert added and frame["amount"].tolist() == [3.0, 6.0] and is_line_level(frame)
    assert add_amount(frame)[1] is False
    assert not is_line_level(data.load("b2b_orders"))


@pytest.fixture(scope="module")
def retail():
    lines, truth = messy_exports.retail_lines(invoices=3000, seed=5)
    frame = lines.rename(columns=messy_exports.RETAIL_MAPPING["b2b_orders"])
    frame["account_id"] = frame["account_id"].replace("", None)
    frame, _ = add_amount(frame)
    typed = data.validate(frame, "b2b_orders")
    return lines, truth, typed, prepare_orders(typed, amount_computed=True)


def test_generated_retail_file_every_exclusion_matches_plain_pandas(retail):
    lines, truth, _, prepared = retail
    plain = lines.drop_duplicates()
    assert prepared.step("duplicates").rows == truth["duplicate_lines"] == len(lines) - len(plain)
    assert prepared.step("zero_price").rows == int((plain["UnitPrice"] == 0).sum())
    assert prepared.step("negative_price").rows == truth["negative_price_lines"]
    priced = plain[plain["UnitPrice"] > 0]
    cancel = priced["InvoiceNo"].str.startswith("C")
    assert prepared.step("returns").rows == int(cancel.sum())
    blank = priced["CustomerID"] == ""
    assert prepared.step("no_customer").rows == int((blank & ~cancel).sum())
    only = prepared.step("return_only")
    assert only.values["customers"] == len(truth["return_only_customers"])
    assert set(truth["return_only_customers"]).isdisjoint(set(prepared.orders["account_id"].dropna()))


def test_generated_retail_file_net_spend_and_orders_match_plain_pandas(retail):
    lines, truth, _, prepared = retail
    plain = lines.drop_duplicates()
    plain = plain[(plain["UnitPrice"] > 0) & (plain["CustomerID"] != "")]
    plain = plain[~plain["CustomerID"].isin(truth["return_only_customers"])]
    net = (plain["Quantity"] * plain["UnitPrice"]).groupby(plain["CustomerID"]).sum()
    kit = prepared.customer_orders.groupby("account_id")["amount"].sum()
    gone = set(net.index) - set(kit.index)  # bought and returned everything: said in the returns step
    assert set(kit.index) <= set(net.index) and np.allclose(net.reindex(sorted(gone)).to_numpy(), 0, atol=0.05)
    assert prepared.step("returns").values["customers_gone"] == len(gone)
    net = net.drop(index=sorted(gone))
    assert np.allclose(kit.reindex(net.index).to_numpy(), net.to_numpy(), atol=0.05)
    # customers with no cancellation: orders = their distinct invoices
    cancelled = set(plain.loc[plain["InvoiceNo"].str.startswith("C"), "CustomerID"])
    untouched = plain[~plain["CustomerID"].isin(cancelled)]
    invoices = untouched.groupby("CustomerID")["InvoiceNo"].nunique()
    rfm = records.rfm_table(prepared.customer_orders)
    assert (rfm["frequency"].reindex(invoices.index) == invoices).all()
    # customers with cancellations never gain orders
    everyone = plain[~plain["InvoiceNo"].str.startswith("C")].groupby("CustomerID")["InvoiceNo"].nunique()
    assert (rfm["frequency"] <= everyone.reindex(rfm.index)).all()


def test_cancelled_items_are_not_bought(retail):
    lines, _, _, prepared = retail
    basket = prepared.basket_lines()
    assert (basket["quantity"] > 0).all() and not basket["order_id"].str.startswith("C").any()
    # a purchase line returned in full is gone: total quantity per (customer, product) never exceeds the net
    plain = lines.drop_duplicates()
    plain = plain[(plain["UnitPrice"] > 0) & (plain["CustomerID"] != "")]
    net_qty = plain.groupby(["CustomerID", "StockCode"])["Quantity"].sum().clip(lower=0)
    kit_qty = basket.dropna(subset=["account_id"]).groupby(["account_id", "product"])["quantity"].sum()
    assert (kit_qty <= net_qty.reindex(kit_qty.index)).all()
