"""An issued report's Word file (GET /reports/<id>.docx) and the office's pages to issue and
print one: the same frozen numbers everywhere, in Vietnamese as officials write them."""
import io
import re

from docx import Document

from fieldapp.extensions import db
from fieldapp.plans.models import IssuedReport
from fieldapp.plans.report_labels import FIGURES, VILLAGE_COLUMNS
from tests.plans.reporting import desk, issue, work

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def value(text):
    """A number as the report writes it in Vietnamese ("1.234", "66,7%") read back."""
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1].replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


def word(device, report_id):
    response = device.client.get(f"/reports/{report_id}.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    return Document(io.BytesIO(response.get_data()))


def table(document, first_heading):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_heading)


def test_the_word_file_carries_the_issued_numbers(team, march):
    body = issue(march).get_json()
    figures = body["figures"]
    document = word(march, body["id"])
    overall = table(document, "Chỉ số")
    assert [value(row.cells[1].text) for row in overall.rows[1:]] == [figures[key] for key in FIGURES]
    villages = table(document, "Thôn")
    by_name = {row.cells[0].text: [value(cell.text) for cell in row.cells[1:]] for row in villages.rows[1:]}
    for village in figures["villages"]:
        assert by_name[village["name"]] == [village[key] for key in VILLAGE_COLUMNS]
    assert by_name["Tổng"] == [figures[key] for key in VILLAGE_COLUMNS]
    members = table(document, "Hạng")
    ranked = [(row.cells[1].text, value(row.cells[2].text), value(row.cells[3].text))
              for row in members.rows[1:]]
    assert ranked == [(m["name"], m["covered"], m["visits"]) for m in figures["members"]]
    desk_table = table(document, "Bộ phận Một cửa")
    assert [value(row.cells[1].text) for row in desk_table.rows[1:]] == list(figures["desk"].values())


def test_the_word_file_reads_as_an_administrative_report(team, march):
    body = issue(march).get_json()
    document = word(march, body["id"])
    heading = document.tables[0].rows[0].cells
    assert f"Số: {body['number']}" in heading[0].text and team["commune"].name.upper() in heading[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1].text
    assert re.search(r"ngày \d{2} tháng \d{2} năm \d{4}", heading[1].text)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for line in ("BÁO CÁO", "tháng 03/2026", "(Số liệu từ ngày 01/03/2026 đến ngày 31/03/2026)",
                 "I. KẾT QUẢ THỰC HIỆN", "II. KHÓ KHĂN, VƯỚNG MẮC", "III. NGUYÊN NHÂN",
                 "IV. GIẢI PHÁP, ĐỀ XUẤT, KIẾN NGHỊ", "Người cao tuổi ngại dùng.", "Thôn xa, sóng yếu.",
                 "Đề nghị hỗ trợ 20 điện thoại."):
        assert line in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert value(table(document, "Khó khăn của hộ chưa đạt (đến ngày ban hành)").rows[1].cells[1].text) == 1


def test_the_word_file_stays_as_issued_after_later_work(team, march, phone):
    body = issue(march).get_json()
    before = [row.cells[1].text for row in table(word(march, body["id"]), "Chỉ số").rows]
    work(phone("lan"), team["t01"], 9)
    desk(march, helped_at="2026-03-12T09:00:00+07:00")
    assert [row.cells[1].text for row in table(word(march, body["id"]), "Chỉ số").rows] == before


def test_another_communes_word_file_is_404(team, march, phone):
    body = issue(march).get_json()
    assert phone("stranger").client.get(f"/reports/{body['id']}.docx").status_code == 404
    assert phone("leader").client.get(f"/reports/{body['id']}.docx").status_code == 403


def test_the_page_shows_a_periods_figures_before_issuing(client, office, march):
    page = client.get("/office/reports?period=2026-03").get_data(as_text=True)
    assert "Số liệu tháng 03/2026" in page and "Số liệu từ ngày 01/03/2026 đến ngày 31/03/2026." in page
    assert '<td data-key="households">3</td>' in page and '<td data-key="covered_pct">66,7%</td>' in page
    assert 'name="period" value="2026-03"' in page and "Ban hành báo cáo" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedReport)) == 0


def test_issuing_on_the_page_leads_to_the_printable_report(client, office, march):
    page = office("/office/reports", period="2026-Q1", difficulties="Sóng yếu.\nMất điện.", causes="",
                  proposals="Xin thêm máy.")
    text = page.get_data(as_text=True)
    report = db.session.scalars(db.select(IssuedReport)).one()
    assert report.kind == "quarter" and report.difficulties == "Sóng yếu.\nMất điện."
    assert f"Đã ban hành báo cáo số {report.number}" in text
    assert "Báo cáo kết quả phổ cập kỹ năng số cho người dân quý I/2026" in text
    assert "Sóng yếu.<br>Mất điện." in text and "Xin thêm máy." in text
    assert f'href="/reports/{report.id}.docx"' in text
    listed = client.get("/office/reports").get_data(as_text=True)
    assert f"Số: {report.number}" in listed


def test_the_page_refuses_what_the_api_refuses(client, office, march):
    page = office("/office/reports", period="2026-03", difficulties="CCCD 001099012345", causes="",
                  proposals="")
    assert page.status_code == 200 and 'class="flash flash-error"' in page.get_data(as_text=True)
    page = client.get("/office/reports?period=2026-13").get_data(as_text=True)
    assert "Tháng ghi từ 01 đến 12." in page and 'id="issue-report"' not in page
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedReport)) == 0


def test_another_communes_report_page_is_404(client, office, team, phone):
    body = issue(phone("stranger")).get_json()
    assert client.get(f"/office/reports/{body['id']}").status_code == 404
