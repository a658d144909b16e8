"""HTML report → PDF with Debian's headless Chromium (报告转 PDF).

``nbconvert --to webpdf`` needs a browser download that fails offline; the
system ``chromium --headless --print-to-pdf`` prints the same clean HTML.
Chinese text needs a CJK font: when the system has none, Chromium is pointed
at the Noto Sans CJK font the ``mplfonts`` package ships (the one the plots use).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from course.reports.runner import ReportError

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


def chromium() -> Path | None:
    """The Chromium binary, or ``None`` when it is not installed."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def _font_config(folder: Path) -> dict[str, str]:
    """Environment that adds the kit's CJK font to fontconfig for one Chromium run."""
    try:
        from importlib import resources

        fonts = Path(str(resources.files("mplfonts").joinpath("fonts")))
    except ModuleNotFoundError:  # pragma: no cover - mplfonts is a runtime dependency
        return {}
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def html_to_pdf(html_path: Path | str, pdf_path: Path | str, *, timeout: float = 120) -> Path:
    """Print ``html_path`` to ``pdf_path`` (written next to it, then moved into place).

    Raises
    ------
    ReportError
        Chromium is not installed (with the command that installs it) or failed.

    Examples
    --------
    >>> html_to_pdf("report.html", "report.pdf")      # doctest: +SKIP
    """
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    browser = chromium()
    if browser is None:
        raise ReportError(
            "PDF export needs Chromium, which is not installed. Fix: install it with `sudo apt-get install chromium` "
            "(Debian/Ubuntu), or leave out --pdf and print the HTML report from your browser. "
            "导出 PDF 需要 Chromium，但系统中没有安装。解决办法：运行 `sudo apt-get install chromium`（Debian/Ubuntu）安装，"
            "或去掉 --pdf，在浏览器中打开 HTML 报告后打印。")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-pdf-") as tmp:
        out = Path(tmp) / "report.pdf"
        env = {**os.environ, **_font_config(Path(tmp)), "HOME": tmp}
        cmd = [str(browser), *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}",
               html_path.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium did not finish printing {html_path.name} within {timeout:.0f} s. "
                              f"Chromium 未能在 {timeout:.0f} 秒内打印完 {html_path.name}。") from None
        if not out.is_file() or out.stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise ReportError(f"Chromium could not print {html_path.name} to PDF ({detail[0]}). "
                              f"Chromium 无法把 {html_path.name} 打印为 PDF（{detail[0]}）。")
        fd, staged = tempfile.mkstemp(suffix=".pdf", dir=pdf_path.parent)
        os.close(fd)
        try:
            shutil.copyfile(out, staged)
            os.chmod(staged, 0o644)
            os.replace(staged, pdf_path)
        finally:
            if os.path.exists(staged):
                os.unlink(staged)
    return pdf_path


__all__ = ["chromium", "html_to_pdf"]
