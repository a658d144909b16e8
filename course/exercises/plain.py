"""Answers as plain data (答案的纯数据形式).

A checker must never compare a trainee's *object* with an answer key: an
object can define ``__eq__`` to agree with anything, subclass ``str`` or
``DataFrame``, or be replaced by a patched module. So every answer crosses
into the checker as **plain data** — JSON values, with numbers, text, lists,
sets, dicts, numpy arrays and pandas tables spelled out as tagged records
(column names, dtypes, index) — and is rebuilt there from that data alone.
Practice checks in the notebook and the grader outside the trainee's kernel
take the very same path, so they always agree.

- :func:`to_plain` turns a value into plain data, or raises :class:`NotPlain`
  with a bilingual reason (an object of the trainee's own class, a subclass of
  a built-in type, a table column of an unsupported dtype, too much data);
- :func:`from_plain` rebuilds the value from plain data, never importing or
  calling anything named in it: only built-in types, numpy and pandas
  objects, and :class:`PlainObject` (a read-only namespace standing in for an
  object of the kit's own classes, e.g. a trained lead model);
- :func:`run_cases` runs a trainee's function on the (public) test cases and
  returns each outcome as plain data.

Round trip:

>>> import pandas as pd
>>> frame = pd.DataFrame({"code": ["MAN", "man"], "rate": [0.5, 0.1]})
>>> from_plain(to_plain(frame)).equals(frame)
True
>>> to_plain({1, 2})
{'$t': 'set', 'v': [1, 2]}
>>> class Agree:
...     def __eq__(self, other):
...         return True
>>> try:
...     to_plain(Agree())
... except NotPlain as error:
...     print(error)
an object of type Agree (not plain data)
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from course import i18n

#: MIME type of an answer handed to the grader by its own check cell
ANSWER_MIME = "application/vnd.course.answer+json"
#: version of the encoding (in every answer record)
FORMAT = 1
#: most scalar values one answer may hold (a 5,000,000-cell table is far beyond any exercise)
MAX_ITEMS = 5_000_000
#: deepest nesting of lists, dicts and tables
MAX_DEPTH = 40
#: longest single text value
MAX_TEXT = 1_000_000

_NUMPY_DTYPES = {
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "object",
}
_UNITS = ("s", "ms", "us", "ns")
_TIME_DTYPES = {f"{kind}[{unit}]" for kind in ("datetime64", "timedelta64") for unit in _UNITS}
#: pandas' nullable whole-number and boolean dtypes (pd.NA for a missing value)
_NULLABLE_WHOLE = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "boolean"}
_PANDAS_DTYPES = {"str", "string", "Float32", "Float64", *_NULLABLE_WHOLE}


class NotPlain(ValueError):  # noqa: N818 - a reason, read as "the value is not plain"
    """A value that cannot cross to the checker as plain data.

    ``str(error)`` is a short English description (``"an object of type Agree"``);
    :meth:`message` the bilingual feedback a trainee sees.
    """

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(i18n.t(f"plain.what.{key}", lang="en", **values) + " (not plain data)")

    def what(self) -> dict[str, str]:
        """What the value is, in both languages."""
        return i18n.both(f"plain.what.{self.key}", **self.values)

    def message(self) -> dict[str, str]:
        """The feedback: what the value is and what the checker takes instead."""
        what = self.what()
        return {
            lang: i18n.t("plain.not_plain", lang=lang, what=what[lang]) for lang in i18n.LANGUAGES
        }

    def reason(self) -> dict[str, Any]:
        """The reason as plain data (a message key and short values): the checker words it itself."""
        return {"key": self.key, "values": {k: str(v)[:80] for k, v in self.values.items()}}


_REASONS = {"object", "function", "subclass", "dtype", "too_big", "too_deep", "too_long"}


def _from_reason(reason: Any) -> NotPlain:
    """A :class:`NotPlain` rebuilt from :meth:`NotPlain.reason` data sent by a kernel (checked, never trusted)."""
    if (
        isinstance(reason, Mapping)
        and reason.get("key") in _REASONS
        and isinstance(reason.get("values"), Mapping)
    ):
        values = {str(k)[:20]: str(v)[:80] for k, v in reason["values"].items()}
        try:
            i18n.both(f"plain.what.{reason['key']}", **values)
            return NotPlain(reason["key"], **values)
        except (KeyError, IndexError, ValueError):
            pass
    return NotPlain("object", name="?")


def unplain_message(reason: Any) -> dict[str, str]:
    """The bilingual feedback for a value a kernel could not hand over (from its plain reason)."""
    return _from_reason(reason).message()


def unplain_what(reason: Any) -> dict[str, str]:
    """What that value was, in both languages (for a function's test case)."""
    return _from_reason(reason).what()


class PlainObject:
    """A read-only stand-in for an object of one of the kit's classes, rebuilt from its fields.

    Attribute access returns the rebuilt fields; nothing of the original class
    (methods, properties) comes back, so nothing the trainee's kernel defined
    can run in the checker.

    >>> model = PlainObject("LeadModel", {"auc": 0.81})
    >>> model.auc, model.type_name
    (0.81, 'LeadModel')
    """

    __slots__ = ("_fields", "type_name")

    def __init__(self, type_name: str, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "type_name", str(type_name))
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        fields = object.__getattribute__(self, "_fields")
        if name in fields:
            return fields[name]
        raise AttributeError(f"{self.type_name} has no field {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a plain object is read-only")

    def __dir__(self) -> list[str]:
        return sorted(self._fields)

    def __repr__(self) -> str:
        return f"<{self.type_name}: {', '.join(sorted(self._fields))}>"


class Opaque:
    """Marks a part of a kit object that has no plain form (e.g. a fitted scikit-learn pipeline)."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}, not transferred>"


# --------------------------------------------------------------------------- encoding
class _Budget:
    def __init__(self) -> None:
        self.items = 0

    def take(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise NotPlain("too_big", n=f"{MAX_ITEMS:,}")


def to_plain(value: Any) -> Any:
    """``value`` as plain, JSON-serialisable data (see the module doc); raises :class:`NotPlain`.

    Only exact built-in types count (a subclass of ``str`` or ``list`` may
    change how it compares, so it is refused), plus numpy scalars and arrays,
    pandas Series, DataFrames and indexes, dates and times, the blank
    ``____`` and dataclass objects of the kit's own modules (``course.…``).

    >>> to_plain([1, 2.5, "MAN", None, True])
    [1, 2.5, 'MAN', None, True]
    >>> to_plain(float("nan"))
    {'$t': 'float', 'v': 'nan'}
    """
    return _enc(value, _Budget(), 0)


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def _enc(value: Any, budget: _Budget, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise NotPlain("too_deep", n=MAX_DEPTH)
    kind = type(value)
    budget.take()
    if value is None or kind is bool or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$t": "float", "v": _float(value)}
    if kind is str:
        if len(value) > MAX_TEXT:
            raise NotPlain("too_long", n=f"{MAX_TEXT:,}")
        return value
    if kind is list:
        return [_enc(v, budget, depth + 1) for v in value]
    if kind is tuple:
        return {"$t": "tuple", "v": [_enc(v, budget, depth + 1) for v in value]}
    if kind is set or kind is frozenset:
        items = [_enc(v, budget, depth + 1) for v in value]
        items.sort(key=lambda v: json.dumps(v, sort_keys=True, default=str))
        return {"$t": "set" if kind is set else "frozenset", "v": items}
    if kind is dict:
        return {
            "$t": "dict",
            "v": [
                [_enc(k, budget, depth + 1), _enc(v, budget, depth + 1)] for k, v in value.items()
            ],
        }
    if value is Ellipsis or (
        kind.__name__ == "_Blank" and kind.__module__ == "course.exercises.core"
    ):
        return {"$t": "blank"}
    module = kind.__module__ or ""
    if module == "numpy" or module.startswith("numpy."):
        return _enc_numpy(value, budget)
    if module == "pandas" or module.startswith("pandas."):
        return _enc_pandas(value, budget, depth)
    if kind in (dt.datetime, dt.date, dt.time, dt.timedelta):
        return _enc_datetime(value)
    kit = module == "course" or module.startswith("course.")
    if kit and dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _enc_object(value, budget, depth)
    _refuse(value)
    raise AssertionError("unreachable")  # pragma: no cover


def _refuse(value: Any) -> None:
    kind = type(value)
    for base in (bool, int, float, str, list, tuple, set, frozenset, dict):
        if isinstance(value, base):
            raise NotPlain("subclass", name=kind.__name__, base=base.__name__)
    if callable(value):
        raise NotPlain("function", name=getattr(value, "__name__", kind.__name__))
    raise NotPlain("object", name=kind.__name__)


def _enc_numpy(value: Any, budget: _Budget) -> Any:
    import numpy as np

    kind = type(value)
    if kind is np.ndarray and value.dtype.kind in "US":  # np.array(ids), np.unique(names): text, as object values
        value = value.astype(str).astype(object)
    if kind in (np.ndarray, np.datetime64) and value.dtype.kind == "M" and str(value.dtype) not in _TIME_DTYPES:
        value = value.astype("datetime64[ns]")  # np.datetime64('2026-06-30') is a day: the same instant in ns
    if kind is np.ndarray:
        dtype = _dtype_name(value.dtype)
        budget.take(int(value.size))
        return {
            "$t": "ndarray",
            "dtype": dtype,
            "shape": list(value.shape),
            "v": _column_values(value.reshape(-1), dtype, budget),
        }
    if kind in _numpy_scalar_types():
        dtype = _dtype_name(value.dtype)
        return {
            "$t": "np",
            "dtype": dtype,
            "v": _column_values(np.array([value]), dtype, budget)[0],
        }
    if kind in (np.datetime64, np.timedelta64):
        dtype = _dtype_name(value.dtype)
        return {
            "$t": "np",
            "dtype": dtype,
            "v": _column_values(np.array([value]), dtype, budget)[0],
        }
    if kind is np.str_:
        return str(value)
    _refuse(value)


@functools.cache
def _numpy_scalar_types() -> frozenset[type]:
    import numpy as np

    return frozenset(np.dtype(n).type for n in _NUMPY_DTYPES - {"object"})


def _dtype_name(dtype: Any) -> str:
    import pandas as pd

    name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return name
    if name in _NUMPY_DTYPES or name in _TIME_DTYPES or name in _PANDAS_DTYPES:
        return name
    if name.startswith("string"):  # "string[python]"
        return "string"
    raise NotPlain("dtype", dtype=name)


def _column_values(values: Any, dtype: str, budget: _Budget) -> list[Any]:
    """The values of one column (or flat array) as a JSON list, by dtype."""
    import numpy as np
    import pandas as pd

    if dtype == "category":
        raise AssertionError("categories are encoded by _enc_column")  # pragma: no cover
    if dtype.startswith(("datetime64", "timedelta64")):
        if isinstance(values, pd.api.extensions.ExtensionArray | pd.Index | pd.Series):
            stamps = np.asarray(values.asi8 if hasattr(values, "asi8") else pd.array(values).asi8)
            mask = np.asarray(pd.isna(values))
        else:
            array = np.asarray(values)
            stamps, mask = array.view("i8"), np.isnat(array)
        return [None if m else int(s) for s, m in zip(stamps.tolist(), mask.tolist(), strict=True)]
    if dtype in {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}:
        return np.asarray(values).tolist()
    if dtype in {"float16", "float32", "float64"}:
        out = np.asarray(values, dtype="float64").tolist()
        return [v if math.isfinite(v) else _float(v) for v in out]
    if dtype in _NULLABLE_WHOLE:
        return [None if v is pd.NA else (bool(v) if dtype == "boolean" else int(v)) for v in values]
    if dtype in {"Float32", "Float64"}:
        return [None if v is pd.NA else _float(float(v)) for v in values]
    if dtype in {"str", "string"}:
        out = []
        for v in values:
            if type(v) is str:
                if len(v) > MAX_TEXT:
                    raise NotPlain("too_long", n=f"{MAX_TEXT:,}")
                out.append(v)
            else:
                out.append(None)  # NA / NaN: the dtype's missing value
        return out
    # object: every element on its own
    return [_enc(v, budget, 1) for v in values]


def _enc_column(values: Any, budget: _Budget) -> dict[str, Any]:
    import pandas as pd

    dtype = _dtype_name(values.dtype)
    budget.take(len(values))
    if dtype == "category":
        cat = values.array if isinstance(values, pd.Series | pd.Index) else values
        return {
            "dtype": "category",
            "ordered": bool(cat.ordered),
            "categories": _enc_column(cat.categories, budget),
            "codes": [int(c) for c in cat.codes],
        }
    return {
        "dtype": dtype,
        "v": _column_values(values.array if hasattr(values, "array") else values, dtype, budget),
    }


def _enc_index(index: Any, budget: _Budget, depth: int) -> dict[str, Any]:
    import pandas as pd

    if type(index) is pd.RangeIndex:
        return {
            "$t": "range",
            "start": int(index.start),
            "stop": int(index.stop),
            "step": int(index.step),
            "name": _enc(index.name, budget, depth + 1),
        }
    if type(index) is pd.MultiIndex:
        return {
            "$t": "multiindex",
            "names": [_enc(n, budget, depth + 1) for n in index.names],
            "levels": [
                _enc_column(index.get_level_values(i), budget) for i in range(index.nlevels)
            ],
        }
    if not isinstance(index, pd.Index) or type(index).__module__.split(".")[0] != "pandas":
        _refuse(index)
    return {
        "$t": "index",
        "name": _enc(index.name, budget, depth + 1),
        "col": _enc_column(index, budget),
    }


def _enc_pandas(value: Any, budget: _Budget, depth: int) -> Any:
    import pandas as pd

    kind = type(value)
    if kind is pd.DataFrame:
        return {
            "$t": "frame",
            "columns": _enc_index(value.columns, budget, depth),
            "index": _enc_index(value.index, budget, depth),
            "data": [_enc_column(value.iloc[:, i], budget) for i in range(value.shape[1])],
        }
    if kind is pd.Series:
        return {
            "$t": "series",
            "name": _enc(value.name, budget, depth + 1),
            "index": _enc_index(value.index, budget, depth),
            "col": _enc_column(value, budget),
        }
    if isinstance(value, pd.Index):
        return _enc_index(value, budget, depth)
    if kind is pd.Timestamp:
        return {
            "$t": "timestamp",
            "v": int(value.value),
            "unit": "ns",
            "tz": str(value.tz) if value.tz else None,
        }
    if kind is pd.Timedelta:
        return {"$t": "timedelta", "v": int(value.value)}
    if value is pd.NaT:
        return {"$t": "nat"}
    if value is pd.NA:
        return {"$t": "na"}
    _refuse(value)


def _enc_datetime(value: Any) -> dict[str, Any]:
    if type(value) is dt.timedelta:
        return {"$t": "pytimedelta", "v": [value.days, value.seconds, value.microseconds]}
    if type(value) is dt.datetime and value.tzinfo is not None:
        raise NotPlain("object", name="datetime with a time zone")
    return {
        "$t": {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}[type(value)],
        "v": value.isoformat(),
    }


def _enc_object(value: Any, budget: _Budget, depth: int) -> dict[str, Any]:
    kind = type(value)
    fields: dict[str, Any] = {}
    names = [f.name for f in dataclasses.fields(value)]
    names += [
        n for n, attr in vars(kind).items() if isinstance(attr, property) and not n.startswith("_")
    ]
    for name in names:
        try:
            item = getattr(value, name)
        except Exception:  # noqa: BLE001 - a property that fails is just not handed over
            continue
        try:
            fields[name] = _enc(item, budget, depth + 1)
        except NotPlain as error:
            if error.key == "too_big":
                raise
            fields[name] = {"$t": "opaque", "type": type(item).__name__}
    return {"$t": "object", "type": kind.__name__, "fields": fields}


# --------------------------------------------------------------------------- decoding
class BadPlain(ValueError):  # noqa: N818
    """Plain data that does not follow the encoding (hand-made or damaged)."""


def from_plain(data: Any, *, datasets: bool = False) -> Any:
    """Rebuild a value from :func:`to_plain` data; raises :class:`BadPlain` for anything else.

    ``datasets=True`` also accepts ``{"$t": "dataset", "name": …}`` (a bundled
    dataset by name, used in the kit's public exercise descriptions).
    """
    try:
        return _dec(data, _Budget(), 0, datasets)
    except (BadPlain, NotPlain):
        raise
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, AttributeError) as error:
        raise BadPlain(
            f"malformed plain data ({type(error).__name__}: {str(error)[:120]})"
        ) from None


def _dec(data: Any, budget: _Budget, depth: int, datasets: bool) -> Any:
    if depth > MAX_DEPTH:
        raise BadPlain("nested too deeply")
    budget.take()
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [_dec(v, budget, depth + 1, datasets) for v in data]
    if kind is not dict or not isinstance(data.get("$t"), str):
        raise BadPlain(f"unexpected {kind.__name__} in plain data")
    tag = data["$t"]
    decoder = _DECODERS.get(tag)
    if decoder is None or (tag == "dataset" and not datasets):
        raise BadPlain(f"unknown tag {tag!r}")
    return decoder(data, budget, depth, datasets)


def _items(data: dict, budget: _Budget, depth: int, datasets: bool) -> list[Any]:
    values = data["v"]
    if type(values) is not list:
        raise BadPlain("expected a list")
    return [_dec(v, budget, depth + 1, datasets) for v in values]


def _dec_float(data: dict, *_: Any) -> float:
    if data["v"] not in ("nan", "inf", "-inf"):
        raise BadPlain("bad float")
    return float(data["v"])


def _dec_dict(data: dict, budget: _Budget, depth: int, datasets: bool) -> dict:
    out = {}
    for pair in data["v"]:
        if type(pair) is not list or len(pair) != 2:
            raise BadPlain("a dict item is not a pair")
        key = _dec(pair[0], budget, depth + 1, datasets)
        try:
            hash(key)
        except TypeError:
            raise BadPlain("an unhashable dict key") from None
        out[key] = _dec(pair[1], budget, depth + 1, datasets)
    return out


def _time_zone(name: Any) -> str:
    """A time zone named in handed-in data, only if it is a known zone name (IANA, or a fixed UTC offset).

    pandas would otherwise read names like ``dateutil//etc/passwd`` as a file on the grader's machine.
    """
    import re
    import zoneinfo

    if type(name) is str and (name in _zone_names(zoneinfo) or re.fullmatch(r"UTC[+-]\d\d:\d\d", name)):
        return name
    raise BadPlain("a time zone that is not a known zone name")


@functools.cache
def _zone_names(zoneinfo: Any) -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def _pandas_dtype(name: Any) -> Any:
    import numpy as np
    import pandas as pd

    if type(name) is not str:
        raise BadPlain("a dtype is not text")
    if name in _NUMPY_DTYPES or name in _TIME_DTYPES:
        return np.dtype(name)
    if name in _PANDAS_DTYPES:
        return pd.api.types.pandas_dtype(name)
    if name.startswith("datetime64[") and ", " in name and name.endswith("]"):
        unit, tz = name[len("datetime64[") : -1].split(", ", 1)
        if unit in _UNITS:
            return pd.DatetimeTZDtype(unit=unit, tz=_time_zone(tz))
    raise BadPlain(f"dtype {name!r} is not accepted")


def _dec_column(col: Any, budget: _Budget, depth: int, datasets: bool) -> Any:
    """An array (numpy or pandas extension) from an encoded column."""
    import numpy as np
    import pandas as pd

    if type(col) is not dict:
        raise BadPlain("a column is not a record")
    if col.get("dtype") == "category":
        categories = _dec_column(col["categories"], budget, depth, datasets)
        codes = col["codes"]
        if type(codes) is not list or any(
            type(c) is not int or not -1 <= c < len(categories) for c in codes
        ):
            raise BadPlain("bad category codes")
        budget.take(len(codes))
        return pd.Categorical.from_codes(
            codes, categories=pd.Index(categories), ordered=bool(col.get("ordered"))
        )
    dtype = _pandas_dtype(col.get("dtype"))
    name = col["dtype"]
    values = col.get("v")
    if type(values) is not list:
        raise BadPlain("column values are not a list")
    budget.take(len(values))
    if name.startswith(("datetime64", "timedelta64")):
        if any(v is not None and type(v) is not int for v in values):
            raise BadPlain("a time value is not a whole number")
        ints = np.array([np.iinfo("int64").min if v is None else v for v in values], dtype="int64")
        if isinstance(dtype, pd.DatetimeTZDtype):
            naive = ints.view(f"datetime64[{dtype.unit}]")
            return pd.DatetimeIndex(naive).tz_localize("UTC").tz_convert(dtype.tz).array
        return ints.view(dtype)
    if name in {"float16", "float32", "float64"}:
        return np.array(
            [
                float(v) if type(v) in (int, float) or v in ("nan", "inf", "-inf") else _bad(v)
                for v in values
            ],
            dtype=dtype,
        )
    if name == "bool":
        if any(type(v) is not bool for v in values):
            raise BadPlain("a bool column holds something else")
        return np.array(values, dtype=bool)
    if name in _NUMPY_DTYPES - {"object"}:
        if any(type(v) is not int for v in values):
            raise BadPlain("an integer column holds something else")
        return np.array(values, dtype=dtype)
    if name in {"str", "string"}:
        if any(v is not None and type(v) is not str for v in values):
            raise BadPlain("a text column holds something else")
        return pd.array(values, dtype=dtype)
    if name in {"Float32", "Float64"}:
        return pd.array([None if v is None else float(v) for v in values], dtype=dtype)
    if name in _PANDAS_DTYPES:  # nullable ints and booleans
        allowed = bool if name == "boolean" else int
        if any(v is not None and type(v) is not allowed for v in values):
            raise BadPlain(f"a {name} column holds something else")
        return pd.array(values, dtype=dtype)
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = _dec(v, budget, depth + 1, datasets)
    return out


def _bad(value: Any) -> float:
    raise BadPlain(f"not a number: {str(value)[:30]}")


def _dec_index(data: Any, budget: _Budget, depth: int, datasets: bool) -> Any:
    import pandas as pd

    if type(data) is not dict:
        raise BadPlain("an index is not a record")
    tag = data.get("$t")
    if tag == "range":
        if any(type(data[k]) is not int for k in ("start", "stop", "step")) or data["step"] == 0:
            raise BadPlain("bad range index")
        budget.take(max(0, len(range(data["start"], data["stop"], data["step"]))))
        return pd.RangeIndex(
            data["start"],
            data["stop"],
            data["step"],
            name=_dec(data["name"], budget, depth, datasets),
        )
    if tag == "multiindex":
        levels = [_dec_column(c, budget, depth, datasets) for c in data["levels"]]
        names = [_dec(n, budget, depth, datasets) for n in data["names"]]
        if not levels or len(names) != len(levels) or len({len(level) for level in levels}) > 1:
            raise BadPlain("bad multi-index")
        return pd.MultiIndex.from_arrays(levels, names=names)
    if tag == "index":
        values = _dec_column(data["col"], budget, depth, datasets)
        return pd.Index(
            values, name=_dec(data["name"], budget, depth, datasets), tupleize_cols=False
        )
    raise BadPlain("bad index")


def _dec_frame(data: dict, budget: _Budget, depth: int, datasets: bool) -> Any:
    import pandas as pd

    columns = _dec_index(data["columns"], budget, depth, datasets)
    index = _dec_index(data["index"], budget, depth, datasets)
    cols = data["data"]
    if type(cols) is not list or len(cols) != len(columns):
        raise BadPlain("the columns do not match their names")
    arrays = [_dec_column(c, budget, depth, datasets) for c in cols]
    if any(len(a) != len(index) for a in arrays):
        raise BadPlain("a column's length differs from the index")
    frame = (
        pd.DataFrame(dict(enumerate(arrays))) if arrays else pd.DataFrame(index=range(len(index)))
    )
    frame.index = index
    frame.columns = columns
    return frame


def _dec_series(data: dict, budget: _Budget, depth: int, datasets: bool) -> Any:
    import pandas as pd

    index = _dec_index(data["index"], budget, depth, datasets)
    values = _dec_column(data["col"], budget, depth, datasets)
    if len(values) != len(index):
        raise BadPlain("the values' length differs from the index")
    return pd.Series(
        values, index=index, name=_dec(data["name"], budget, depth, datasets), copy=False
    )


def _dec_ndarray(data: dict, budget: _Budget, depth: int, datasets: bool) -> Any:
    import numpy as np

    shape = data["shape"]
    if type(shape) is not list or any(type(n) is not int or n < 0 for n in shape):
        raise BadPlain("bad array shape")
    flat = _dec_column({"dtype": data["dtype"], "v": data["v"]}, budget, depth, datasets)
    flat = np.asarray(flat)
    if int(np.prod(shape)) != flat.size:
        raise BadPlain("the array's values do not fill its shape")
    return flat.reshape(shape)


def _dec_np(data: dict, budget: _Budget, depth: int, datasets: bool) -> Any:
    if data.get("dtype") == "object":
        raise BadPlain("a numpy scalar of dtype object")
    return _dec_column({"dtype": data["dtype"], "v": [data["v"]]}, budget, depth, datasets)[0]


def _dec_timestamp(data: dict, *_: Any) -> Any:
    import pandas as pd

    if type(data["v"]) is not int:
        raise BadPlain("bad timestamp")
    stamp = pd.Timestamp(data["v"], unit="ns")
    return stamp.tz_localize("UTC").tz_convert(_time_zone(data["tz"])) if data.get("tz") else stamp


def _dec_timedelta(data: dict, *_: Any) -> Any:
    import pandas as pd

    if type(data["v"]) is not int:
        raise BadPlain("bad timedelta")
    return pd.Timedelta(data["v"], unit="ns")


def _dec_pydatetime(data: dict, *_: Any) -> Any:
    kind = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}[data["$t"]]
    if type(data["v"]) is not str:
        raise BadPlain("bad date")
    return kind.fromisoformat(data["v"])


def _dec_pytimedelta(data: dict, *_: Any) -> Any:
    days, seconds, micro = data["v"]
    if not all(type(x) is int for x in (days, seconds, micro)):
        raise BadPlain("bad timedelta")
    return dt.timedelta(days=days, seconds=seconds, microseconds=micro)


def _dec_object(data: dict, budget: _Budget, depth: int, datasets: bool) -> PlainObject:
    fields = data["fields"]
    if type(fields) is not dict or type(data.get("type")) is not str:
        raise BadPlain("bad object")
    return PlainObject(
        data["type"], {str(k): _dec(v, budget, depth + 1, datasets) for k, v in fields.items()}
    )


def _dec_dataset(data: dict, *_: Any) -> Any:
    from course import data as kit_data

    name = data.get("name")
    if name not in kit_data.list_datasets():
        raise BadPlain(f"unknown dataset {str(name)[:40]!r}")
    return kit_data.load(name)


def _dec_blank(*_: Any) -> Any:
    from course.exercises.core import ____

    return ____


def _na(*_: Any) -> Any:
    import pandas as pd

    return pd.NA


def _nat(*_: Any) -> Any:
    import pandas as pd

    return pd.NaT


_DECODERS: dict[str, Callable[..., Any]] = {
    "float": _dec_float,
    "tuple": lambda d, b, n, s: tuple(_items(d, b, n, s)),
    "set": lambda d, b, n, s: set(_hashable(_items(d, b, n, s))),
    "frozenset": lambda d, b, n, s: frozenset(_hashable(_items(d, b, n, s))),
    "dict": _dec_dict,
    "blank": _dec_blank,
    "np": _dec_np,
    "ndarray": _dec_ndarray,
    "frame": _dec_frame,
    "series": _dec_series,
    "index": _dec_index,
    "range": _dec_index,
    "multiindex": _dec_index,
    "timestamp": _dec_timestamp,
    "timedelta": _dec_timedelta,
    "nat": _nat,
    "na": _na,
    "datetime": _dec_pydatetime,
    "date": _dec_pydatetime,
    "time": _dec_pydatetime,
    "pytimedelta": _dec_pytimedelta,
    "object": _dec_object,
    "opaque": lambda d, *_: Opaque(str(d.get("type", "object"))[:80]),
    "dataset": _dec_dataset,
}


def _hashable(items: list[Any]) -> list[Any]:
    for item in items:
        try:
            hash(item)
        except TypeError:
            raise BadPlain("an unhashable set item") from None
    return items


# --------------------------------------------------------------------------- payloads
def value_payload(answer: Any) -> dict[str, Any]:
    """What the checker receives for a value answer: ``{"answer": …}``, ``{"blank": true}`` or ``{"unplain": reason}``."""
    from course.exercises.core import is_blank

    if is_blank(answer):
        return {"blank": True}
    try:
        return {"answer": to_plain(answer)}
    except NotPlain as error:
        return {"unplain": error.reason()}


def run_cases(function: Any, cases: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """Run a trainee's function on every test case; each outcome as plain data.

    Returns ``{"outputs": [...]}`` where each item is ``{"ok": plain}``,
    ``{"unplain": reason}`` or ``{"raised": name, "detail": text}``; running
    stops at the first exception or blank result (as a trainee would see it).
    ``{"callable": false, "unplain": …}`` when ``function`` is not a function.

    >>> run_cases(lambda x: x * 2, [(1,), (0.5,)])
    {'outputs': [{'ok': 2}, {'ok': 1.0}]}
    >>> run_cases(lambda x: 1 / x, [(0,)])["outputs"][0]["raised"]
    'ZeroDivisionError'
    """
    from course.exercises.core import is_blank

    if is_blank(function):
        return {"blank": True}
    if not callable(function):
        return {
            "callable": False,
            "unplain": NotPlain("object", name=type(function).__name__).reason(),
        }
    outputs: list[dict[str, Any]] = []
    for args in cases:
        try:
            # each case on its own copy: a function that changes its inputs would otherwise change the case the
            # answer is judged on (and, for cached tables, another exercise's key) — deleting the list it was given
            # and returning None once passed
            args = copy.deepcopy(tuple(args))
        except Exception:  # noqa: BLE001 - an argument that cannot be copied is passed as it is
            args = tuple(args)
        try:
            got = function(*args)
        except Exception as error:  # noqa: BLE001 - the trainee's code
            outputs.append({"raised": type(error).__name__, "detail": str(error)[:300]})
            break
        if is_blank(got):
            outputs.append({"ok": {"$t": "blank"}})
            break
        try:
            outputs.append({"ok": to_plain(got)})
        except NotPlain as error:
            outputs.append({"unplain": error.reason()})
    return {"outputs": outputs}


def answer_record(exercise: str, kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The record a grader's check cell publishes with :data:`ANSWER_MIME`."""
    return {"format": FORMAT, "exercise": exercise, "kind": kind, **payload}


def publish(exercise: str, kind: str, payload: Mapping[str, Any]) -> None:
    """Publish an answer record as display data (in a kernel)."""
    from IPython.display import publish_display_data

    publish_display_data(
        {
            "text/plain": f"[{exercise}] answer handed to the grader",
            ANSWER_MIME: answer_record(exercise, kind, payload),
        }
    )


__all__ = [
    "ANSWER_MIME",
    "FORMAT",
    "BadPlain",
    "NotPlain",
    "Opaque",
    "PlainObject",
    "answer_record",
    "from_plain",
    "publish",
    "run_cases",
    "to_plain",
    "value_payload",
]
