"""Crypto wallet addresses checked by their checksums: Bitcoin, Ethereum (EIP-55) and TRON."""

from __future__ import annotations

import hashlib

from Cryptodome.Hash import keccak

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(B58_ALPHABET)}
BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(BECH32_ALPHABET)}
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3

# base58check version bytes (the first byte of the 25-byte payload) -> chain
_BTC_VERSIONS = {0x00: "BTC", 0x05: "BTC"}  # P2PKH "1...", P2SH "3..."
_TRON_VERSION = 0x41  # "T..."


def base58check(address: str) -> bytes | None:
    """The payload of a base58check string (without its 4-byte checksum), or None."""
    n = 0
    for c in address:
        i = _B58_INDEX.get(c)
        if i is None:
            return None
        n = n * 58 + i
    zeros = len(address) - len(address.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    raw = b"\0" * zeros + body
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def base58check_encode(payload: bytes) -> str:
    """``payload`` + its 4-byte checksum in base58 (how TRON and Bitcoin write addresses)."""
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58_ALPHABET[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def tron_address(address: str) -> bool:
    payload = base58check(address) if len(address) == 34 and address[0] == "T" else None
    return payload is not None and len(payload) == 21 and payload[0] == _TRON_VERSION


def bitcoin_base58(address: str) -> bool:
    if not 26 <= len(address) <= 35 or address[0] not in "13":
        return False
    payload = base58check(address)
    return payload is not None and len(payload) == 21 and payload[0] in _BTC_VERSIONS


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    acc, bits, out = 0, 0, []
    maxv = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        return None
    return out


def bitcoin_bech32(address: str) -> bool:
    """A segwit address (BIP-173 bech32 for version 0, BIP-350 bech32m for 1-16)."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    hrp, sep, rest = address.rpartition("1")
    if hrp != "bc" or not sep or len(rest) < 7 or len(address) > 90:
        return False
    try:
        data = [_BECH32_INDEX[c] for c in rest]
    except KeyError:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + data)
    if const not in (_BECH32_CONST, _BECH32M_CONST) or not data[:-6]:
        return False
    version, program = data[0], _convert_bits(data[1:-6], 5, 8)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return False
    if version == 0:
        return const == _BECH32_CONST and len(program) in (20, 32)
    return const == _BECH32M_CONST


def keccak256(data: bytes) -> bytes:
    return bytes(keccak.new(digest_bits=256, data=data).digest())


def eip55(address: str) -> str:
    """The EIP-55 mixed-case spelling of a 0x + 40 hex digit address."""
    hexpart = address[2:].lower()
    digest = keccak256(hexpart.encode("ascii")).hex()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c
        for i, c in enumerate(hexpart)
    )


def ethereum_checksum_ok(address: str) -> bool | None:
    """True/False for a mixed-case address whose EIP-55 checksum passes/fails; None for an
    all-lowercase or all-uppercase one, which carries no checksum at all."""
    hexpart = address[2:]
    if hexpart == hexpart.lower() or hexpart == hexpart.upper():
        return None
    return eip55(address) == address
