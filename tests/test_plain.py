"""Answers as plain data: every value an exercise takes survives the trip; nothing else gets through."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import data
from course.exercises import ____, plain
from course.exercises.plain import BadPlain, NotPlain, PlainObject, from_plain, to_plain


def trip(value):
    encoded = to_plain(value)
    text = json.dumps(
        encoded, allow_nan=False
    )  # strict JSON: the kernel's message serialiser refuses NaN
    return from_plain(json.loads(text))


def same_type_and_value(a, b):
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, pd.DataFrame | pd.Series):
        pd.testing.assert_frame_equal(a, b) if isinstance(
            a, pd.DataFrame
        ) else pd.testing.assert_series_equal(a, b)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
    elif isinstance(a, np.ndarray):
        assert (
            a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b)
    else:
        assert a == b


@pytest.mark.parametrize(
    "value",
    [
        0,
        -3,
        2**70,
        0.1,
        -0.0,
        1e300,
        "MAN",
        "",
        "华信 办公",
        True,
        False,
        None,
        [1, "a", None],
        (1, 2),
        ("L0001",),
        {"a", "b"},
        frozenset({1, 2}),
        {"MAN": 0.5, 3: [1]},
        {(1, 2): "pair"},
        [[1, [2, [3]]]],
        dt.date(2025, 7, 1),
        dt.datetime(2025, 7, 1, 9, 30),
        dt.timedelta(days=3, seconds=5),
        np.float64(0.53),
        np.int64(7),
        np.bool_(True),
        np.float32(1.5),
        np.datetime64("2024-05-01", "ns"),
        pd.Timestamp("2024-05-01 10:00"),
        pd.Timestamp("2024-05-01", tz="Asia/Shanghai"),
        pd.Timedelta("2D"),
    ],
)
def test_scalars_and_containers_come_back_as_they_were(value):
    same_type_and_value(value, trip(value))


def test_non_finite_numbers_are_strict_json():
    for value in (float("nan"), float("inf"), float("-inf")):
        back = trip(value)
        assert type(back) is float and (np.isnan(back) if np.isnan(value) else back == value)
    arr = np.array([1.0, np.nan, np.inf])
    same_type_and_value(arr, trip(arr))


def test_missing_values_keep_their_kind():
    assert trip(pd.NaT) is pd.NaT and trip(pd.NA) is pd.NA
    assert trip(____) is ____ and trip(...) is ____


@pytest.mark.parametrize("name", data.list_datasets())
def test_every_bundled_table_survives_with_its_dtypes(name):
    frame = data.load(name)
    same_type_and_value(frame, trip(frame))


def test_tables_of_every_shape_an_exercise_uses():
    leads = data.load("b2b_leads")
    cases = [
        leads.groupby("source_method")["converted"].mean(),  # Series with a str index
        leads.groupby(["source_method", "product_interest"])["converted"].mean(),  # MultiIndex
        leads.set_index("lead_id")[["money", "need"]],  # str index, bool columns
        pd.DataFrame({"a": [1, 2]}, index=[3, 3]),  # duplicate labels
        pd.DataFrame([[1, 2]], columns=["x", "x"]),  # duplicate columns
        pd.DataFrame({"c": pd.Categorical(["b", "a", "b"], categories=["b", "a"], ordered=True)}),
        pd.Series(pd.Categorical(["x", None])),
        pd.DataFrame(
            {
                "n": pd.array([1, None], dtype="Int64"),
                "f": pd.array([0.5, None], dtype="Float64"),
                "b": pd.array([True, None], dtype="boolean"),
                "s": pd.array(["a", None], dtype="string"),
            }
        ),
        pd.DataFrame({"when": pd.to_datetime(["2024-01-01", None]).tz_localize("Asia/Shanghai")}),
        pd.Series([pd.Timedelta("1h"), pd.NaT]),
        pd.DataFrame({"mixed": [1, "a", None, [1, 2]]}),
        pd.DataFrame(index=pd.Index(["a", "b"], name="id")),  # no columns
        pd.DataFrame(columns=["a", "b"]),  # no rows
        pd.Index([1.5, 2.5], name="price"),
        pd.RangeIndex(0, 10, 2, name="r"),
        np.arange(6).reshape(2, 3),
        np.array(["a", "b"], dtype=object),
        pd.Series([1, 2], name=("tuple", "name")),
    ]
    for value in cases:
        same_type_and_value(value, trip(value))


@settings(deadline=None, max_examples=60)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True)
        | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.tuples(children, children)
            | st.dictionaries(st.text(max_size=5) | st.integers(), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_nesting_of_builtins_comes_back_equal(value):
    back = trip(value)
    assert json.dumps(to_plain(back), sort_keys=True) == json.dumps(to_plain(value), sort_keys=True)


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30),
    st.lists(st.text(max_size=8), max_size=30),
)
def test_any_numeric_or_text_column_comes_back_equal(numbers, texts):
    n = min(len(numbers), len(texts))
    frame = pd.DataFrame(
        {"x": np.array(numbers[:n], dtype=float), "t": pd.array(texts[:n], dtype="str")}
    )
    same_type_and_value(frame, trip(frame))


# --------------------------------------------------------------------------- what is refused
class Agree:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class SneakyStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class SneakyFloat(float):
    pass


class SneakyFrame(pd.DataFrame):
    def equals(self, other):
        return True


class SneakyList(list):
    pass


@pytest.mark.parametrize(
    "value, what",
    [
        (Agree(), "an object of type Agree"),
        (SneakyStr("MAN"), "a SneakyStr, a home-made kind of str"),
        (SneakyFloat(0.5), "a SneakyFloat, a home-made kind of float"),
        (SneakyList([1]), "a SneakyList, a home-made kind of list"),
        (SneakyFrame({"a": [1]}), "an object of type SneakyFrame"),
        ([1, Agree()], "an object of type Agree"),
        ({"k": SneakyStr("v")}, "a SneakyStr"),
        (lambda: 1, "a function"),
        (pd.Series(pd.period_range("2024-01", periods=2, freq="M")), "a column of type period[M]"),
        (b"bytes", "an object of type bytes"),
    ],
)
def test_objects_that_could_fake_an_answer_are_refused_with_a_reason(value, what):
    with pytest.raises(NotPlain) as caught:
        to_plain(value)
    assert what in str(caught.value)
    message = caught.value.message()
    assert "plain values" in message["en"] and "普通的值" in message["zh"]
    assert plain.value_payload(value) == {"unplain": caught.value.reason()}
    assert plain.unplain_message(caught.value.reason()) == message


def test_too_much_data_is_refused_not_sent(monkeypatch):
    monkeypatch.setattr(plain, "MAX_ITEMS", 1000)
    with pytest.raises(NotPlain, match="too large"):
        to_plain(list(range(2000)))
    deep: list = []
    for _ in range(plain.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(NotPlain, match="nested"):
        to_plain(deep)


@dataclasses.dataclass
class _NotKit:
    auc: float


def test_kit_objects_become_read_only_plain_objects_and_nothing_runs():
    from course import precision

    model = precision.train_lead_model(
        data.load("b2b_leads"), features=["money", "authority", "need"]
    )
    back = trip(model)
    assert isinstance(back, PlainObject) and back.type_name == "LeadModel"
    assert back.features == model.features and back.auc == pytest.approx(model.auc)
    assert np.array_equal(back.test_scores, model.test_scores)
    assert isinstance(back.pipeline, plain.Opaque) and not hasattr(back, "predict")
    with pytest.raises(AttributeError):
        back.auc = 1.0
    with pytest.raises(NotPlain):  # a dataclass of the trainee's own is not the kit's
        to_plain(_NotKit(0.99))


@pytest.mark.parametrize(
    "bad",
    [
        {"$t": "object"},
        {
            "$t": "frame",
            "columns": {"$t": "range", "start": 0, "stop": 1, "step": 1, "name": None},
            "index": {"$t": "range", "start": 0, "stop": 2, "step": 1, "name": None},
            "data": [],
        },
        {"$t": "ndarray", "dtype": "float64", "shape": [3], "v": [1.0]},
        {"$t": "ndarray", "dtype": "complex128", "shape": [1], "v": [1]},
        {"$t": "ndarray", "dtype": "int64", "shape": [1], "v": ["1"]},
        {
            "$t": "series",
            "name": None,
            "index": {"$t": "range", "start": 0, "stop": 1, "step": 1, "name": None},
            "col": {"dtype": "V8", "v": [1]},
        },
        {
            "$t": "dataset",
            "name": "b2b_leads",
        },  # only the kit's own descriptions may name a dataset
        {"$t": "set", "v": [[1]]},
        {"$t": "dict", "v": [[[1], 2]]},
        {"$t": "float", "v": "1e5"},
        {"no": "tag"},
        {"$t": "pickle", "v": "gASV"},
        {"$t": "unknown"},
    ],
)
def test_malformed_plain_data_is_refused(bad):
    with pytest.raises(BadPlain):
        from_plain(bad)


def test_bundled_dataset_by_name_only_when_asked():
    frame = from_plain({"$t": "dataset", "name": "b2b_reps"}, datasets=True)
    assert frame.equals(data.load("b2b_reps"))
    with pytest.raises(BadPlain):
        from_plain({"$t": "dataset", "name": "../../etc/passwd"}, datasets=True)


def test_function_cases_come_back_as_plain_outcomes():
    result = plain.run_cases(
        lambda x: {"code": x, "agree": Agree()} if x == 2 else x, [(1,), (2,), (3,)]
    )
    first, second, third = result["outputs"]
    assert first == {"ok": 1} and "unplain" in second and third == {"ok": 3}
    assert plain.run_cases(lambda x: ____, [(1,), (2,)]) == {"outputs": [{"ok": {"$t": "blank"}}]}
    assert plain.run_cases(5, [(1,)])["callable"] is False
    assert plain.run_cases(____, [(1,)]) == {"blank": True}


def test_doctests():
    assert doctest.testmod(plain).failed == 0


def test_practice_code_does_not_know_about_grading():
    """The checker, its plain-data transport, the public form and the widget view import nothing of course.grading."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import course.exercises, course.exercises.core, course.exercises.plain, course.exercises.public\n"
        "import course.widgets.exercise\n"
        "from course.exercises import ch01\n"
        "ch01.q1.check(3); ch01.q7.check(lambda m, a, n: 'MAN'); ch01.q5.widget()\n"
        "print(sorted(m for m in sys.modules if m.startswith('course.grading')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "COURSE_PROGRESS_DB": "off"},
    )
    assert done.stdout.strip() == "[]"
