"""Dates found in the text of evidence, in four languages and relative to the item's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.datefind import find_dates, sentences
from archive.event_models import FoundDate
from archive.timeline import APPROXIMATE, DAY, EXACT, MONTH, YEAR


def dates(text: str, anchor: str = "") -> list[tuple[str, str, str, str]]:
    """(as written, earliest, latest, precision) of every date found."""
    return [(f.text, f.date.earliest, f.date.latest, f.date.precision)
            for f in find_dates(text, anchor=anchor)]


def only(text: str, anchor: str = "") -> FoundDate:
    found = find_dates(text, anchor=anchor)
    assert len(found) == 1, found
    assert text[found[0].start:found[0].end] == found[0].text
    return found[0]


# --- the issue's own examples -----------------------------------------------------------------
def test_a_thai_sentence_with_a_buddhist_era_year_yields_2024_03_12() -> None:
    found = only("เขาถูกพาข้ามแม่น้ำเมยเมื่อวันที่ 12 มีนาคม 2567 ใกล้แม่สอด")
    assert (found.text, found.date.earliest, found.date.latest, found.date.precision) == (
        "12 มีนาคม 2567", "2024-03-12", "2024-03-12", DAY)


def test_a_chinese_date_is_found() -> None:
    assert dates("2024年3月12日，他被带到KK园区。") == [  # noqa: RUF001 - Chinese comma
        ("2024年3月12日", "2024-03-12", "2024-03-12", DAY)]


def test_a_burmese_date_with_burmese_digits_and_month_is_found() -> None:
    assert dates("၂၀၂၄ ခုနှစ် မတ်လ ၁၂ ရက် နေ့တွင် မြဝတီသို့ ခေါ်သွားခဲ့သည်။") == [
        ("၂၀၂၄ ခုနှစ် မတ်လ ၁၂ ရက်", "2024-03-12", "2024-03-12", DAY)]


# --- English --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "iso"), [
    ("He vanished on 3 January 2024.", "2024-01-03"),
    ("He vanished on the 3rd of January, 2024.", "2024-01-03"),
    ("Reported on January 3, 2024 by the embassy.", "2024-01-03"),
    ("Filed Jan. 3 2024.", "2024-01-03"),
    ("Dated 2024-01-03 in the register.", "2024-01-03"),
    ("Dated 2024/01/03 in the register.", "2024-01-03"),
    ("Expires 31/10/04", "2004-10-31"),
    ("Meet at Shwe Kokko bus station 9.10.2025", "2025-10-09"),
])
def test_english_day_dates(text: str, iso: str) -> None:
    found = only(text)
    assert (found.date.earliest, found.date.latest, found.date.precision) == (iso, iso, DAY)


def test_a_time_of_day_makes_the_date_exact() -> None:
    assert dates("Seen at the border on 5 January 2024 at 14:30.") == [
        ("5 January 2024 at 14:30", "2024-01-05T14:30", "2024-01-05T14:30", EXACT)]
    assert dates("Logged 2024-03-12T09:15:00Z") [0][1:] == (
        "2024-03-12T09:15", "2024-03-12T09:15", EXACT)
    assert dates("Call on March 9, 2023 at 9:50 pm")[0][1] == "2023-03-09T21:50"


def test_months_years_and_parts_of_years() -> None:
    assert dates("Recruited in January 2024, held since early 2023 and sold in late 2023;"
                 " the compound opened in 2019.") == [
        ("January 2024", "2024-01-01", "2024-01-31", MONTH),
        ("early 2023", "2023-01-01", "2023-04-30", APPROXIMATE),
        ("late 2023", "2023-09-01", "2023-12-31", APPROXIMATE),
        ("2019", "2019-01-01", "2019-12-31", YEAR),
    ]
    assert dates("by mid-2022")[0][1:] == ("2022-05-01", "2022-08-31", APPROXIMATE)
    assert dates("at the end of March 2024")[0][1:] == ("2024-03-21", "2024-03-31", APPROXIMATE)


def test_about_widens_a_date_into_an_approximate_range() -> None:
    found = only("On or around 6 February 2014 the defendant left.")
    assert found.text == "around 6 February 2014"
    assert (found.date.earliest, found.date.latest, found.date.precision) == (
        "2014-02-03", "2014-02-09", APPROXIMATE)


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    assert dates("260 people were repatriated; 261 according to another count. Call 2024.") \
        == []
    assert dates("You may 3 times try; march 4 steps.") == []
    assert dates("Salary 25,000 baht, in 2000 people") == []
    assert dates("31 February 2024 is not a day") == [
        ("February 2024", "2024-02-01", "2024-02-29", MONTH)]


def test_a_date_without_a_year_takes_it_from_the_items_date() -> None:
    assert dates("They met on 3 January.") == []  # no year anywhere: nothing to say
    found = only("They met on 3 January.", anchor="2024-02-10")
    assert (found.date.earliest, found.relative) == ("2024-01-03", True)
    # The year that puts it nearest the item's date: a December day mentioned in January is
    # last year's, a meeting in June planned in March this year's.
    assert only("Since 28 December we are locked in.", anchor="2024-01-05").date.earliest \
        == "2023-12-28"
    assert only("See you 1st June.", anchor="2024-03-14").text == "1st June"
    assert only("See you 1st June.", anchor="2024-03-14").date.earliest == "2024-06-01"


def test_soft_hyphens_and_non_breaking_spaces_between_words() -> None:
    text = "Dated this 06\u00adMarch\u00ad2020 and\u00a0on\u00a07\u00a0March\u00a02020."
    assert [d[1] for d in dates(text)] == ["2020-03-06", "2020-03-07"]


# --- relative phrasings ------------------------------------------------------------------------
def test_relative_phrasings_are_anchored_to_the_items_date() -> None:
    anchor = "2024-03-14T10:00:00+07:00"  # a Thursday
    assert dates("I was recruited last Tuesday, the agent called yesterday and 3 days ago"
                 " my passport was taken; two weeks ago I arrived; last month I was paid"
                 " nothing.", anchor) == [
        ("last Tuesday", "2024-03-12", "2024-03-12", DAY),
        ("yesterday", "2024-03-13", "2024-03-13", DAY),
        ("3 days ago", "2024-03-11", "2024-03-11", DAY),
        ("two weeks ago", "2024-02-29", "2024-02-29", DAY),
        ("last month", "2024-02-01", "2024-02-29", MONTH),
    ]
    assert all(f.relative for f in find_dates("yesterday", anchor=anchor))
    assert dates("last week", anchor)[0][1:] == ("2024-03-04", "2024-03-10", APPROXIMATE)


def test_relative_phrasings_without_an_anchor_are_not_guessed() -> None:
    assert dates("I was recruited last Tuesday and moved yesterday.") == []


def test_thai_chinese_and_burmese_relative_words() -> None:
    anchor = "2024-03-14"
    assert dates("เมื่อวานเขายึดพาสปอร์ต", anchor)[0][:2] == ("เมื่อวาน", "2024-03-13")
    assert dates("เมื่อวานซืนมีรถมารับ", anchor)[0][:2] == ("เมื่อวานซืน", "2024-03-12")
    assert dates("ถูกขายไปเมื่อ 3 วันก่อน", anchor)[0][1] == "2024-03-11"
    assert dates("昨天他们把护照收走了", anchor)[0][:2] == ("昨天", "2024-03-13")
    assert dates("上周二到了园区", anchor)[0][1] == "2024-03-05"
    assert dates("三天前转了6000元", anchor)[0][1] == "2024-03-11"
    assert dates("မနေ့က ငွေလွှဲပေးခဲ့တယ်", anchor)[0][1] == "2024-03-13"


# --- Thai, Chinese and Burmese forms -----------------------------------------------------------
def test_thai_abbreviated_months_thai_digits_and_two_digit_years() -> None:
    assert dates("นัดเจอวันที่ 5 ก.ค. 2566 เวลา")[0][1:] == ("2023-07-05", "2023-07-05", DAY)
    assert dates("๑๒ มี.ค. ๖๗")[0][1] == "2024-03-12"
    assert dates("เดือนมีนาคม พ.ศ. 2567")[0][1:] == ("2024-03-01", "2024-03-31", MONTH)
    assert dates("ในปี 2566 มีคนไทยถูกหลอกหลายร้อยคน")[0][1:] == (
        "2023-01-01", "2023-12-31", YEAR)


def test_chinese_numerals_and_dates_without_a_year() -> None:
    assert dates("二〇二四年三月十二日")[0][1] == "2024-03-12"
    assert dates("2024年3月")[0][1:] == ("2024-03-01", "2024-03-31", MONTH)
    assert dates("２０２４年１２月３１日")[0][1] == "2024-12-31"
    assert dates("三月十二日他被卖到另一个园区") == []
    assert dates("三月十二日他被卖到另一个园区", "2024-05-01")[0][:2] == (
        "三月十二日", "2024-03-12")
    assert dates("廿三号", "2024-05-01") == []  # a day alone is not a date


def test_burmese_month_first_and_day_first_forms() -> None:
    assert dates("ဇန်နဝါရီလ ၃ ရက် ၂၀၂၄ ခုနှစ်")[0][1] == "2024-01-03"
    assert dates("၁၂ ဒီဇင်ဘာ ၂၀၂၃")[0][1] == "2023-12-12"
    assert dates("၂၀၂၃ ခုနှစ် ဩဂုတ်လ")[0][1:] == ("2023-08-01", "2023-08-31", MONTH)


# --- real chat screenshots' text (the ground truth of the sample corpus) -----------------------
def test_dates_in_the_sample_chat_transcripts(corpus: Path) -> None:
    def read(name: str) -> str:
        return (corpus / "screens_dev" / f"{name}.gt.txt").read_text(encoding="utf-8")

    thai = read("d001_th_light")
    assert [d[1] for d in dates(thai)][:2] == ["2023-03-09", "2023-07-05"]
    assert dates(read("d006_th_dark"))[0][:2] == ("28 ส.ค. 2567", "2024-08-28")
    assert dates(read("d007_zh_hant_dark"))[0][:2] == ("2024年1月6日", "2024-01-06")
    chinese = read("d002_zh_hans_light")
    assert [d[:2] for d in dates(chinese, "2023-05-12")] == [
        ("May 12, 2023", "2023-05-12"), ("1月6日", "2023-01-06")]
    assert [d[1] for d in dates(read("d008_my_dark"), "2025-01-10")] == [
        "2025-01-09", "2025-01-11", "2025-01-10"]


# --- sentences --------------------------------------------------------------------------------
def test_sentences_split_english_chinese_burmese_and_lines() -> None:
    text = "He left on 3 Jan. 2024. She stayed! 他走了。我留下。 သူသွားတယ်။ Line one\nLine two"
    assert [text[a:b] for a, b in sentences(text)] == [
        "He left on 3 Jan. 2024.", "She stayed!", "他走了。", "我留下。", "သူသွားတယ်။",
        "Line one", "Line two"]
