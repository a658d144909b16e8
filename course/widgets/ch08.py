"""Chapter 8 widget: the column-mapping assistant (列名映射助手).

A plain model (:class:`MappingAssistantModel`: the file's columns, a sample,
the suggested and chosen role of each, the mapping and its YAML) and a thin
ipywidgets view (:class:`MappingAssistant`: one dropdown per column, the YAML
as it stands, a Save button). The YAML is what ``python -m course report
--columns`` reads, so the mapping made here serves the report too.

>>> import pandas as pd
>>> model = MappingAssistantModel(pd.DataFrame({"Kunde": ["a"], "Datum": ["2025-01-02"], "Betrag": [5.0]}), "sales")
>>> model.set_role("Kunde", "account_id"); model.set_role("Datum", "order_date"); model.set_role("Betrag", "amount")
>>> model.missing()
['order_id']
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from course.i18n import t
from course.prospecting_plan import ROLES, mapping_yaml, suggest_roles
from course.widgets.layout import scrolled, side_by_side

#: roles the kit cannot do without, per kind of file (an amount may come from quantity × unit price)
REQUIRED = {"sales": ("order_id", "account_id", "order_date"), "accounts": ("account_id", "status")}


class MappingAssistantModel:
    """The columns of one file, the role each plays in the kit, and the mapping they make."""

    def __init__(self, frame: pd.DataFrame, kind: str = "sales", name: str = "") -> None:
        if kind not in ROLES:
            raise ValueError(f"kind must be one of {sorted(ROLES)} / kind 只能是 {sorted(ROLES)} 之一")
        self.frame, self.kind, self.name = frame, kind, name or frame.attrs.get("source", "")
        self.suggested = suggest_roles(frame, kind)
        self.roles: dict[str, str] = dict(zip(self.suggested["column"], self.suggested["role"], strict=True))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], kind: str = "sales") -> MappingAssistantModel:
        """Read a file as it is (CSV in any encoding the kit can tell, Excel, SQLite) and suggest roles."""
        from course.data import read_table

        return cls(read_table(path), kind, Path(path).name)

    def set_role(self, column: str, role: str) -> None:
        """Give ``column`` a role (``""`` = not used); unknown columns and roles are refused with the choices."""
        if column not in self.roles:
            raise ValueError(f"no column {column!r}; the file has {list(self.roles)} / 文件中没有列 {column!r}")
        if role and role not in ROLES[self.kind]:
            raise ValueError(f"role must be one of {list(ROLES[self.kind])} or '' / 角色只能是 {list(ROLES[self.kind])} 或空")
        self.roles[column] = role

    def mapping(self) -> dict[str, str]:
        """``{your column: kit column}`` for every column that has a role."""
        return {c: r for c, r in self.roles.items() if r}

    def missing(self) -> list[str]:
        """Required roles no column plays yet (an amount counts as given by quantity and unit price)."""
        given = set(self.roles.values())
        need = list(REQUIRED[self.kind])
        if self.kind == "sales" and "amount" not in given and not {"quantity", "unit_price"} <= given:
            need.append("amount")
        return [r for r in need if r not in given]

    def duplicates(self) -> dict[str, list[str]]:
        """Roles given to more than one column."""
        seen: dict[str, list[str]] = {}
        for column, role in self.roles.items():
            if role:
                seen.setdefault(role, []).append(column)
        return {r: cols for r, cols in seen.items() if len(cols) > 1}

    def yaml(self) -> str:
        """The mapping in the form the report command reads (one block for this file's table)."""
        return mapping_yaml({self.kind: self.mapping()})

    def problems(self, lang: str | None = None) -> list[str]:
        """What still stands in the way, in ``lang`` (empty when the mapping is complete)."""
        out = [t("ch08.assistant.twice", lang, role=t(f"ch08.role.{r}", lang), columns=", ".join(c))
               for r, c in self.duplicates().items()]
        missing = self.missing()
        if missing:
            out.append(t("ch08.assistant.missing", lang, roles=", ".join(t(f"ch08.role.{r}", lang) for r in missing)))
        return out

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the YAML to ``path`` (merged with the blocks of other tables already there); returns the path.

        Refuses a mapping with a role given twice, naming it, so a saved file always reads back.
        """
        import yaml

        if self.duplicates():
            raise ValueError(" ".join(self.problems("en")) + " / " + "".join(self.problems("zh")))
        path = Path(path)
        doc: dict[str, Any] = {}
        if path.is_file():
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc.update(yaml.safe_load(self.yaml()) or {})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """Columns, sample values, chosen role and why (for showing)."""
        shown = self.suggested.copy()
        shown["role"] = [t(f"ch08.role.{self.roles[c]}", lang) if self.roles[c] else t("ch08.role.none", lang)
                         for c in shown["column"]]
        return shown.rename(columns={c: t(f"ch08.col.{c}", lang) for c in shown.columns})


class MappingAssistant:
    """One dropdown per column with its first values, the YAML as it stands, and a Save button.

    >>> MappingAssistant(MappingAssistantModel.from_file("sales.csv"))    # doctest: +SKIP
    """

    def __init__(self, model: MappingAssistantModel, path: str | os.PathLike[str] = "mapping.yaml") -> None:
        self.model = model
        options = [(t("ch08.role.none"), "")] + [(t(f"ch08.role.{r}"), r) for r in ROLES[model.kind]]
        self.dropdowns: dict[str, w.Dropdown] = {}
        rows = []
        samples = dict(zip(model.suggested["column"], model.suggested["sample"], strict=True))
        for column, role in model.roles.items():
            drop = w.Dropdown(options=options, value=role, layout=w.Layout(width="190px", flex="none"))
            drop.observe(lambda change, c=column: self._on_role(c, change["new"]), names="value")
            self.dropdowns[column] = drop
            # one row per column: its name and first values (greyed; a long sample wraps, never cut), its role
            label = w.HTML(
                f"<div style='line-height:1.25'><b>{html.escape(str(column))}</b> "
                f"<span style='color:#666'>{html.escape(samples[column][:60])}</span></div>",
                layout=w.Layout(width="300px", flex="none"))
            rows.append(w.HBox([label, drop], layout=w.Layout(align_items="center", margin="1px 0")))
        self.path = w.Text(value=str(path), description=t("ch08.assistant.path"), layout=w.Layout(width="520px"))
        self.button = w.Button(description=t("ch08.assistant.save"), button_style="primary")
        self.button.on_click(self._on_save)
        self.status = w.HTML()
        self.preview = w.HTML(layout=w.Layout(width="360px"))
        intro = w.HTML(html.escape(t("ch08.assistant.intro", file=model.name or "—", rows=f"{len(model.frame):,}")))
        controls = scrolled(w.VBox(rows), "420px")  # a file with many columns scrolls; the YAML stays in view
        self.box = w.VBox([intro, side_by_side(controls, self.preview, "500px"),
                           w.HBox([self.path, self.button]), self.status])
        self.refresh()

    def _on_role(self, column: str, role: str) -> None:
        self.model.set_role(column, role)
        self.status.value = ""
        self.refresh()

    def _on_save(self, _button: Any = None) -> None:
        try:
            saved = self.model.save(self.path.value)
            self.status.value = html.escape(t("ch08.assistant.saved", path=saved))
        except (ValueError, OSError) as error:
            self.status.value = f"<span style='color:#b35900'>{html.escape(t('ch08.assistant.not_saved', error=error))}</span>"

    def refresh(self) -> None:
        problems = self.model.problems()
        state = "<br>".join(html.escape(p) for p in problems) if problems else html.escape(t("ch08.assistant.complete"))
        colour = "#b35900" if problems else "#2e7d32"
        self.preview.value = (f"<div style='color:{colour};margin:6px 0'>{state}</div>"
                              f"<div>{html.escape(t('ch08.assistant.yaml'))}</div>"
                              f"<pre style='background:#f6f8fa;padding:6px'>{html.escape(self.model.yaml())}</pre>")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
