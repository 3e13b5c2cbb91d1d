"""The languages of an item are told from its text's letters, not from the OCR models used."""

from __future__ import annotations

from index.languages import text_languages
from tests.index.conftest import Library


def test_each_script_is_its_language_and_chinese_variants_are_told_apart() -> None:
    assert text_languages("The recruiter took our passports at the border.") == ("eng",)
    assert text_languages("นายหน้าพาเราข้ามแม่น้ำเมยไปที่เมียวดี") == ("tha",)
    assert text_languages("အလုပ်ကိုင်အေးဂျင့်က ပတ်စ်ပို့ကို သိမ်းထားတယ်") == ("mya",)
    assert text_languages("他们说护照被没收了。每天工作十六个小时") == ("chi_sim",)
    assert text_languages("他們說護照被沒收了。每天工作十六個小時") == ("chi_tra",)


def test_a_few_letters_of_another_script_do_not_make_a_language() -> None:
    text = "The compound manager, known as 陈总, moved the workers to KK Park in March 2023."
    assert text_languages(text) == ("eng",)
    assert text_languages("") == ()
    mixed = "ผู้จัดการบอกว่าต้องโอนเงินภายในวันนี้ transfer the USDT to this wallet today please"
    assert set(text_languages(mixed)) == {"tha", "eng"}


def test_lang_searches_and_the_facet_use_the_languages_of_the_text(library: Library) -> None:
    docs = library.item(1, "สวัสดีครับวันนี้อากาศแจ่มใสมากน่าไปเที่ยว", languages="eng+tha+mya+chi_sim")
    docs += library.item(2, "Hello, the weather is fine today.", languages="eng+tha+mya+chi_sim")
    library.index.rebuild(docs)
    assert [h.item_id for h in library.search("lang:thai").hits] == [1]
    assert [h.item_id for h in library.search("lang:eng").hits] == [2]
    assert library.search("lang:mya").total == 0
    assert library.search("*").facet("language") == {"English": 1, "Thai": 1}
