"""The province's portal in a card's text (fieldapp/guides/local.py): its name and address when
known, the generic words otherwise, never the placeholder itself."""
import pytest

from fieldapp.guides.local import GENERIC_PORTAL, Portal, fill, province_portal

TEXT = "Mở {portal} trên trình duyệt."


@pytest.mark.parametrize(("portal", "read"), [
    (None, "Mở Cổng dịch vụ công của tỉnh trên trình duyệt."),
    (Portal("Cổng Dịch vụ công tỉnh Thử Nghiệm", "https://dichvucong.thunghiem.gov.vn"),
     "Mở Cổng Dịch vụ công tỉnh Thử Nghiệm (https://dichvucong.thunghiem.gov.vn) trên trình duyệt."),
    (Portal("Cổng Dịch vụ công tỉnh Thử Nghiệm"), "Mở Cổng Dịch vụ công tỉnh Thử Nghiệm trên trình duyệt."),
])
def test_the_placeholder_reads_as_the_portal_or_the_generic_words(portal, read):
    assert fill(TEXT, portal) == read


def test_a_text_without_the_placeholder_is_unchanged():
    assert fill("Không đưa mã OTP cho ai.", Portal("X", "https://x.gov.vn")) == "Không đưa mã OTP cho ai."
    assert GENERIC_PORTAL == "Cổng dịch vụ công của tỉnh"


def test_no_commune_has_no_portal():
    assert province_portal(None) is None
