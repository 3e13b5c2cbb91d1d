"""The index's analysis: words in unspaced scripts, normalisation, stemming and bigrams."""

from __future__ import annotations

from array import array

import pytest

from index.analysis import bigram_analyzer, normalize, word_analyzer

FULL_WIDTH_KK = "\uff2b\uff2b"

THAI = "ปีนี้มีปริมาณน้ำฝนมากกว่าปกติทำให้รถติด"

LONG_PAGE = "rare " + "filler " * 11_000 + "rare end"  # "rare" again 77,000 characters on


def words(text: str) -> list[str]:
    return [t.text for t in word_analyzer()(text)]


def test_a_thai_word_inside_an_unspaced_sentence_is_its_own_token() -> None:
    assert "ปริมาณ" in words(THAI)
    assert len(words(THAI)) > 5


def test_burmese_and_chinese_sentences_are_split_into_words() -> None:
    assert "ရုံး" in words("ကျွန်တော်တို့ရုံးမှာအလုပ်လုပ်တယ်")
    assert "园区" in words("我们在缅甸的园区工作很辛苦")


def test_spaces_and_punctuation_are_not_words() -> None:
    assert words("Call 081-234-5678, now!") == ["call", "081", "234", "5678", "now"]


def test_full_width_letters_fold_to_plain_lowercase() -> None:
    assert words(f"{FULL_WIDTH_KK} Park") == ["kk", "park"]


def test_only_latin_words_are_stemmed() -> None:
    assert words("recruited recruiting") == ["recruit", "recruit"]
    assert words("园区") == ["园区"]


def test_offsets_point_into_the_original_text_for_highlighting() -> None:
    text = f"{FULL_WIDTH_KK}: นํ้า and 园区"
    spans = [(t.text, text[t.startchar : t.endchar]) for t in word_analyzer()(text, chars=True)]
    assert ("kk", FULL_WIDTH_KK) in spans
    assert ("园区", "园区") in spans
    assert any(original == "นํ้า" for _, original in spans)


def test_the_two_ways_of_writing_thai_sara_am_are_the_same_word() -> None:
    typed = "น้ำ"  # tone mark + SARA AM
    decomposed = "นํ้า"  # NIKHAHIT + tone mark + SARA AA, as OCR and some keyboards write it
    assert normalize(typed) == normalize(decomposed)
    assert normalize("ทํา") == normalize("ทำ")
    assert words(decomposed) == words(typed)


def test_latin_text_gives_no_bigrams() -> None:
    assert list(bigram_analyzer()("Recruited by KK Park, 081-234-5678")) == []


def test_chinese_text_gives_overlapping_bigrams_with_original_offsets() -> None:
    text = "KK 园区工作"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in bigram_analyzer()(text, chars=True)]
    assert tokens == [("园区", "园区"), ("区工", "区工"), ("工作", "工作")]


def test_bigram_positions_leave_a_gap_between_runs() -> None:
    tokens = list(bigram_analyzer()("园区。工作", positions=True))
    positions = [t.pos for t in bigram_analyzer()("园区。工作", positions=True)]
    assert len(tokens) == 2
    assert positions[1] - positions[0] > 1


def test_traditional_and_full_width_chinese_fold_to_the_simplified_plain_form() -> None:
    assert words("\uff2b\uff2b園區") == words("KK园区") == ["kk", "园区"]
    assert [t.text for t in bigram_analyzer()("緬甸園區")] == [
        t.text for t in bigram_analyzer()("缅甸园区")
    ]


def test_a_word_hyphenated_across_an_ocr_line_break_is_one_word() -> None:
    text = "the recruit-\nment agency"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in word_analyzer()(text, chars=True)]
    assert tokens[1] == ("recruit", "recruit-\nment")
    assert words("recruitment") == ["recruit"]


def test_a_hyphen_before_a_capital_on_the_next_line_keeps_two_names() -> None:
    assert words("Mae-\nSot") == ["mae", "sot"]
    assert words("well-known") == ["well", "known"]


def test_the_fast_indexing_path_gives_the_analyzers_terms() -> None:
    from index.analysis import bigram_terms, word_terms

    text = (f"{FULL_WIDTH_KK} 園區: recruit-\nment of นํ้า workers "
            "ပရိမာဏ ကျွန်တော်တို့ 我们在缅甸的园区 Ωmega café")
    analyzed = [(t.text, t.pos, t.startchar, t.endchar)
                for t in word_analyzer()(text, positions=True, chars=True, mode="index")]
    assert list(word_terms(text)) == analyzed
    grams = [(t.text, t.pos, t.startchar, t.endchar)
             for t in bigram_analyzer()(text, positions=True, chars=True)]
    assert list(bigram_terms(text)) == grams and grams


@pytest.mark.parametrize("text", [
    "Recruited at the border, 4,000 baht; he don't know the café owner's 3.5 km road",
    f"{FULL_WIDTH_KK} compound: recruiting \uff21\uff22\uff23 workers, Ωmega ÉCOLE naïve 2024",
    "recruit-\nment of workers",  # a hyphenated line break: the general path
    "workers in นํ้า and 我们在缅甸的园区 and ကျွန်တော်",  # unspaced runs: the general path
    "",
    LONG_PAGE,
], ids=["english", "latin-and-fullwidth", "line-break", "unspaced", "empty", "long-page"])
def test_grouped_postings_are_the_word_terms_grouped_and_encode_round_trips(text: str) -> None:
    from collections import defaultdict

    from index.analysis import FastCharacters, word_postings, word_terms

    expected: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for term, pos, start, end in word_terms(text):
        expected[term].append((pos, start, end))
    grouped = word_postings(text)
    assert grouped == expected
    fmt = FastCharacters(word_terms)
    for postings in grouped.values():
        assert fmt.decode_characters(fmt.encode(postings)) == postings
    assert bool(grouped) == bool(text)  # every text here has words


@pytest.mark.parametrize("text", [
    "Recruited at the border, 4,000 baht; he don't know the café owner's 3.5 km road. " * 3,
    f"{FULL_WIDTH_KK} compound: recruiting \uff21\uff22\uff23 workers, Ωmega ÉCOLE naïve 2024",
    "recruit-\nment of workers",
    "workers in นํ้า and 我们在缅甸的园区 and ကျွန်တော် workers 园区",
    "\u0301 ' , . _ a -- 3.5",  # marks and punctuation between words
    "a 园 b 园园园园 ＫＫ園區 and KK园区, นํ้า นํ้า",  # one-character runs, repeated bigrams
    "",
    LONG_PAGE,
], ids=["english", "latin-and-fullwidth", "line-break", "unspaced", "punctuation", "repeats",
        "empty", "long-page"])
def test_index_items_are_what_whoosh_would_index(text: str) -> None:
    """The segment writer's shortcut gives the text and bigram fields' terms exactly as
    Whoosh's ``FieldType.index`` does."""
    from index.analysis import FastCharacters, word_postings, word_terms
    from index.schema import build_schema

    schema = build_schema()
    for name in ("text", "bigram"):
        field = schema[name]
        assert sorted(field.format.index_items(text)) == sorted(field.index(text))
    # A format without the array path (as pickled by older versions) gives the same.
    older = FastCharacters(word_terms, grouped=word_postings)
    assert sorted(older.index_items(text)) == sorted(schema["text"].index(text))


def test_values_are_uint16s_unless_a_delta_does_not_fit_and_old_int32_values_still_decode(
) -> None:
    """Postings take half the bytes as uint16s; a page past 65,535 characters (or positions)
    and overlapping bigrams (a negative delta) keep int32s, flagged in the count; a format
    pickled before the flag existed writes and reads int32s as it always did."""
    from whoosh.system import pack_uint

    from index.analysis import FastCharacters, word_postings, word_terms

    fmt = FastCharacters(word_terms)
    grouped = word_postings(LONG_PAGE)
    short, far = grouped["filler"], grouped["rare"]
    assert len(fmt.encode(short)) == 4 + 6 * len(short)
    assert fmt.encode(far)[:4] == bytes(pack_uint(len(far) | 0x80000000))
    assert len(fmt.encode(far)) == 4 + 12 * len(far)
    overlapping = [(0, 0, 2), (1, 1, 3)]  # 园园园: the second 园园 starts before the first ends
    for postings in (short, far, overlapping, [(70_000, 0, 1)]):
        value = fmt.encode(postings)
        assert fmt.decode_characters(value) == postings
        assert fmt.decode_positions(value) == [p for p, _, _ in postings]
        assert fmt.decode_frequency(value) == len(postings)
    older = FastCharacters(word_terms)
    del older.narrow  # as unpickled from an index written before uint16s
    value = older.encode(short)
    assert value == bytes(pack_uint(len(short))) + array("i", [
        c for i, (p, s, e) in enumerate(short) for c in (
            p - (short[i - 1][0] if i else 0), s - (short[i - 1][2] if i else 0), e - s)]).tobytes()
    assert older.decode_characters(value) == short

