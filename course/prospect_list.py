"""Chapter 2 — the PROSPECT habits as a daily routine (PROSPECT 每日习惯).

A small prospect list a trainee builds day by day: provide a list, record new
names, organise, select the real prospects, plan each approach, exercise
imagination, collect data from changes, train yourself to choose. Re-exported
from :mod:`course.finding`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from course import content
from course.i18n import t


class ProspectList:
    """The PROSPECT habits as a small daily routine around one prospect list.

    Each habit is a method: ``provide_list`` (P), ``record`` (R), ``organise``
    (O), ``select`` (S), ``plan`` (P), ``imagine`` (E), ``collect_change`` (C)
    and ``train`` (T). :meth:`routine` shows which habits you have done today.

    >>> plist = ProspectList(today="2026-06-30")
    >>> _ = plist.record("Zhou Min", "Qiantang School", money=True, authority=True, has_need=True)
    >>> plist.select()["man_code"].tolist()
    ['MAN']
    """

    COLUMNS = ("name", "organisation", "role", "need", "source", "money", "authority", "has_need",
               "added", "opening", "next_step", "next_date")

    def __init__(self, today=None) -> None:
        self.today = pd.Timestamp(today if today is not None else pd.Timestamp.today()).normalize()
        self.table = pd.DataFrame({c: pd.Series(dtype="bool" if c in ("money", "authority", "has_need") else
                                                "datetime64[ns]" if c in ("added", "next_date") else "str")
                                   for c in self.COLUMNS})
        self.ideas: list[str] = []
        self.picked: list[str] = []
        self._done: set[str] = set()

    def _row(self, name: str) -> int:
        hits = self.table.index[self.table["name"] == str(name).strip()]
        if len(hits) == 0:
            raise KeyError(f"{name!r} is not on the list: record it first / 名单上没有 {name!r}，请先用 record 记下")
        return hits[0]

    def provide_list(self, names: Iterable, source: str = "list") -> ProspectList:
        """P — start with a list of names (strings, or dicts with the list's fields)."""
        for item in names:
            fields_ = dict(item) if isinstance(item, Mapping) else {"name": item}
            fields_.setdefault("source", source)
            self.record(**fields_)
        self._done.add("provide_list")
        return self

    def record(self, name: str, organisation: str = "", role: str = "", need: str = "", source: str = "",
               money: bool = False, authority: bool = False, has_need: bool = False) -> ProspectList:
        """R — add a name met today (or update what you know about a name already listed)."""
        name = str(name).strip()
        if not name:
            raise ValueError("a prospect needs a name / 潜在客户需要有个名字")
        row = {"name": name, "organisation": str(organisation).strip(), "role": role, "need": need, "source": source,
               "money": bool(money), "authority": bool(authority), "has_need": bool(has_need), "added": self.today,
               "opening": "", "next_step": "", "next_date": pd.NaT}
        if (self.table["name"] == name).any():
            i = self._row(name)
            for key, value in row.items():
                if key in ("money", "authority", "has_need"):
                    self.table.at[i, key] = bool(self.table.at[i, key]) or value
                elif value not in ("", None) and key not in ("added", "next_date", "opening", "next_step"):
                    self.table.at[i, key] = value
        else:
            self.table = pd.concat([self.table, pd.DataFrame([row])], ignore_index=True)
        self._done.add("record_daily")
        return self

    def organise(self) -> pd.DataFrame:
        """O — the same fields for every name, with its MAN code, sorted by organisation."""
        from course.prospects import man_codes

        table = self.table.copy()
        for col in ("organisation", "role", "need", "source", "opening", "next_step"):
            table[col] = table[col].fillna("").astype(str).str.strip()
        table["man_code"] = man_codes(table, {"need": "has_need"}) if len(table) else pd.Series(dtype="str")
        self.table = table.drop(columns="man_code").sort_values(["organisation", "name"], kind="stable").reset_index(drop=True)
        self._done.add("organise_info")
        return table.sort_values(["organisation", "name"], kind="stable").reset_index(drop=True)

    def select(self, top: int = 5) -> pd.DataFrame:
        """S — the real prospects: best MAN combinations first, ``man`` dropped."""
        from course.prospects import man_reference

        table = self.organise()
        priority = man_reference()["priority"]
        table["priority"] = table["man_code"].map(priority).astype(int)
        chosen = table[table["man_code"] != "man"].sort_values(["priority", "added", "name"], kind="stable").head(top)
        self.picked = chosen["name"].tolist()
        self._done.add("select_prospects")
        return chosen[["name", "organisation", "man_code", "priority", "need", "next_step"]].reset_index(drop=True)

    def plan(self, name: str, opening: str, next_step: str, when) -> ProspectList:
        """P — write the opening line and the next step (with a date) for one prospect."""
        i = self._row(name)
        self.table.at[i, "opening"] = opening
        self.table.at[i, "next_step"] = next_step
        self.table.at[i, "next_date"] = pd.Timestamp(when)
        self._done.add("plan_approach")
        return self

    def imagine(self, idea: str) -> ProspectList:
        """E — note one 'who else would need this?' idea."""
        self.ideas.append(str(idea))
        self._done.add("exercise_imagination")
        return self

    def collect_change(self, organisation: str, change: str, name: str = "") -> ProspectList:
        """C — a change of ownership (new owner, new tenant, new manager) becomes a new name."""
        self.record(name or organisation, organisation=organisation, need=change, source="ownership_change")
        self._done.add("collect_ownership_changes")
        return self

    def train(self, bought: Iterable[str]) -> dict[str, object]:
        """T — compare whom you selected with who actually bought, to sharpen your criteria."""
        bought_set = {str(b).strip() for b in bought}
        picked = set(self.picked)
        self._done.add("train_selection")
        return {"picked": len(picked), "bought": len(bought_set), "hits": sorted(picked & bought_set),
                "missed": sorted(bought_set - picked),
                "hit_rate": len(picked & bought_set) / len(picked) if picked else float("nan")}

    def routine(self, lang: str | None = None) -> pd.DataFrame:
        """Today's checklist: the eight habits, what each means in practice, and whether it is done."""
        rows = content.text("prospect_habits", lang)
        done = [t("ch02.habit.done" if r["id"] in self._done else "ch02.habit.todo", lang) for r in rows]
        return pd.DataFrame({"letter": [r["letter"] for r in rows], "habit": [r["name"] for r in rows],
                             "routine": [r["routine"] for r in rows], "today": done})
