"""EXIF facts of a photo or screenshot: capture time, camera, GPS position and software."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

log = logging.getLogger(__name__)

_TAGS = ExifTags.Base
_GPS = ExifTags.GPS


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 \t\r\n") if value is not None else ""


def _iso(value: Any) -> str:
    """EXIF "YYYY:MM:DD HH:MM:SS" as ISO 8601 (no time zone: EXIF usually has none)."""
    text = _text(value)
    try:
        return datetime.strptime(text, "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return ""


def _degrees(value: Any, ref: Any) -> float | None:
    """Degrees, minutes, seconds (rationals) to signed decimal degrees."""
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = d + m / 60 + s / 3600
    return round(-decimal if _text(ref).upper() in ("S", "W") else decimal, 6)


def exif_metadata(image: Image.Image) -> dict[str, Any]:
    """``captured`` (ISO; DateTimeOriginal, else DateTime), ``modified`` (DateTime: when
    software last saved it), ``camera_make``, ``camera_model``, ``software``, ``gps_lat`` and
    ``gps_lon`` (decimal degrees) as far as the image's EXIF has them; {} when it has none."""
    try:
        exif = image.getexif()
    except (OSError, ValueError, SyntaxError) as exc:  # damaged EXIF block
        log.info("unreadable EXIF: %s", exc)
        return {}
    if not exif:
        return {}
    detail = exif.get_ifd(ExifTags.IFD.Exif)
    out: dict[str, Any] = {}
    captured = _iso(detail.get(_TAGS.DateTimeOriginal)) or _iso(exif.get(_TAGS.DateTime))
    if captured:
        out["captured"] = captured
    modified = _iso(exif.get(_TAGS.DateTime))
    if modified:
        out["modified"] = modified
    for key, tag in (("camera_make", _TAGS.Make), ("camera_model", _TAGS.Model),
                     ("software", _TAGS.Software)):
        value = _text(exif.get(tag))
        if value:
            out[key] = value
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        lat = _degrees(gps.get(_GPS.GPSLatitude), gps.get(_GPS.GPSLatitudeRef))
        lon = _degrees(gps.get(_GPS.GPSLongitude), gps.get(_GPS.GPSLongitudeRef))
        if lat is not None and lon is not None:
            out["gps_lat"], out["gps_lon"] = lat, lon
    return out
