"""Detectors read numbers, addresses and handles in any writing, and checksums keep out noise."""

from __future__ import annotations

import random

from archive.detectors import detect
from archive.wallets import B58_ALPHABET, base58check_encode, eip55

VALID_ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55's own test vector
TRON = base58check_encode(bytes([0x41]) + bytes(range(20)))
BTC_GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def found(text: str, type_: str | None = None) -> list[tuple[str, str, str]]:
    return [(d.type, d.canonical, d.quote) for d in detect(text)
            if type_ is None or d.type == type_]


def test_a_thai_number_written_three_ways_has_one_canonical_form() -> None:
    text = "โทร 081-234-5678 หรือ +66 81 234 5678 หรือ ๐๘๑ ๒๓๔ ๕๖๗๘ / 0812345678"
    phones = found(text, "phone")
    assert [p[1] for p in phones] == ["+66812345678"] * 4
    assert [p[2] for p in phones] == [
        "081-234-5678", "+66 81 234 5678", "๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"]
    # Spans point into the original text, Thai digits and all.
    d = detect(text)[2]
    assert text[d.start:d.end] == "๐๘๑ ๒๓๔ ๕๖๗๘"


def test_burmese_digits_and_neighbouring_countries() -> None:
    assert found("ဖုန်း ၀၉၆၀၆၅၂၄၂၃၀", "phone") == [("phone", "+959606524230", "၀၉၆၀၆၅၂၄၂၃၀")]
    assert found("Call +855 12 345 678 or 0086 138 1234 5678", "phone") == [
        ("phone", "+85512345678", "+855 12 345 678"),
        ("phone", "+8613812345678", "0086 138 1234 5678")]
    assert found("加我 13812345678", "phone")[0][1] == "+8613812345678"


def test_dates_prices_and_foreign_numbers_are_not_thai_phones() -> None:
    text = ("Paid Rs. 91.13 on 2024-03-12 (09/10/2023), ref PT000054WRT7 4223522616; call "
            "09061701461 or London 020 7946 0018 to claim")
    assert found(text, "phone") == []


def test_emails_and_urls_in_their_canonical_forms() -> None:
    text = "Write to John.Doe@Example.COM, see https://Bit.ly/abc123). or www.jobs-th.vip/apply."
    assert found(text) == [
        ("email", "john.doe@example.com", "John.Doe@Example.COM"),
        ("url", "bit.ly/abc123", "https://Bit.ly/abc123"),
        ("url", "jobs-th.vip/apply", "www.jobs-th.vip/apply"),
    ]
    assert found("e.g. the file.txt, version 1.2.3") == []


def test_handles_only_where_the_text_names_the_app() -> None:
    text = ("telegram: @vip_kevin651 LINE ID: lucky_1578 加我微信\nwxid_ixix32zqla9w"
            " 微信\uff1achen456_team")
    assert [c for _, c, _ in found(text, "handle")] == [
        "Telegram vip_kevin651", "LINE lucky_1578", "WeChat wxid_ixix32zqla9w",
        "WeChat chen456_team"]
    assert found("ping @vip_kevin651 on the line, wait in line: please", "handle") == []


def test_ethereum_addresses_need_a_valid_checksum() -> None:
    broken = VALID_ETH[:-1] + "D"
    assert found(f"send to {VALID_ETH}", "wallet") == [("wallet", VALID_ETH, VALID_ETH)]
    assert found(f"send to {broken}", "wallet") == []
    # All lower case carries no checksum: taken only where the text says it is a wallet,
    # and filed under its EIP-55 spelling (the same entity as the mixed-case one).
    lower = VALID_ETH.lower()
    assert found(f"deposit {lower}", "wallet") == []
    assert found(f"USDT (ERC20) address: {lower}", "wallet") == [("wallet", VALID_ETH, lower)]


def test_tron_and_bitcoin_addresses_pass_their_checksums() -> None:
    text = f"USDT TRC20 {TRON}, BTC {BTC_GENESIS} or {BECH32}"
    assert [c for _, c, _ in found(text, "wallet")] == [TRON, BTC_GENESIS, BECH32]
    bad = TRON[:-1] + ("x" if TRON[-1] != "x" else "y")
    assert found(f"USDT TRC20 {bad} {BTC_GENESIS[:-1]}b {BECH32[:-1]}p", "wallet") == []


def test_a_tron_address_wrapped_in_a_chat_bubble_is_read_whole() -> None:
    text = f"โอน USDT เข้ากระเป๋านี้\n{TRON[:22]}\n{TRON[22:]}\n9:53 AM"
    [(_, canonical, quote)] = found(text, "wallet")
    assert canonical == TRON and quote == f"{TRON[:22]}\n{TRON[22:]}"


def test_random_base58_and_hex_strings_are_not_wallets() -> None:
    rng = random.Random(20240312)
    texts = []
    for _ in range(300):
        texts.append("T" + "".join(rng.choices(B58_ALPHABET, k=33)))
        texts.append(rng.choice("13") + "".join(rng.choices(B58_ALPHABET, k=rng.randint(25, 33))))
        texts.append("bc1q" + "".join(rng.choices("qpzry9x8gf2tvdw0s3jn54khce6mua7l", k=38)))
        hexpart = "".join(rng.choices("0123456789abcdef", k=40))
        texts.append("0x" + "".join(c.upper() if rng.random() < 0.5 else c for c in hexpart))
        texts.append("0x" + hexpart)
    hits = [t for t in texts if found(f"pay {t} now", "wallet")]
    assert hits == []
    assert eip55(VALID_ETH.lower()) == VALID_ETH


def test_ibans_bank_accounts_and_passports() -> None:
    text = ("IBAN GB82 WEST 1234 5698 7654 32, not GB82WEST12345698765431. โอนเข้า กสิกร"
            " 123-4-56789-0 ค่ะ. Passport no. AB1234567, หนังสือเดินทาง AA7654321, 护照E12345678")
    assert [(t, c) for t, c, _ in found(text) if t in ("account", "document")] == [
        ("account", "IBAN GB82WEST12345698765432"),
        ("account", "KBank 1234567890"),
        ("document", "Passport AB1234567"),
        ("document", "Passport AA7654321"),
        ("document", "Passport E12345678"),
    ]
    assert found("order AB1234567 shipped; account 1234567890", "document") == []


def test_sentences_with_a_missing_space_are_not_domains() -> None:
    text = ("Moby Pub Quiz.Win a prize, send you.my mom, makiing sambar.life will, over"
            " payment.Click the link, at cherthala.in case, estates pvt.ltd. B.TECH")
    assert found(text) == []
    assert found("TnCs www.Ldew.com1win150ppm, verify details.www.97bmo.tk") == [
        ("url", "ldew.com", "www.Ldew.com"), ("url", "97bmo.tk", "www.97bmo.tk")]
    assert found("5000@sq.mtr and ticket@kiosk.Valid", "email") == []


def test_an_ungrouped_number_needs_something_thai_around_it() -> None:
    # The UK premium-rate numbers of the SMS sets are valid Thai mobiles when the 44 is gone.
    assert found("Urgent! Please call 0906346330 or 0800 505060 now", "phone") == []
    assert found("Urgent! Please call 090-634-6330 now", "phone")[0][1] == "+66906346330"
    assert found("ติดต่อ 0906346330", "phone")[0][1] == "+66906346330"
    assert found("In Bangkok call 0906346330", "phone")[0][1] == "+66906346330"
    assert found("Debit INR 100.00 on 06-02-24 15:43:32", "phone") == []
