"""The sample case: fictional evidence made on the spot and ingested like any other files.

A new user opens it to see every part working: a testimony and a news article (text), chat
screenshots in English, Thai, Burmese and Chinese and a payment screenshot (pictures painted by
a ``ChatPainter`` the caller supplies, since only the GUI layer draws; OCR reads them back),
entities with aliases, confirmed detector suggestions, tags and a timeline with citations.
Everything here is invented and says so.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archive.errors import CasefileError
from archive.wallets import base58check_encode

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

SAMPLE_CASE = "Sample case (fictional)"
FICTION_NOTE = "FICTIONAL SAMPLE made by Casefile. All names, places and numbers are invented."
# A TRON address with a valid checksum that belongs to no one we know of (made from a phrase).
WALLET = base58check_encode(b"\x41" + hashlib.sha256(b"casefile sample wallet").digest()[:20])
PHONE = "+66 81 234 5678"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Message:
    """One chat bubble: who wrote it (``mine``: the phone's owner, drawn on the right)."""

    text: str
    mine: bool = False


@dataclass(frozen=True, slots=True)
class Chat:
    """A screenshot to paint: a title bar and messages, in one script."""

    filename: str
    title: str
    language: str  # ISO 639-1, for the painter's font choice
    messages: tuple[Message, ...]


class ChatPainter(Protocol):
    """Paints a chat as a PNG file (the GUI layer implements it with Qt)."""

    def paint(self, chat: Chat, path: Path) -> None: ...


@dataclass(frozen=True, slots=True)
class SampleReport:
    case: str
    item_ids: tuple[int, ...]
    failed: tuple[str, ...]  # file names that did not read
    created: bool  # False: the sample case was already there


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


TESTIMONY = ("testimony-nadia.txt", _paragraphs(
    FICTION_NOTE,
    'Testimony of the witness called "Nadia" (a pseudonym), recorded in Mae Sot on 12 June'
    " 2024.",
    "In January 2024 a man who called himself Mr. Lin (林先生) wrote to me on Facebook. He"
    " offered a customer service job in Bangkok for 35,000 baht a month, with a free flight and"
    f" a hotel room. He gave me his phone number, {PHONE}, and told me to bring my passport.",
    "On 3 February 2024 a van took me and five other women from Bangkok to Mae Sot. At night we"
    " crossed the Moei river by boat to Myawaddy. Men with guns drove us to a compound they"
    " called Golden Lotus Park (金莲园区). There Mr. Lin took our passports.",
    "For three months I had to chat with strangers online and ask them to invest in crypto. If"
    " we did not reach the quota we were beaten and not given food.",
    f"In May my family paid 5,000 USDT to the wallet {WALLET} for my release. I was let go at"
    " the river on 20 May 2024 and walked back to Mae Sot.",
))

NEWS = ("news-golden-lotus-raid.txt", _paragraphs(
    FICTION_NOTE,
    "The Border Courier (fictional), 2 June 2024",
    "Raid on Golden Lotus Park frees 140 workers",
    "Police and soldiers entered Golden Lotus Park, a compound near Myawaddy, on 30 May 2024."
    " Some 140 workers from Thailand, Myanmar, China and Indonesia were freed and brought to Mae"
    " Sot. Survivors said a recruiter known as Mr. Lin had promised them jobs in Bangkok. A phone"
    f" number shared by several of them, {PHONE}, has been passed to the Thai police.",
))

CHATS = (
    Chat("chat-english.png", "Mr. Lin (recruiter)", "en", (
        Message("Hello! Customer service job in Bangkok, 35000 baht a month."),
        Message("Free flight and hotel. No experience needed."),
        Message("Is it legal? What company?", mine=True),
        Message(f"Big online company. Call me {PHONE}. Bring your passport."),
    )),
    Chat("chat-thai.png", "คุณหลิน", "th", (
        Message("สวัสดีครับ มีงานแอดมินที่กรุงเทพ"),
        Message("เงินเดือน 35000 บาท ไม่ต้องมีประสบการณ์"),
        Message("ต้องใช้หนังสือเดินทางไหมคะ", mine=True),
        Message("ใช่ครับ เอาหนังสือเดินทางมาด้วย"),
    )),
    Chat("chat-burmese.png", "မစ္စတာလင်", "my", (
        Message("ဘန်ကောက်မှာ အလုပ်ရှိတယ်"),
        Message("လစာ ကောင်းတယ်"),
        Message("ပတ်စ်ပို့ လိုသလား", mine=True),
        Message("ပတ်စ်ပို့ ယူလာပါ"),
    )),
    Chat("chat-chinese.png", "林先生", "zh", (
        Message("你好，园区需要客服"),  # noqa: RUF001 (Chinese punctuation)
        Message("每个月三万五千泰铢"),
        Message("需要护照吗？", mine=True),  # noqa: RUF001
        Message("需要，带上护照"),  # noqa: RUF001
    )),
    Chat("payment-usdt.png", "Wallet: transfer sent", "en", (
        Message("Sent 5000 USDT (TRC20)"),
        Message(f"To: {WALLET}"),
        Message("Note: release of Nadia"),
        Message(f"Contact: {PHONE}"),
    )),
)

# (name, type, aliases, protected)
ENTITIES = (
    ("Mr. Lin", "person", ("林先生", "คุณหลิน"), False),
    ("Nadia", "person", (), True),
    ("Golden Lotus Park", "compound", ("金莲园区",), False),
    ("Mae Sot", "location", ("แม่สอด",), False),
    ("Myawaddy", "location", ("မြဝတီ",), False),
    ("Bangkok", "location", ("กรุงเทพ",), False),
)
# file name -> tags
TAGS = {
    TESTIMONY[0]: ("recruitment", "passport taken"),
    NEWS[0]: ("raid",),
    "chat-english.png": ("recruitment",),
    "chat-thai.png": ("recruitment",),
    "chat-burmese.png": ("recruitment", "needs translation"),
    "chat-chinese.png": ("recruitment",),
    "payment-usdt.png": ("payment",),
}
# (title, start, end, place, [(entity, role)], [(file, quote or "" for the whole item)])
EventSpec = tuple[str, str, "str | None", "str | None", list[tuple[str, str]],
                  list[tuple[str, str]]]
EVENTS: tuple[EventSpec, ...] = (
    ("Job offer from Mr. Lin", "2024-01", None, "Bangkok",
     [("Mr. Lin", "recruiter"), ("Nadia", "victim")],
     [(TESTIMONY[0], "offered a customer service job in Bangkok"), ("chat-english.png", "")]),
    ("Taken across the Moei to Myawaddy", "2024-02-03", None, "Myawaddy",
     [("Nadia", "victim")], [(TESTIMONY[0], "crossed the Moei river by boat to Myawaddy")]),
    ("Held at Golden Lotus Park", "2024-02-03", "2024-05-20", "Golden Lotus Park",
     [("Mr. Lin", "perpetrator"), ("Nadia", "victim")],
     [(TESTIMONY[0], "There Mr. Lin took our passports")]),
    ("Family pays 5,000 USDT for her release", "2024-05", None, None,
     [("Nadia", "victim")], [(TESTIMONY[0], "my family paid 5,000 USDT"),
                             ("payment-usdt.png", "")]),
    ("Released at the river", "2024-05-20", None, "Mae Sot", [("Nadia", "victim")],
     [(TESTIMONY[0], "I was let go at the river on 20 May 2024")]),
    ("Raid on Golden Lotus Park", "2024-05-30", None, "Golden Lotus Park", [],
     [(NEWS[0], "on 30 May 2024")]),
)


def sample_exists(archive: Archive) -> bool:
    """The sample case is there and complete (its events are added last: a build that was
    cancelled or failed has none, and is finished by the next build)."""
    return (any(c.title == SAMPLE_CASE for c in archive.cases())
            and bool(archive.events(SAMPLE_CASE)))


def build_sample(
    archive: Archive, painter: ChatPainter, workdir: Path, *,
    progress: Progress | None = None, cancel: threading.Event | None = None,
) -> SampleReport:
    """Make the sample files in ``workdir``, ingest them into the case SAMPLE_CASE (OCR, index,
    detectors), then add entities, tags and events. Does nothing when the case is there."""
    if sample_exists(archive):
        ids = tuple(i.id for i in archive.items(case=SAMPLE_CASE))
        return SampleReport(SAMPLE_CASE, ids, (), created=False)
    report = progress or (lambda done, total, name: None)
    steps = len(CHATS) + 2 + 1  # paint, ingest the three groups, link
    workdir.mkdir(parents=True, exist_ok=True)
    for n, chat in enumerate(CHATS):
        report(n, steps, chat.filename)
        painter.paint(chat, workdir / chat.filename)
    for name, text in (TESTIMONY, NEWS):
        (workdir / name).write_text(text, encoding="utf-8")
    for name, type_, aliases, protected in ENTITIES:
        if not any(e.name == name for e in archive.entities()):
            archive.add_entity(name, type_, aliases=aliases, protected=protected)
    failed: list[str] = []
    groups = (("testimony", [TESTIMONY[0]]), ("news", [NEWS[0]]),
              ("screenshot", [c.filename for c in CHATS]))
    done = len(CHATS)
    for kind, names in groups:
        if cancel is not None and cancel.is_set():
            raise CasefileError("The sample case was cancelled.")
        report(done, steps, ", ".join(names))
        result = archive.ingest([workdir / n for n in names], case=SAMPLE_CASE, kind=kind,
                                source="Casefile sample (fictional)", cancel=cancel)
        failed += [Path(o.path).name for o in result.outcomes if o.status == "failed"]
        done += 1 if kind != "screenshot" else 0
    report(steps - 1, steps, "entities, tags and events")
    items = {i.filename: i.id for i in archive.items(case=SAMPLE_CASE)}
    _link(archive, items)
    report(steps, steps, "")
    log.info("sample case built: %d items, %d failed", len(items), len(failed))
    return SampleReport(SAMPLE_CASE, tuple(items.values()), tuple(failed), created=True)


def _link(archive: Archive, items: dict[str, int]) -> None:
    """Tags, confirmed phone/wallet suggestions and the timeline."""
    for name, tags in TAGS.items():
        if name in items:
            for tag in tags:
                archive.tag_item(items[name], tag)
    wanted = {PHONE.replace(" ", ""), WALLET, "Mr. Lin", "Golden Lotus Park"}
    confirm = [m.id for m in archive.mentions(state="suggested")
               if m.item_id in items.values()
               and (m.entity_name in wanted or m.quote.replace(" ", "") in wanted)]
    archive.confirm_mentions(confirm)
    for title, start, end, place, people, sources in EVENTS:
        event = archive.add_event(SAMPLE_CASE, title, start, end=end, place=place)
        for entity, role in people:
            archive.link_event_entity(event.id, entity, role)
        for filename, quote in sources:
            if filename not in items:
                continue
            try:
                archive.cite(event.id, items[filename], quote=quote)
            except CasefileError as e:  # a quote OCR did not read: cite the item
                log.info("sample citation %r on %s: %s", quote, filename, e)
                archive.cite(event.id, items[filename])
