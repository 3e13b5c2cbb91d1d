"""Phone screenshots: text made black on white whatever the bubble colour, and cut into lines."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

# Background colours are estimated per CELL x CELL block (pixels of a 720 px wide screen) from
# the flat pixels: those whose square of radius FLAT_RADIUS varies in brightness by at most
# FLAT_RANGE (0-255; JPEG noise on a flat colour stays well below it, anti-aliased text does not).
CELL = 8
FLAT_RADIUS = 3
FLAT_RANGE = 24
# A pixel differing from its background by less than this (0-255, largest channel) is
# background; above it the difference is stretched to black.
INK_THRESHOLD = 24
INK_GAIN = 4
# Pieces of a row at most this many line heights apart are one line.
PIECE_GAP = 1.2
# Pixels differing from their background by at least twice INK_THRESHOLD (darker than this in
# the clean image) count as ink for cutting lines.
INK_LEVEL = 255 - INK_THRESHOLD * INK_GAIN // 2


@dataclass(frozen=True, slots=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


def clean_screen(image: Image.Image) -> Image.Image:
    """Grey image of the text, black on white, whatever the colours: every pixel's distance
    from the local background colour, so dark mode, coloured bubbles and light text on dark
    bubbles all come out alike.

    Screens are drawn on flat colours: the background of a cell of the image is the mean
    colour of its flat pixels (those whose neighbourhood hardly varies; text never is), and
    a cell inside dense text, with no flat pixel, takes it from the cells around. A median
    would take the ink of dense Chinese characters for background and erase their middles.
    The distance is taken, per channel, to the range of the backgrounds of the pixel's cell
    and its 8 neighbours (the largest channel counts), so the edges of bubbles vanish instead
    of becoming lines."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    height, width = rgb.shape[:2]
    unit = max(1.0, width / 720)
    cell = max(4, round(CELL * unit))
    radius = max(1, int(FLAT_RADIUS * unit))
    # Flatness is judged on brightness: JPEG keeps colour at a quarter of the resolution, and
    # the blocks of a flat colour it leaves differ in hue but hardly in brightness.
    luma = rgb @ np.array([299, 587, 114], dtype=np.int32) // 1000
    flat = _window(luma, radius, np.maximum) - _window(luma, radius, np.minimum) <= FLAT_RANGE
    background = _cell_background(rgb, flat, cell)
    low = _full_size(_around(background, np.minimum), cell, height, width)
    high = _full_size(_around(background, np.maximum), cell, height, width)
    distance = np.maximum(low - rgb, rgb - high).max(axis=2)
    ink = np.clip((distance - INK_THRESHOLD) * INK_GAIN, 0, 255)
    return Image.fromarray((255 - ink).astype(np.uint8), "L")


def _window(array: np.ndarray, radius: int, pick: np.ufunc) -> np.ndarray:
    """``pick`` (np.maximum or np.minimum) over a square of side 2 * radius + 1 round every
    pixel (edges repeated), done as a pass along rows and one along columns."""
    out = array
    for axis in (0, 1):
        padded = np.pad(out, [(radius, radius) if a == axis else (0, 0)
                              for a in range(array.ndim)], mode="edge")
        size = array.shape[axis]
        result = np.take(padded, range(0, size), axis=axis)
        for shift in range(1, 2 * radius + 1):
            result = pick(result, np.take(padded, range(shift, shift + size), axis=axis))
        out = result
    return out


def _cell_background(rgb: np.ndarray, flat: np.ndarray, cell: int) -> np.ndarray:
    """Mean colour of the flat pixels of each ``cell`` x ``cell`` block; blocks without any
    take the colour of the nearest one in their row, or else of their neighbours."""
    height, width = flat.shape
    rows, cols = -(-height // cell), -(-width // cell)
    pad = ((0, rows * cell - height), (0, cols * cell - width))
    weight = np.pad(flat, pad).astype(np.float32)
    colour = np.pad(rgb, (*pad, (0, 0))).astype(np.float32) * weight[..., None]
    count = weight.reshape(rows, cell, cols, cell).sum(axis=(1, 3))
    total = colour.reshape(rows, cell, cols, cell, 3).sum(axis=(1, 3))
    known = count > 0
    mean = np.zeros_like(total)
    mean[known] = total[known] / count[known][:, None]
    if not known.any():
        return np.full((rows, cols, 3), 255, dtype=np.int16)
    mean, known = _fill_along_rows(mean, known)
    while not known.all():
        padded_mean = np.pad(mean * known[..., None], ((1, 1), (1, 1), (0, 0)))
        padded_known = np.pad(known, 1).astype(np.float32)
        sums = _neighbourhood_sum(padded_mean, rows, cols)
        counts = _neighbourhood_sum(padded_known, rows, cols)
        grow = ~known & (counts > 0)
        mean[grow] = sums[grow] / counts[grow][:, None]
        known = known | grow
    return mean.round().astype(np.int16)


def _neighbourhood_sum(padded: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Each cell's sum over its 3x3 neighbourhood, from an array padded by one on each side."""
    total = np.zeros_like(padded[1:1 + rows, 1:1 + cols])
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            total += padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols]
    return total


def _fill_along_rows(mean: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells inside text take the background of the nearest known cell left or right of them
    in the same row: text runs along rows, so that is the colour around it, where the cell
    above may be a bubble the text is under (a timestamp)."""
    cols = known.shape[1]
    index = np.arange(cols)
    left = np.maximum.accumulate(np.where(known, index, -1), axis=1)
    right = np.flip(np.minimum.accumulate(np.flip(np.where(known, index, cols), axis=1),
                                          axis=1), axis=1)
    has_left, has_right = left >= 0, right < cols
    use_right = has_right & (~has_left | (right - index < index - left))
    source = np.where(use_right, right, left)
    fill = ~known & (has_left | has_right)
    rows = np.nonzero(fill)[0]
    mean = mean.copy()
    mean[fill] = mean[rows, source[fill]]
    return mean, known | fill


def _around(cells: np.ndarray, pick: np.ufunc) -> np.ndarray:
    """``pick`` over each cell and its 8 neighbours."""
    return _window(cells, 1, pick)


def _full_size(cells: np.ndarray, cell: int, height: int, width: int) -> np.ndarray:
    """Each cell repeated ``cell`` times across and down, cut to the image's size."""
    return cells.repeat(cell, axis=0).repeat(cell, axis=1)[:height, :width]


def _runs(counts: list[int], min_gap: int) -> list[tuple[int, int]]:
    """Runs of non-zero counts as (start, end), joining runs separated by < min_gap zeros."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, count in enumerate([*counts, 0]):
        if count and start is None:
            start = i
        elif not count and start is not None:
            if runs and start - runs[-1][1] < min_gap:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((start, i))
            start = None
    return runs


def _attach_marks(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join thin row runs (Thai and Burmese marks above or below a line, the dot of an i cut
    off by a tall neighbour) to the closest run next to them when they sit close to it."""
    target = list(range(len(runs)))
    for i, (a, b) in enumerate(runs):
        best = None
        for j in (i - 1, i + 1):
            if not 0 <= j < len(runs):
                continue
            c, d = runs[j]
            gap = c - b if j > i else a - d
            if b - a < 0.45 * (d - c) and gap <= 0.35 * (d - c) and (
                best is None or gap < best[0]
            ):
                best = (gap, j)
        if best is not None:
            target[i] = best[1]
    groups: dict[int, tuple[int, int]] = {}
    for i, (a, b) in enumerate(runs):
        root = target[i] if target[target[i]] == target[i] else i
        c, d = groups.get(root, (a, b))
        groups[root] = (min(a, c), max(b, d))
    return sorted(groups.values())


def _profile(ink: Image.Image, box: Box, *, rows: bool) -> list[int]:
    """Ink pixels per row (or per column) of ``box`` in the 0/255 ink image."""
    crop = ink.crop((box.left, box.top, box.right, box.bottom))
    if not rows:
        crop = crop.transpose(Image.Transpose.TRANSPOSE)
    data = crop.tobytes()
    step = crop.width
    return [data.count(255, i, i + step) for i in range(0, len(data), step)]


def _cut(ink: Image.Image, box: Box, row_gap: int, col_gap: int, depth: int,
         noise: int = 0) -> list[Box]:
    """Recursive XY cut: rows, then columns of every row band, until nothing splits. Rows or
    columns with at most ``noise`` ink pixels count as empty."""
    rows = [c if c > noise else 0 for c in _profile(ink, box, rows=True)]
    bands = [
        Box(box.left, box.top + a, box.right, box.top + b)
        for a, b in _attach_marks(_runs(rows, row_gap))
    ]
    out: list[Box] = []
    for band in bands:
        cols = [c if c > noise else 0 for c in _profile(ink, band, rows=False)]
        pieces = [Box(band.left + a, band.top, band.left + b, band.bottom)
                  for a, b in _runs(cols, col_gap)]
        for piece in pieces:
            if depth > 0 and (len(pieces) > 1 or len(bands) > 1):
                out.extend(_cut(ink, piece, row_gap, col_gap, depth - 1, noise))
            else:
                out.append(_tighten(ink, piece))
    return out


def _tighten(ink: Image.Image, box: Box) -> Box:
    inner = ink.crop((box.left, box.top, box.right, box.bottom)).getbbox()
    if not inner:
        return box
    return Box(box.left + inner[0], box.top + inner[1], box.left + inner[2], box.top + inner[3])


def typical_height(boxes: list[Box]) -> int:
    """Median height of the boxes wider than twice their height (text, not icons)."""
    heights = sorted(b.height for b in boxes if b.width >= 2 * b.height) or sorted(
        b.height for b in boxes
    )
    return heights[len(heights) // 2]


def _split_fused(ink: Image.Image, box: Box, row_gap: int, col_gap: int, typical: int,
                 noise: int) -> list[Box]:
    """Lines still fused after a finer cut: an avatar and a bubble tail a few pixels from two
    text lines (LINE). When the box starts (or ends) with an avatar - a square shape as tall as
    two lines - it and the narrow bits next to it (the tail) are split off at gaps of a third
    of the line height, and the text beside them is cut as usual."""
    cols = [c if c > noise else 0 for c in _profile(ink, box, rows=False)]
    parts = [Box(box.left + a, box.top, box.left + b, box.bottom)
             for a, b in _runs(cols, max(3, round(typical / 3)))]
    if len(parts) < 2:
        return [box]

    def avatar(part: Box) -> bool:
        inner = _tighten(ink, part)
        return inner.height >= 1.5 * typical and 0.6 * inner.height <= inner.width <= (
            1.6 * inner.height)

    if avatar(parts[-1]) and not avatar(parts[0]):
        parts = [Box(box.left + box.right - p.right, p.top, box.left + box.right
                     - p.left, p.bottom) for p in reversed(parts)]  # mirrored: as on the left
        mirrored = True
    elif avatar(parts[0]):
        mirrored = False
    else:
        return [box]
    split = next((i for i, p in enumerate(parts[1:], 1) if p.width >= typical), len(parts))
    if split == len(parts):
        return [box]
    pieces = [*parts[:split], Box(parts[split].left, box.top, parts[-1].right, box.bottom)]
    if mirrored:
        pieces = [Box(box.left + box.right - p.right, p.top, box.left + box.right
                      - p.left, p.bottom) for p in pieces]
    out: list[Box] = []
    for piece in pieces:
        out.extend(_cut(ink, piece, row_gap, col_gap, depth=4, noise=noise))
    return out


def find_lines(clean: Image.Image) -> list[Box]:
    """Boxes of the text lines (or parts of lines far apart) of a clean screenshot, top to
    bottom, without specks, bubble tails and shapes far taller than the text (avatars)."""
    width, height = clean.size
    unit = max(1.0, width / 720)
    ink = clean.point([255 if v < INK_LEVEL else 0 for v in range(256)])
    row_gap, col_gap = max(2, round(3 * unit)), max(8, round(0.03 * width))
    boxes = _cut(ink, Box(0, 0, width, height), row_gap, col_gap, depth=4)
    boxes = [b for b in boxes if b.height >= 6 * unit and b.width >= 4 * unit]
    if not boxes:
        return []
    typical = typical_height(boxes)
    refined: list[Box] = []
    for box in boxes:
        if box.height > 1.8 * typical and box.width > 3 * typical:
            # Lines fused with an avatar or a bubble tail: cut finer.
            noise = max(2, round(2 * unit))
            for piece in _cut(ink, box, row_gap, col_gap, depth=4, noise=noise):
                if piece.height > 1.8 * typical and piece.width > 3 * typical:
                    refined.extend(_split_fused(ink, piece, row_gap, col_gap, typical, noise))
                else:
                    refined.append(piece)
        else:
            refined.append(box)
    boxes = [b for b in refined if b.height >= 6 * unit and b.width >= 4 * unit]
    kept = [
        b for b in boxes
        if not (b.height > 2.2 * typical and b.width < 1.6 * b.height)
        and b.height <= 4.5 * typical
        and not (b.height < 0.35 * typical and b.width < typical)
    ]
    kept = _join_pieces(sorted(kept, key=lambda b: (b.left, b.top)))
    log.debug("screenshot: %d line boxes (%d dropped), line height %d", len(kept),
              len(boxes) - len(kept), typical)
    return sorted(kept, key=lambda b: (b.top, b.left))


def _join_pieces(boxes: list[Box]) -> list[Box]:
    """Pieces of one line cut apart at a wide gap (after a Chinese comma, between words set
    apart) joined again: same row (they overlap by most of the lower one's height), a gap of
    at most PIECE_GAP line heights, and both wider than tall by half (text, not an icon or a
    back arrow beside it). Read apart, their order on the page was lost."""
    out: list[Box] = []
    for box in boxes:  # left to right
        if box.width < 1.5 * box.height:
            out.append(box)
            continue
        for i, prev in enumerate(out):
            if prev.width < 1.5 * prev.height:
                continue
            overlap = min(prev.bottom, box.bottom) - max(prev.top, box.top)
            gap = box.left - prev.right
            size = max(prev.height, box.height)
            if overlap >= 0.6 * min(prev.height, box.height) and -size < gap <= PIECE_GAP * size:
                out[i] = Box(min(prev.left, box.left), min(prev.top, box.top),
                             max(prev.right, box.right), max(prev.bottom, box.bottom))
                break
        else:
            out.append(box)
    return out
