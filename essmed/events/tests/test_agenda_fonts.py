"""The printable agenda's fonts ship with the project: the PDF is set in Noto whatever fonts the server has."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static" / "events"
STYLESHEET = STATIC / "agenda-print.css"

# Renders Arabic and Latin text with the agenda's stylesheet, in a process whose fontconfig knows only DejaVu, and
# prints the names of the fonts embedded in the PDF.
RENDER = textwrap.dedent(
    """
    import re, sys, zlib
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    html = '<html lang="ar" dir="rtl"><body><h1>جدول لقاءاتك</h1><p>Rencontres <b>ESS</b></p></body></html>'
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=sys.argv[1], font_config=fonts)], font_config=fonts)
    names = set()
    for match in re.finditer(rb"stream\\r?\\n(.*?)\\r?\\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        names |= {name.decode() for name in re.findall(rb"/BaseFont\\s*/(?:[A-Z]{6}\\+)?([A-Za-z0-9\\-]+)", content)}
    print("\\n".join(sorted(names)))
    """
)


def test_every_font_the_agenda_stylesheet_names_ships_beside_it_with_its_licence():
    urls = re.findall(r'url\("([^"]+)"\)', STYLESHEET.read_text(encoding="utf-8"))
    assert len(urls) == 4
    for url in urls:
        assert (STATIC / url).is_file(), url
    assert "SIL Open Font License" in (STATIC / "fonts" / "LICENSE-OFL.txt").read_text(encoding="utf-8")


def test_agenda_pdf_is_set_in_the_shipped_fonts_on_a_server_without_them(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'none'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603 - this interpreter and a constant script
        [sys.executable, "-W", "ignore", "-c", RENDER, str(STYLESHEET)],
        env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    fonts = done.stdout.split()
    assert any(font.startswith("Noto-Naskh-Arabic") for font in fonts), fonts
    assert any(font.startswith("Noto-Sans") and "Arabic" not in font for font in fonts), fonts
