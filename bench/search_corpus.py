"""A reproducible evidence corpus for the search bench: seeded items in four scripts, with metadata.

Items are 20 to 5,000 words (log-uniform), split into pages of ~500 words; 10% are Thai,
Burmese or Chinese (real words run together without spaces, as those languages are written).
English words follow a Zipf distribution over a generated vocabulary, so there are common and
rare words; names, wallets and case titles appear in the text as they do in evidence.
The text of record goes into a SQLite file (as in an archive) that every engine reads.
"""

from __future__ import annotations

import math
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from archive.models import KINDS, IndexDoc

PAGE_WORDS = 500

DOMAIN_WORDS = [
    "recruited", "recruiting", "recruiter", "recruitment", "passport", "passports", "compound",
    "compounds", "wallet", "wallets", "transfer", "transferred", "salary", "debt", "guards",
    "guard", "beaten", "escape", "escaped", "border", "river", "crossing", "boat", "driver",
    "agent", "agents", "broker", "brokers", "scam", "scams", "romance", "investment", "crypto",
    "usdt", "telegram", "line", "wechat", "whatsapp", "facebook", "advert", "job", "jobs",
    "interview", "visa", "police", "raid", "raids", "rescued", "rescue", "embassy", "shelter",
    "survivor", "survivors", "victim", "victims", "testimony", "witness", "trafficking",
    "trafficked", "forced", "labour", "hours", "quota", "punishment", "electric", "shock", "sold",
    "resold", "ransom", "family", "families", "phone", "phones", "account", "accounts", "bank",
    "casino", "casinos", "militia", "army"
]
CASES = ("KK Park", "Shwe Kokko", "Myawaddy raid", "Mae Sot shelter", "Sihanoukville",
         "Laos GTSEZ", "Tai Chang", "Dongmei", "Yatai", "O'Smach", "Bavet", "Poipet")
TAGS = ("court exhibit", "needs translation", "victim statement", "verified", "disputed",
        "press", "priority", "follow up")
ENTITIES = ("Zhao Wei", "She Zhijiang", "Saw Chit Thu", "Wan Kuok-koi", "Yatai International",
            "Huione Pay", "Prince Group", "Kaibo", "Li Xiong", "Chen Zhi", "Somchai P.",
            "Aung Naing", "TQ7xWallet", "0x4bC9Wallet", "Golden Fortune", "Apollo Park")
SOURCES = ("Reuters", "Frontier Myanmar", "The Irrawaddy", "Partner NGO", "Police report",
           "Witness W-017", "Telegram export", "Bangkok Post", "Khmer Times", "Radio Free Asia")
THAI = ("ปริมาณ", "น้ำฝน", "ทำงาน", "หนังสือเดินทาง", "นายหน้า", "เงินเดือน", "ตำรวจ", "ชายแดน",
        "แม่สอด", "บริษัท", "หลอกลวง", "โทรศัพท์", "ครอบครัว", "ช่วยเหลือ", "เหยื่อ", "บังคับ")
BURMESE = ("ရုံး", "အလုပ်", "မြန်မာ", "ကျောင်း", "ရဲ", "မိသားစု", "ငွေ", "ဖုန်း", "နယ်စပ်",
           "လုပ်ငန်း", "ကုမ္ပဏီ", "သတင်း")
CHINESE = ("园区", "工作", "缅甸", "护照", "老板", "诈骗", "工资", "电话", "家人", "警察",
           "边境", "公司", "中介", "赌场", "逃跑", "殴打")
SCRIPTS = (("tha", THAI), ("mya", BURMESE), ("chi_sim", CHINESE))


def _pseudo_words(rng: random.Random, n: int) -> list[str]:
    onsets = [
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
        "br", "ch", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "oo", "ou"]
    codas = ("", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck")
    seen: set[str] = set(DOMAIN_WORDS)
    out: list[str] = []
    while len(out) < n:
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((1, 2, 2, 3)))
        ) + rng.choice(codas)
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]  # most frequent first
    cum_weights: list[float]

    @classmethod
    def make(cls, seed: int, size: int = 30_000) -> Vocabulary:
        rng = random.Random(seed)
        generated = _pseudo_words(rng, size - len(DOMAIN_WORDS))
        words = generated[:40] + list(DOMAIN_WORDS) + generated[40:]
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
        return cls(words, list(accumulate(weights)))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


@dataclass(frozen=True)
class Item:
    item_id: int
    pages: tuple[str, ...]
    title: str
    kind: str
    cases: tuple[str, ...]
    tags: tuple[str, ...]
    entities: tuple[str, ...]
    languages: str
    source: str
    date: str
    collected_at: str

    def docs(self) -> Iterator[IndexDoc]:
        for number, text in enumerate(self.pages, 1):
            yield IndexDoc(
                item_id=self.item_id, page=number, text=text, title=self.title, kind=self.kind,
                cases=self.cases, languages=self.languages, status="ok",
                filename=f"item-{self.item_id}.pdf", collected_at=self.collected_at,
                ingested_at="2025-01-15T10:00:00", source=self.source, tags=self.tags,
                entities=self.entities, date=self.date,
            )

    @property
    def body(self) -> str:
        return "\n\n".join(self.pages)


def _date(rng: random.Random, first_year: int = 2019, last_year: int = 2025) -> str:
    year = rng.randint(first_year, last_year)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _lines(words: list[str], rng: random.Random, sep: str = " ") -> str:
    """Words as OCR'd lines of 8-14 words, sentences capitalised."""
    out: list[str] = []
    i = 0
    while i < len(words):
        n = rng.randint(8, 14)
        line = words[i : i + n]
        if line and sep == " ":
            line[0] = line[0].capitalize()
        out.append(sep.join(line) + ("." if sep == " " and rng.random() < 0.5 else ""))
        i += n
    return "\n".join(out)


def make_item(item_id: int, seed: int, vocab: Vocabulary) -> Item:
    """Item ``item_id`` of the corpus of ``seed``: the same every time."""
    rng = random.Random(seed * 1_000_003 + item_id)
    length = int(math.exp(rng.uniform(math.log(20), math.log(5000))))
    entities = tuple(rng.sample(ENTITIES, rng.choice((0, 0, 1, 1, 2, 3))))
    if rng.random() < 0.10:
        languages, script = SCRIPTS[rng.randrange(3)]
        words = [rng.choice(script) for _ in range(length)]
        chunks = [words[i : i + 12] for i in range(0, len(words), 12)]
        body = _lines(["".join(c) for c in chunks], rng, sep=" ")
        pages = tuple(body[i : i + 1500] for i in range(0, len(body), 1500)) or ("",)
    else:
        languages = "eng"
        words = vocab.sample(rng, length)
        for name in entities:
            words.insert(rng.randrange(len(words) + 1), name)
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words) + 1), rng.choice(CASES))
        pages = tuple(
            _lines(words[i : i + PAGE_WORDS], rng) for i in range(0, len(words), PAGE_WORDS)
        )
    return Item(
        item_id=item_id,
        pages=pages,
        title=f"{rng.choice(('Report', 'Statement', 'Screenshot', 'Article'))} {item_id}: "
        + " ".join(vocab.sample(rng, 3)),
        kind=rng.choice(KINDS[:5]),
        cases=tuple(rng.sample(CASES, rng.choice((1, 1, 1, 2)))),
        tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
        entities=entities,
        languages=languages,
        source=rng.choice(SOURCES),
        date=_date(rng),
        collected_at=_date(rng, 2023, 2025),
    )


def write_corpus(path: Path, items: int, seed: int, vocab: Vocabulary, *, first: int = 1) -> None:
    """The text of record of items ``first`` .. ``first + items - 1`` in a SQLite file."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE IF NOT EXISTS pages (item_id INTEGER, number INTEGER, text TEXT,"
                " PRIMARY KEY (item_id, number)) WITHOUT ROWID")
    with con:
        for item_id in range(first, first + items):
            item = make_item(item_id, seed, vocab)
            con.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                            [(item_id, n, t) for n, t in enumerate(item.pages, 1)])
    con.close()
