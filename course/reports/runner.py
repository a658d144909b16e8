"""Run a papermill template and export clean, self-contained HTML (报告生成).

:func:`run_report` is generic: any template notebook with a ``parameters``
cell, any parameters. The HTML it writes

- has no code cells and no prompts (only what the cells display);
- embeds its images (PNG outputs as ``data:`` URIs) and styles;
- loads nothing from the network: no require.js, MathJax, widget manager or
  mermaid scripts — it opens offline and prints cleanly;
- carries the Chinese characters it shows as an embedded font subset
  (:func:`course.reports.fonts.embed_cjk_font`), so a Chinese page reads on a
  machine without Chinese fonts;
- is written to a temporary file in the target folder and then moved into
  place, so a failed run never leaves a half-written report.

Templates must display their text through code (e.g. ``Markdown(t(...))``) so
the ``lang`` parameter picks the language, and must not end with an error
output (papermill stops on any error).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

LANG_CODES = {"en": "en", "zh": "zh"}  # nbconvert accepts ISO 639-1 codes only
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style>body{max-width:1100px;margin:0 auto;padding:1em} .jp-OutputArea-output table{font-size:13px}
@media print{.jp-Cell{break-inside:avoid}}</style>{%- endblock extra_css -%}
"""


class ReportError(ValueError):
    """A report could not be produced; the message says which step and why (en + zh)."""


def template_path(name: str) -> Path:
    """Path of a template shipped in ``course/reports/templates`` (e.g. ``"class_report.ipynb"``)."""
    path = Path(str(resources.files("course.reports").joinpath("templates", name)))
    if not path.is_file():
        raise ReportError(f"No report template {name!r} in the kit. 套件中没有报告模板 {name!r}。")
    return path


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def to_html(nb: Any, lang: str = "en", title: str | None = None) -> str:
    """A clean, offline HTML page of an executed notebook (outputs only)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"course_report.html.j2": _TEMPLATE})],
        template_file="course_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=LANG_CODES.get(lang, lang),
    )
    if title:
        nb.metadata["title"] = title
    for cell in nb.cells:  # stderr noise (warnings) is not part of a report
        if cell.get("cell_type") == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


def run_report(template_path: Path | str, parameters: Mapping[str, Any], out_path: Path | str, lang: str = "en", *,
               progress: Callable[[str], None] | None = None, title: str | None = None, timeout: int = 600) -> Path:
    """Execute ``template_path`` with ``parameters`` (plus ``lang``) and write clean HTML to ``out_path``.

    Parameters
    ----------
    template_path : path
        A notebook with a cell tagged ``parameters``.
    parameters : mapping
        Values injected by papermill (``lang`` is added).
    out_path : path
        The ``.html`` file to write (its folder is created).
    lang : str
        ``"en"`` or ``"zh"``: passed to the template and used as the page language.
    progress : callable, optional
        Called with a short description of each step.
    title : str, optional
        The page title (default: the notebook file name).

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    ReportError
        When the template fails; the message names the failing cell's error.

    Examples
    --------
    >>> run_report(template_path("class_report.ipynb"), {"db_url": "sqlite:///g.sqlite"},
    ...            "class.html", lang="zh")          # doctest: +SKIP
    """
    import nbformat
    import papermill as pm

    from course.kernels import SocketKernelManager
    from course.reports.fonts import embed_cjk_font

    template_path, out_path = Path(template_path), Path(out_path)
    say = progress or (lambda step: None)
    if not template_path.is_file():
        raise ReportError(f"Report template {template_path} not found. 找不到报告模板 {template_path}。")
    if out_path.suffix.lower() not in {".html", ".htm"}:
        raise ReportError(f"The report must be an .html file, not {out_path.name}. 报告文件须以 .html 结尾。")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    params = {**dict(parameters), "lang": lang}
    with tempfile.TemporaryDirectory(prefix="course-report-") as tmp:
        executed = Path(tmp) / template_path.name
        say(f"running {template_path.name} ({lang})")
        env = {"COURSE_PROGRESS_DB": "off", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
        try:
            with _environment(env):
                # the kernel's own log lines ("Kernel is running over TCP …", and "KeyboardInterrupt caught in
                # kernel" when a busy machine's shutdown reaches it as SIGINT) are not the user's business: a cell
                # that fails still stops the report through PapermillExecutionError below. The kernel talks over
                # Unix sockets where it can (no port race with other kernels starting at once) and is stopped at
                # once when done, or when it died while starting (a stop request to a dead kernel can block)
                pm.execute_notebook(str(template_path), str(executed), parameters=params, kernel_name="python3",
                                    progress_bar=False, log_output=False, cwd=tmp, execution_timeout=timeout,
                                    language="python", extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                                    kernel_manager_class=SocketKernelManager, shutdown_kernel="immediate")
        except pm.PapermillExecutionError as error:
            raise ReportError(
                f"The report {template_path.name} failed at cell {error.exec_count}: {error.ename}: {error.evalue}. "
                f"报告 {template_path.name} 在第 {error.exec_count} 个单元格出错：{error.ename}: {error.evalue}"
            ) from None
        except RuntimeError as error:  # the kernel died while starting or running (nbclient's DeadKernelError)
            raise ReportError(
                f"The report {template_path.name} stopped: its Python kernel died ({error}). Run the command again; "
                "if it dies again, check that `python -m ipykernel --version` runs in this environment and that the "
                f"machine has free memory. 报告 {template_path.name} 中断：Python 内核意外退出（{error}）。请重新运行；"
                "如果仍然退出，请检查本环境能否运行 `python -m ipykernel --version`，以及机器是否还有空闲内存。"
            ) from None
        say("exporting HTML")
        html = to_html(nbformat.read(executed, as_version=4), lang=lang, title=title)
        # the Chinese characters the page shows, as an embedded font: it reads on a machine without Chinese fonts
        html = embed_cjk_font(html)
    say(f"writing {out_path}")
    fd, tmp_html = tempfile.mkstemp(suffix=".html", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp_html, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp_html, out_path)
    finally:
        if os.path.exists(tmp_html):
            os.unlink(tmp_html)
    return out_path
