"""Web pages, saved pages (MHTML) and SVG drawings give their readable text and metadata."""

from __future__ import annotations

import logging
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import STATUS_FAILED, STATUS_OK, Extraction, ExtractOptions
from ocr.extractor import Extractor
from ocr.web import extract_web

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

NEWS_PAGE = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title>Rescued workers return from Myawaddy | Border News</title>
<meta name="author" content="Nok Srisuk">
<meta property="article:published_time" content="2024-03-02T08:00:00+07:00">
<meta name="description" content="Seventy workers freed from a scam compound.">
<link rel="canonical" href="https://news.example.org/2024/03/rescued-workers">
<script>document.write('tracking pixel'); var secret = "TRACKER-42";</script>
<style>.x { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World news section</a></nav>
<ul class="main-menu"><li>Sport section</li><li>Weather section</li></ul>
<div class="advert">Buy cheap flights now</div>
<article><h1>Rescued workers return from Myawaddy</h1>
<p>Seventy workers rescued from a scam compound near Myawaddy crossed the Friendship Bridge
into Mae Sot on Saturday, police said.</p>
<p>Most of them had answered online job adverts promising work in Bangkok as customer service
staff, and were taken across the Moei river at night by boat.</p>
<p>\u0e1c\u0e39\u0e49\u0e23\u0e2d\u0e14\u0e0a\u0e35\u0e27\u0e34\u0e15\u0e40\u0e25\u0e48\u0e32\u0e27\u0e48\u0e32
\u0e16\u0e39\u0e01\u0e1a\u0e31\u0e07\u0e04\u0e31\u0e1a\u0e43\u0e2b\u0e49\u0e17\u0e33\u0e07\u0e32\u0e19
\u0e27\u0e31\u0e19\u0e25\u0e30 16 \u0e0a\u0e31\u0e48\u0e27\u0e42\u0e21\u0e07 and had their passports
taken by the compound's managers, who demanded ransom payments to release them.</p>
<p>The workers will be interviewed by the anti-trafficking unit before going home.</p>
</article>
<div hidden>Invisible text that nobody sees</div>
<footer>Tips: Telegram @bordernews_tips, Line ID bordernews</footer>
</body></html>"""


@pytest.fixture
def opts(tmp_path: Path) -> ExtractOptions:
    return ExtractOptions(ocr_languages="eng", temp_dir=str(tmp_path / "work"))


def corpus_file(name: str) -> Path:
    path = CORPUS / "fixtures_ingest_file" / name
    if not path.is_file():
        pytest.skip(f"the sample corpus file {path} is not there (CI has it; see its README)")
    return path


def read(path: Path, opts: ExtractOptions) -> Extraction:
    return extract_web(path, sniff(path), opts)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_small_page_is_indexed_without_its_analytics_script(opts: ExtractOptions) -> None:
    result = read(corpus_file("doc.html"), opts)
    assert result.status == STATUS_OK
    assert len(result.pages) == 1
    assert flat(result.pages[0].text) == "Ingestors Test web page. The GitHub page."
    assert "GoogleAnalyticsObject" not in result.pages[0].text
    assert result.title == "Ingestors Title"
    assert result.metadata["description"] == "Ingestors description"
    assert result.metadata["keywords"] == ["ingestors", "key", "words", "news"]
    assert result.metadata["language"] == "en"


def test_saved_blog_page_keeps_article_first_and_its_header_after(opts: ExtractOptions) -> None:
    result = read(corpus_file("EDRM Micro Datasets \u00ab EDRM.htm"), opts)
    assert result.status == STATUS_OK
    assert result.title == "EDRM Micro Datasets \u00ab EDRM"
    assert result.metadata["url"] == "http://www.edrm.net/micro-datasets"
    assert result.pages[0].text.startswith("EDRM has begun to publish")
    assert "Creating Practical Resources to Improve E-Discovery" in result.pages[1].text
    everything = "\n".join(p.text for p in result.pages)
    assert "Subscribe to MCoC as an Organization" not in everything  # a drop-down menu entry
    assert "keywords" not in result.metadata


def test_page_with_only_blank_lines_is_ok_and_empty(opts: ExtractOptions) -> None:
    result = read(corpus_file("empty_5_doc_pages.html"), opts)
    assert result.status == STATUS_OK
    assert result.title == ""
    assert [p.text for p in result.pages] == [""]


def test_news_article_without_menus_scripts_and_adverts(opts: ExtractOptions,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    result = read(path, opts)
    article = result.pages[0].text
    first, second = article.splitlines()[:2]
    assert first == "Rescued workers return from Myawaddy"
    assert second.startswith("Seventy workers rescued from a scam compound near Myawaddy")
    assert "\u0e16\u0e39\u0e01\u0e1a\u0e31\u0e07\u0e04\u0e31\u0e1a" in article
    everything = "\n".join(p.text for p in result.pages)
    for noise in ("TRACKER-42", "color: red", "World news section", "Sport section",
                  "Buy cheap flights", "Invisible text"):
        assert noise not in everything
    assert "Telegram @bordernews_tips" in result.pages[-1].text  # contacts in the footer stay
    assert result.title == "Rescued workers return from Myawaddy | Border News"
    assert result.metadata["author"] == "Nok Srisuk"
    assert result.metadata["published"] == "2024-03-02T08:00:00+07:00"
    assert result.metadata["url"] == "https://news.example.org/2024/03/rescued-workers"
    assert result.metadata["language"] == "th"


def test_thai_page_in_windows_874_honours_its_meta_charset(opts: ExtractOptions,
                                                           tmp_path: Path) -> None:
    thai = (
        "\u0e07\u0e32\u0e19\u0e04\u0e2d\u0e25"  # "call centre job"
        "\u0e40\u0e0b\u0e47\u0e19\u0e40\u0e15\u0e2d\u0e23\u0e4c"
    )
    path = tmp_path / "ad.html"
    path.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874">'
        b"<title>" + thai.encode("cp874") + b"</title></head><body><p>"
        + thai.encode("cp874") + b" 30,000 baht</p></body></html>"
    )
    result = read(path, opts)
    assert result.title == thai
    assert thai in result.pages[0].text
    assert result.metadata["encoding"] == "cp874"


def test_chinese_page_without_a_charset_is_detected(opts: ExtractOptions,
                                                    tmp_path: Path) -> None:
    text = "\u9ad8\u85aa\u62db\u8058\uff0c\u5305\u5403\u4f4f\uff0c\u6708\u85aa\u4e00\u4e07"
    path = tmp_path / "job.html"
    path.write_bytes(f"<html><body><p>{text}</p></body></html>".encode("gb18030"))
    result = read(path, opts)
    assert text in result.pages[0].text


def test_saved_mhtml_page_gives_its_html_text_and_address(opts: ExtractOptions,
                                                          tmp_path: Path) -> None:
    page = MIMEMultipart("related", type="text/html")
    page["From"] = "<Saved by Blink>"
    page["Subject"] = "Rescued workers return"
    page["Date"] = "Sat, 2 Mar 2024 09:00:00 +0700"
    page["Snapshot-Content-Location"] = "https://news.example.org/2024/03/rescued-workers"
    part = MIMEText(NEWS_PAGE.replace('<link rel="canonical" href="https://news.example.org/'
                                      '2024/03/rescued-workers">', ""), "html", "utf-8")
    part["Content-Location"] = "https://news.example.org/2024/03/rescued-workers"
    page.attach(part)
    image = MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "png")
    image["Content-Location"] = "https://news.example.org/photo.png"
    page.attach(image)
    path = tmp_path / "saved.mhtml"
    path.write_bytes(page.as_bytes())
    assert sniff(path) == "multipart/related"
    result = read(path, opts)
    assert result.status == STATUS_OK
    assert "crossed the Friendship Bridge into Mae Sot" in flat(result.pages[0].text)
    assert "TRACKER-42" not in "\n".join(p.text for p in result.pages)
    assert result.metadata["url"] == "https://news.example.org/2024/03/rescued-workers"
    assert result.metadata["saved_at"].endswith("Mar 2024 09:00:00 +0700")
    assert result.metadata["resources"] == 2
    assert result.title == "Rescued workers return from Myawaddy | Border News"


def test_svg_text_is_read_without_ocr(opts: ExtractOptions) -> None:
    result = read(corpus_file("image.svg"), opts)
    assert result.status == STATUS_OK
    assert result.pages[0].text == "TEST"


def test_svg_title_and_lines_and_no_external_entities(opts: ExtractOptions,
                                                      tmp_path: Path) -> None:
    secret = corpus_file("secret.txt")
    path = tmp_path / "map.svg"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY leak SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><title>Compound map</title>'
        '<text x="1" y="1">KK Park &leak;</text><text><tspan>Gate</tspan> '
        "<tspan>3</tspan></text></svg>",
        encoding="utf-8",
    )
    result = read(path, opts)
    assert result.title == "Compound map"
    assert result.pages[0].text.splitlines() == ["Compound map", "KK Park", "Gate 3"]
    assert secret.read_text(encoding="utf-8", errors="replace").strip()[:20] not in (
        result.pages[0].text
    )


def test_broken_svg_fails_with_a_reason(opts: ExtractOptions, tmp_path: Path) -> None:
    path = tmp_path / "broken.svg"
    path.write_bytes(b"\x00\x01 not xml")
    result = extract_web(path, "image/svg+xml", opts)
    assert result.status == STATUS_FAILED
    assert result.reason.startswith("the file is damaged and cannot be opened")


def test_the_archive_extractor_sends_web_pages_here(opts: ExtractOptions) -> None:
    path = corpus_file("doc.html")
    result = Extractor().extract(str(path), sniff(path), opts)
    assert result.title == "Ingestors Title"
