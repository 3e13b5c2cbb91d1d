"""E-mail on real samples: headers, body text without markup, attachments as children."""

from __future__ import annotations

import email
import logging
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import Extraction

log = logging.getLogger(__name__)

Extract = Callable[..., Extraction]


@pytest.fixture(scope="session")
def fixtures(corpus_dir: Path) -> Path:
    return corpus_dir / "fixtures_ingest_file"


def run(extract: Extract, path: Path, **overrides: object) -> Extraction:
    return extract(path, sniff(path), **overrides)


def body(result: Extraction) -> str:
    """The text after the header block of page 1."""
    return result.pages[0].text.split("\n\n", 1)[1]


def test_a_base64_body_is_decoded(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "email_base64.eml")
    assert result.status == "ok"
    assert body(result) == "Base64 email payload"


def test_an_html_only_mail_reads_as_text_without_markup(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "email_strip_markup.eml")
    assert body(result) == "This is the body of an HTML message."
    assert "<" not in result.pages[0].text


def test_literal_markup_in_a_plain_text_mail_stays_text(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "email_encode_markup.eml")
    assert "contains some <strong>HTML markup</strong>." in body(result)


def test_an_alternative_mail_gives_its_plain_text_once(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "email_multipart_alternative.eml")
    assert body(result) == "This is a **multipart/alternative** message."


def test_mixed_and_nested_parts_are_read_in_order(extract: Extract, fixtures: Path) -> None:
    mixed = body(run(extract, fixtures / "email_multipart_mixed.eml"))
    parts = ["first part (plaintext)", "second part (HTML)", "third part (plaintext)",
             "fourth part (HTML)"]
    assert [mixed.index(p) for p in parts] == sorted(mixed.index(p) for p in parts)
    nested = body(run(extract, fixtures / "email_multipart_nested.eml"))
    assert nested == "This is the **first** part\n\nThis is the second part"


@pytest.mark.parametrize(("name", "subject"), [
    ("email_attached_inline.eml", "Plaintext only"),
    ("email_attached_plaintext.eml", "Plaintext only"),
    ("email_attached_alternative.eml", "Multipart mixed"),
])
def test_an_attached_message_becomes_an_eml_child(
    extract: Extract, fixtures: Path, name: str, subject: str
) -> None:
    result = run(extract, fixtures / name)
    assert body(result) == "This is the body of the email that contains the attachment."
    (child,) = result.children
    assert (child.name, child.kind) == (f"{subject}.eml", "attachment")
    assert child.inner_path == f"attachment 1/{subject}.eml"
    inner = email.message_from_bytes(Path(child.path).read_bytes())
    assert inner["Subject"] == subject
    again = run(extract, Path(child.path))
    assert again.title == subject and "This is the" in body(again)


def test_emlx_headers_become_metadata(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "plaintext.emlx")
    assert result.title == "Re: Emlx library"
    meta = result.metadata
    assert meta["from"] == "Michael <michael@example.com>"
    assert meta["to"] == "Python <python@example.com>"
    assert meta["date"] == "2020-02-06T15:39:55+02:00"
    assert meta["message-id"] == "<7A129E26-2C1F-4517-B6B5-39460ED50E12@example.com>"
    assert meta["in-reply-to"] == "<6FA2F219-2B7C-4962-9724-E9399409CCBE@example.com>"
    assert result.pages[0].text.startswith("From: Michael <michael@example.com>\nTo: Python")
    assert "Python" in body(result) and "plist" not in result.pages[0].text


def test_an_html_emlx_reads_without_markup(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "richtext.emlx")
    assert "Emlx library" in result.title
    assert "Python" in body(result) and "<div" not in result.pages[0].text


def test_a_thunderbird_mail_is_read(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "testThunderbirdEml.eml")
    assert result.title == "JUnit test message"
    assert "Dear Vladimir" in body(result)


def test_a_text_mail_saved_as_msg_is_read_either_way(extract: Extract, fixtures: Path) -> None:
    for mime in ("message/rfc822", "application/vnd.ms-outlook"):
        result = extract(fixtures / "fnf.msg", mime)
        assert "Innovationskongress" in result.title
        assert "freiheit.org" in result.pages[0].text
        assert [c.name for c in result.children] == ["7b2fd116582e4b66be0451b4755fff1d.png"]
        assert Path(result.children[0].path).read_bytes().startswith(b"\x89PNG")


def test_an_outlook_msg_is_read(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "piste.msg")
    assert result.status == "ok"
    assert result.title == "Ab auf die Piste!"
    assert result.metadata["from"] == "GMX Magazin <mailings@gmxnet.de>"
    assert result.metadata["date"] == "2010-11-28T22:42:18+00:00"
    assert "GMX Magazin" in body(result)


def test_a_mailbox_lists_its_messages_and_hands_each_back(
    extract: Extract, fixtures: Path
) -> None:
    result = run(extract, fixtures / "plan.mbox")
    assert result.status == "ok"
    (child,) = result.children
    assert (child.kind, child.name) == ("email", "Re: Our friends has a good plan.eml")
    assert "Re: Our friends has a good plan" in result.pages[0].text
    assert run(extract, Path(child.path)).title == "Re: Our friends has a good plan"


def hostile_mail(tmp_path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Recruiter <jobs@example.com>"
    msg["To"] = "victim@example.com"
    msg["Subject"] = "=?utf-8?b?4LiH4Liy4LiZ?= offer"
    msg.set_content("<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
                    "<body><p>Salary 30,000 baht</p><p>Visa&nbsp;included</p></body></html>",
                    subtype="html")
    msg.add_attachment(b"%PDF-1.4 contract", maintype="application", subtype="pdf",
                       filename="../../etc/passwd")
    msg.add_attachment(b"\x89PNG fake", maintype="image", subtype="png")
    path = tmp_path / "offer.eml"
    path.write_bytes(msg.as_bytes())
    return path


def test_attachments_get_safe_names_and_new_files(extract: Extract, tmp_path: Path) -> None:
    result = run(extract, hostile_mail(tmp_path))
    assert result.title == "\u0e07\u0e32\u0e19 offer"
    assert body(result) == "Salary 30,000 baht\n\nVisa included"
    assert [(c.name, c.inner_path) for c in result.children] == [
        ("passwd", "attachment 1/passwd"), ("attachment 2.png", "attachment 2/attachment 2.png")]
    temp = (tmp_path / "ocr-tmp").resolve()
    for child in result.children:
        assert Path(child.path).resolve().parent == temp
    assert Path(result.children[0].path).read_bytes() == b"%PDF-1.4 contract"


def test_a_mail_at_the_depth_limit_keeps_its_text_but_not_its_attachments(
    extract: Extract, tmp_path: Path
) -> None:
    result = run(extract, hostile_mail(tmp_path), depth=5, max_depth=5)
    assert result.status == "partial" and "deep" in result.reason
    assert not result.children and "Salary" in body(result)


def test_a_mailbox_stops_at_max_children(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(b"".join(
        b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nTo: c@d\nSubject: m%d\n\n"
        b">From the start\nbody %d\n\n" % (i, i) for i in range(3)))
    result = run(extract, path, max_children=2)
    assert result.status == "partial" and "only the first 2" in result.reason
    assert [c.name for c in result.children] == ["m0.eml", "m1.eml"]
    assert b"\nFrom the start\nbody 0" in Path(result.children[0].path).read_bytes()


@pytest.mark.parametrize("mime", ["message/rfc822", "application/vnd.ms-outlook",
                                  "application/mbox", "message/x-emlx"])
def test_garbage_fails_with_a_reason_and_no_crash(
    extract: Extract, tmp_path: Path, mime: str
) -> None:
    path = tmp_path / "junk"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    result = extract(path, mime)
    assert result.status == "failed"
    assert not result.children and not result.pages
    assert result.reason.startswith(("no ", "the Outlook message cannot be read"))
