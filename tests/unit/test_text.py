import unicodedata

import pytest

from fieldapp.core.text import clean_text, fold, is_valid_phone, normalise_phone


def test_clean_text_makes_nfc_trims_and_collapses_spaces():
    nfd = unicodedata.normalize("NFD", "Nguyễn  Văn\tAn")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert clean_text(f"  {nfd} \n") == "Nguyễn Văn An"
    assert clean_text("Nguyễn Văn An") == unicodedata.normalize("NFC", "Nguyễn Văn An")


def test_clean_text_keeps_none_and_empties_blank():
    assert clean_text(None) is None
    assert clean_text("   ") == ""


@pytest.mark.parametrize("variant", [
    "THÔN ĐÔNG", "Thôn Đông", "thon dong", " thôn   đông ", unicodedata.normalize("NFD", "Thôn Đông"),
])
def test_fold_matches_village_names_whatever_their_case_accents_and_form(variant):
    assert fold(variant) == "thon dong"


def test_fold_turns_d_with_stroke_into_d():
    # đ has no Unicode decomposition: stripping combining marks alone would keep it.
    assert unicodedata.normalize("NFD", "đ") == "đ"
    assert fold("Đặng Đình Đạt") == "dang dinh dat"


def test_fold_lets_plain_query_find_accented_name():
    assert fold("nguyen van an") in fold("Hộ ông Nguyễn Văn An, xóm Mới")


@pytest.mark.parametrize("raw, expected", [
    ("0912345678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("091-234-5678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("+84912345678", "0912345678"),
    ("84912345678", "0912345678"),
    ("912345678", "0912345678"),      # the leading zero Excel dropped
    ("352345678", "0352345678"),
    ("02203123456", "02203123456"),   # landline
    ("+84 220 3123 456", "02203123456"),
])
def test_normalise_phone_gives_a_valid_ten_or_eleven_digit_number(raw, expected):
    assert normalise_phone(raw) == expected
    assert is_valid_phone(normalise_phone(raw))


@pytest.mark.parametrize("raw", [
    "12345", "0912-ABC-789", "+1 555 0100", "09123456789012", "0123456789", "0612345678",
    "212345678", "0212345678",
])
def test_invalid_phones_are_recognised(raw):
    assert not is_valid_phone(normalise_phone(raw))


def test_empty_phone_is_none():
    assert normalise_phone("  ") is None
    assert normalise_phone(None) is None
    assert not is_valid_phone(None)


def test_clean_text_drops_invisible_and_unstorable_characters():
    assert clean_text("An\x00h\u200b Ba\ud800") == "Anh Ba"


@pytest.mark.parametrize("raw", ["+84 0912 345 678", "０９１２３４５６７８"])
def test_odd_but_honest_phone_spellings_are_repaired(raw):
    assert normalise_phone(raw) == "0912345678"


def test_digits_of_other_scripts_are_not_valid_phone_digits():
    assert not is_valid_phone(normalise_phone("09१२३४५६७८"))


@pytest.mark.parametrize("mark", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
def test_clean_text_drops_bidirectional_controls(mark):
    # U+202E (right-to-left override) would show "Nguyễn Văn An" typed as "nA năV" etc.
    assert clean_text(f"Nguyễn{mark} Văn {mark}An") == "Nguyễn Văn An"
