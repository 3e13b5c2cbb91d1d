"""Detectors: phone numbers, e-mails, URLs, chat handles, wallets, IBANs, accounts, passports."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from archive import wallets
from archive.entity_models import ACCOUNT, DOCUMENT, EMAIL, HANDLE, PHONE, URL, WALLET, Detection
from archive.phones import find_phones

# One character for one, so offsets stay those of the original text: Thai, Burmese (and Shan)
# digits, full-width ASCII (U+FF01-FF5E: digits, colon) and the ideographic space.
_FOLD = {
    **{0x0E50 + i: 0x30 + i for i in range(10)},
    **{0x1040 + i: 0x30 + i for i in range(10)},
    **{0x1090 + i: 0x30 + i for i in range(10)},
    **{0xFF01 + i: 0x21 + i for i in range(94)},
    0x3000: 0x20,
}


def fold_digits(text: str) -> str:
    """``text`` with Thai/Burmese digits and full-width ASCII as ASCII (same length)."""
    return text.translate(_FOLD)


# --- e-mail and URLs -------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)
# Top-level domains a bare "name.tld" may end in (with a scheme or www. any TLD is taken).
_TLDS = (
    "com|net|org|info|biz|io|co|me|ly|gl|gd|tk|ml|ga|cf|xyz|top|site|online|club|vip|shop|app|"
    "link|live|cc|tv|us|uk|in|th|mm|cn|kh|la|vn|my|ph|id|sg|hk|tw|ru|de|fr|asia|pro|win|bet|"
    "icu|cyou|buzz|work|click|life|ltd|today|fun|store|tech|one|cloud|page|gov|edu|int"
)
# An e-mail's domain ends in a country code (two letters) or one of these.
_EMAIL_TLDS = frozenset((
    *_TLDS.split("|"), "mil", "name", "mobi", "tel", "travel", "jobs", "email", "space",
    "website", "world", "news", "media", "group", "company", "network", "digital", "agency",
    "center", "global", "services", "solutions", "support", "finance", "money", "bank", "loan",
    "investments", "trade", "exchange", "mail", "host", "systems", "games",
))
_URL = re.compile(
    r"(?<![\w@.\-])(?:"
    r"(?:https?://|www\.)[^\s<>\"'`{}|\\^\u3000-\u303f\uff01-\uff5e]+"
    r"|(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:" + _TLDS + r")"
    r"(?:/[^\s<>\"'`{}|\\^\u3000-\u303f\uff01-\uff5e]*)?"
    r")(?![\w@\-])",
    re.I,
)
_URL_TRAILING = ".,;:!?)]}'\"…"


def _emails(text: str) -> Iterator[Detection]:
    for m in _EMAIL.finditer(text):
        tld = m.group().rpartition(".")[2].lower()
        if len(tld) != 2 and tld not in _EMAIL_TLDS:
            continue  # "5000@sq.mtr", "ticket@kiosk.Valid"
        yield Detection(EMAIL, m.group().lower(), m.start(), m.end(), m.group())


# TLDs that are also words written after a full stop whose space went missing ("in case",
# "you.my mom", "sambar.life will"): a bare name.tld with one of them needs a path ("t.me/x").
_WORD_TLDS = frozenset((
    "me", "in", "my", "us", "id", "la", "life", "win", "click", "one", "fun", "today", "live",
    "link", "store", "page", "work", "pro", "ltd", "tech",  # "Pvt.Ltd", "B.Tech"
))
_SCHEME = re.compile(r"https?://", re.I)
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# "www.Ldew.com1win150ppm": a host glued to the words after it ends at its real TLD.
_GLUED = re.compile(r"((?:[a-z0-9\-]+\.)+(?:" + _TLDS + r"))(?=\d)")


def _url(raw: str, start: int) -> Detection | None:
    """A URL or bare domain found at ``start``, checked, trimmed and in canonical form:
    host (lower case, without www.) + path, the same link with or without http(s)://."""
    scheme = _SCHEME.match(raw)
    head = scheme.end() if scheme else 0
    bare = head == 0 and not raw.lower().startswith("www.")
    hostport, slash, path = raw[head:].partition("/")
    host = hostport.split("@")[-1].split(":")[0].lower()
    www = host.find(".www.")
    if www >= 0:  # "details.www.97bmo.tk": a word glued in front of the host
        cut = head + www + 1
        return _url(raw[cut:], start + cut)
    tld = host.rpartition(".")[2]
    if not (tld.isalpha() and len(tld) >= 2) and not _IPV4.fullmatch(host):
        glued = _GLUED.match(host)
        if glued is None:
            return None
        host, path, slash = glued.group(1), "", ""
        raw = raw[:head + len(host)]
    if "." not in host or ".." in host or not re.fullmatch(r"[a-z0-9.\-]+", host):
        return None
    if bare:
        written = raw.rpartition("/")[0] if slash else raw
        written_tld = written.rpartition(".")[2]
        if written_tld[:1].isupper() and written_tld[1:].islower():
            return None  # "Quiz.Win a prize": a sentence, not a site
        if tld in _WORD_TLDS and not path:
            return None
    canonical = host.removeprefix("www.") + ("/" + path.rstrip("/") if path.strip("/") else "")
    return Detection(URL, canonical, start, start + len(raw), raw)


def _urls(text: str) -> Iterator[Detection]:
    for m in _URL.finditer(text):
        raw = m.group().rstrip(_URL_TRAILING)
        if raw.count("(") < raw.count(")"):
            raw = raw[: raw.rfind(")")]
        found = _url(raw, m.start())
        if found:
            yield found


# --- chat handles (only where the text says which app) ----------------------------------------
_SEP = r"(?:\s*(?:id|ID|Id|號|号|ไอดี)?\s*[:=]?\s*)"
_HANDLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Telegram", re.compile(
        r"(?:\b(?:telegram|tg)\b|电报|飞机|เทเลแกรม|တယ်လီဂရမ်)" + _SEP
        + r"@?([A-Za-z][A-Za-z0-9_]{4,31})\b", re.I)),
    ("Telegram", re.compile(r"\bt(?:elegram)?\.me/([A-Za-z][A-Za-z0-9_]{4,31})\b", re.I)),
    ("LINE", re.compile(
        r"(?:\bLINE\b(?=\s*(?:id|ID|Id|[:@]))|ไลน์|ไอดีไลน์)" + _SEP
        + r"@?([A-Za-z0-9][A-Za-z0-9._\-]{2,19})(?<![.\-])", re.I)),
    ("LINE", re.compile(r"\bline\.me/(?:ti/p/|R/ti/p/)?~?@?([A-Za-z0-9._\-]{3,20})", re.I)),
    ("WeChat", re.compile(
        r"(?:\b(?:wechat|weixin|vx)\b|微信号?|威信)" + _SEP
        + r"([A-Za-z][A-Za-z0-9_\-]{5,19})\b", re.I)),
    ("WeChat", re.compile(r"\b(wxid_[a-z0-9]{6,20})\b")),
    ("WhatsApp", re.compile(r"\bwa\.me/\+?(\d{8,15})\b", re.I)),
    ("Facebook", re.compile(
        r"\b(?:facebook|fb)\.com/(?!profile\.php|pages\b|groups\b|share\b|sharer)"
        r"([A-Za-z0-9.]{5,50})(?<!\.)", re.I)),
)
# Words that follow "LINE:"/"telegram:" in prose and are not handles.
_NOT_HANDLES = frozenset({"group", "account", "number", "contact", "official", "please", "message"})


def _handles(text: str) -> Iterator[Detection]:
    for app, pattern in _HANDLES:
        for m in pattern.finditer(text):
            value = m.group(1)
            if value.lower() in _NOT_HANDLES:
                continue
            if app == "WhatsApp":
                value = "+" + value
            start, end = m.span(1)
            if start > 0 and text[start - 1] == "@":
                start -= 1
            yield Detection(HANDLE, f"{app} {value.lower()}", start, end, text[start:end])


# --- crypto wallets --------------------------------------------------------------------------
_B58 = "1-9A-HJ-NP-Za-km-z"
# A base58 address, possibly broken over one line end (long addresses wrap in chat bubbles).
_BASE58 = re.compile(rf"(?<![\w/])([T13][{_B58}]{{4,34}})(?:[ \t]*\n[ \t]*([{_B58}]{{1,33}}))?"
                     rf"(?![\w/])")
_BECH32 = re.compile(r"(?<![\w/])(bc1[ac-hj-np-z02-9]{8,87}|BC1[AC-HJ-NP-Z02-9]{8,87})(?![\w/])")
_ETH = re.compile(r"(?<![\w/])0x[0-9a-fA-F]{40}(?![\w/])")
# An address without a checksum (all-lowercase 0x...) is taken only after one of these words.
_WALLET_WORDS = re.compile(
    r"eth|erc|usdt|usdc|wallet|address|crypto|metamask|钱包|地址|錢包|地址|กระเป๋า|ที่อยู่|"
    r"ပိုက်ဆံအိတ်|လိပ်စာ", re.I)


def _base58_ok(address: str) -> bool:
    return wallets.tron_address(address) if address[0] == "T" else wallets.bitcoin_base58(address)


def _wallets(text: str) -> Iterator[Detection]:
    for m in _BASE58.finditer(text):
        first, rest = m.group(1), m.group(2)
        if rest and _base58_ok(first + rest):
            yield Detection(WALLET, first + rest, m.start(), m.end(), m.group())
        elif _base58_ok(first):
            yield Detection(WALLET, first, m.start(1), m.end(1), first)
    for m in _BECH32.finditer(text):
        if wallets.bitcoin_bech32(m.group()):
            yield Detection(WALLET, m.group().lower(), m.start(), m.end(), m.group())
    for m in _ETH.finditer(text):
        address = m.group()
        ok = wallets.ethereum_checksum_ok(address)
        if ok is None:
            ok = _WALLET_WORDS.search(text, max(0, m.start() - 60), m.start()) is not None
        if ok:
            yield Detection(WALLET, wallets.eip55(address), m.start(), m.end(), address)


# --- bank accounts, IBANs, passports ---------------------------------------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?"
                   r"(?![A-Za-z0-9])")


def iban_ok(iban: str) -> bool:
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _ibans(text: str) -> Iterator[Detection]:
    for m in _IBAN.finditer(text):
        compact = m.group().replace(" ", "")
        if iban_ok(compact):
            yield Detection(ACCOUNT, f"IBAN {compact}", m.start(), m.end(), m.group())


# Bank names (and short forms people write) -> the name an account is filed under.
_BANKS = {
    "kasikorn": "KBank", "kbank": "KBank", "กสิกร": "KBank", "scb": "SCB",
    "siam commercial": "SCB", "ไทยพาณิชย์": "SCB", "bangkok bank": "Bangkok Bank",
    "bbl": "Bangkok Bank", "กรุงเทพ": "Bangkok Bank", "krungthai": "Krungthai", "ktb": "Krungthai",
    "กรุงไทย": "Krungthai", "krungsri": "Krungsri", "กรุงศรี": "Krungsri", "ttb": "ttb",
    "tmb": "ttb", "ทหารไทย": "ttb", "ทีทีบี": "ttb", "gsb": "GSB", "ออมสิน": "GSB",
    "baac": "BAAC", "ธ.ก.ส.": "BAAC", "kbz": "KBZ", "kbzpay": "KBZ", "cb bank": "CB Bank",
    "aya": "AYA", "yoma": "Yoma", "agd": "AGD", "aba": "ABA", "acleda": "ACLEDA",
    "vietcombank": "Vietcombank", "techcombank": "Techcombank", "maybank": "Maybank",
    "cimb": "CIMB", "bdo": "BDO", "bca": "BCA", "mandiri": "Mandiri", "icbc": "ICBC",
    "工商银行": "ICBC", "建设银行": "CCB", "农业银行": "ABC", "中国银行": "Bank of China",
    "招商银行": "China Merchants Bank", "交通银行": "Bank of Communications",
    "邮政储蓄": "Postal Savings Bank of China", "uob": "UOB",
}
_BANK = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(map(re.escape, _BANKS), key=len, reverse=True))
    + r")(?![A-Za-z])", re.I)
# 8-20 digits grouped by single spaces or hyphens, within 40 characters after the bank's name.
_ACCOUNT = re.compile(r"(?<![\d+\-])\d(?:[ \-]?\d){7,19}(?![\d\-])")


def _accounts(text: str) -> Iterator[Detection]:
    for b in _BANK.finditer(text):
        bank = _BANKS[b.group(1).lower()]
        m = _ACCOUNT.search(text, b.end(), min(len(text), b.end() + 60))
        if m and "\n" not in text[b.end():m.start()] and m.start() - b.end() <= 40:
            digits = re.sub(r"\D", "", m.group())
            yield Detection(ACCOUNT, f"{bank} {digits}", m.start(), m.end(), m.group())


_PASSPORT = re.compile(
    r"(?:passport|หนังสือเดินทาง|护照|護照|ပတ်စပို့)[^\n]{0,25}?"
    r"(?<![A-Za-z0-9])([A-Z]{1,2}[0-9]{6,8}|[0-9]{8,9})(?![A-Za-z0-9])", re.I)


def _passports(text: str) -> Iterator[Detection]:
    for m in _PASSPORT.finditer(text):
        number = m.group(1).upper()
        yield Detection(DOCUMENT, f"Passport {number}", m.start(1), m.end(1), m.group(1))


def _phones(text: str, original: str) -> Iterator[Detection]:
    for e164, start, end in find_phones(text, original):
        yield Detection(PHONE, e164, start, end, text[start:end])


_DETECTORS: tuple[Callable[[str], Iterator[Detection]], ...] = (
    _emails, _urls, _handles, _wallets, _ibans, _accounts, _passports,
)


def detect(text: str) -> list[Detection]:
    """Everything the detectors find in ``text``, in text order; spans and quotes refer to
    ``text`` as given (Thai/Burmese/full-width digits are read as digits)."""
    folded = fold_digits(text)
    found = {*_phones(folded, text), *(d for detector in _DETECTORS for d in detector(folded))}
    return sorted(
        (Detection(d.type, d.canonical, d.start, d.end, text[d.start:d.end]) for d in found),
        key=lambda d: (d.start, d.end, d.type),
    )
