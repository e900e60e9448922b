"""An issued report as a Word document (python-docx), laid out as a commune's administrative
report: the issuing body and the national motto side by side, the number and the place and
date, the title, then the sections results / by village / by member / the desk and the sessions
/ difficulties / causes / solutions and proposals. Always in Vietnamese, with the numbers
written as officials write them (1.234 and 29,6%); every number is the frozen figures' own."""
import io
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from flask import current_app
from flask_babel import force_locale

from fieldapp.core.templating import day, number, percent
from fieldapp.core.vocabulary import BARRIERS
from fieldapp.plans.indicators import TARGETED
from fieldapp.plans.report_labels import (
    DESK,
    FIGURES,
    GROUP_COLUMNS,
    SESSION_KINDS,
    VILLAGE_COLUMNS,
    by_group,
    period_label,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
PACE = {None: "Chưa có số liệu", True: "Đạt tiến độ", False: "Chậm tiến độ"}


def shown(key, value):
    """A figure as the report writes it."""
    if value is None:
        return "—"
    return percent(value) if key.endswith(("_pct", "_rate")) else number(value)


def _paragraph(cell_or_doc, text, bold=False, italic=False, align=None, size=None):
    paragraph = cell_or_doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _table(doc, header, rows):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)
    return table


def _heading_block(doc, report, figures, issued_on):
    commune = figures["commune"]["name"]
    top = doc.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.text = right.text = ""
    left.paragraphs[0].add_run(f"ỦY BAN NHÂN DÂN\n{commune.upper()}").bold = True
    left.paragraphs[0].alignment = CENTER
    _paragraph(left, f"Số: {report.number}", align=CENTER)
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc").bold = True
    right.paragraphs[0].alignment = CENTER
    _paragraph(right, f"{commune}, ngày {issued_on:%d} tháng {issued_on:%m} năm {issued_on:%Y}",
               italic=True, align=CENTER)
    _paragraph(doc, "BÁO CÁO", bold=True, align=CENTER, size=14)
    _paragraph(doc, f"Kết quả phổ cập kỹ năng số cho người dân {period_label(report.kind, report.period)}",
               bold=True, align=CENTER)
    counted = f"(Số liệu từ ngày {day(report.date_from)} đến ngày {day(report.date_to)})"
    _paragraph(doc, counted, italic=True, align=CENTER)


def _results(doc, figures):
    doc.add_heading("I. KẾT QUẢ THỰC HIỆN", level=2)
    doc.add_heading("1. Kết quả so với chỉ tiêu", level=3)
    if figures["targets"]:
        _table(doc, ["Chỉ tiêu", "Phạm vi", "Chỉ tiêu giao", "Thời hạn", "Kết quả", "Đánh giá"], [
            [str(TARGETED.get(t["indicator"], t["indicator"])), t["village"] or "Toàn xã",
             shown(t["indicator"], t["value"]), day(t["due_on"]),
             shown(t["indicator"], t["actual"]),
             PACE[t["on_track"]]] for t in figures["targets"]])
    else:
        _paragraph(doc, "Chưa giao chỉ tiêu.")
    doc.add_heading("2. Kết quả chung", level=3)
    _table(doc, ["Chỉ số", "Kết quả"],
           [[str(label), shown(key, figures[key])] for key, label in FIGURES.items()])
    grouped = by_group(figures.get("groups"))
    if grouped:  # reports issued before the groups were counted have none
        doc.add_heading("3. Kết quả theo nhóm đối tượng", level=3)
        _table(doc, ["Nhóm", *(str(label) for label in GROUP_COLUMNS.values())],
               [[str(row["label"]), *(shown(key, row[key]) for key in GROUP_COLUMNS)] for row in grouped])
    part = 4 if grouped else 3
    doc.add_heading(f"{part}. Kết quả theo thôn", level=3)
    rows = [[village["name"], *(shown(key, village[key]) for key in VILLAGE_COLUMNS)]
            for village in figures["villages"]]
    rows.append(["Tổng", *(shown(key, figures[key]) for key in VILLAGE_COLUMNS)])
    _table(doc, ["Thôn", *(str(label) for label in VILLAGE_COLUMNS.values())], rows)
    doc.add_heading(f"{part + 1}. Kết quả theo thành viên tổ công nghệ số cộng đồng (xếp hạng thi đua)",
                    level=3)
    if figures["members"]:
        _table(doc, ["Hạng", "Họ và tên", "Số hộ đạt", "Lượt hướng dẫn", "Lượt đến hộ"],
               [[number(m["rank"]), m["name"], number(m["covered"]), number(m["visits"]), number(m["knocks"])]
                for m in figures["members"]])
    else:
        _paragraph(doc, "Chưa có thành viên nào đi hộ trong kỳ.")
    doc.add_heading(f"{part + 2}. Hỗ trợ tại Bộ phận Một cửa và các buổi tuyên truyền, tập huấn", level=3)
    _table(doc, ["Bộ phận Một cửa", "Số lượt"], [[str(label), number(figures["desk"][key])]
                                                 for key, label in DESK.items()])
    if figures["sessions_held"]:
        _paragraph(doc, "")
        _table(doc, ["Ngày", "Hình thức", "Địa điểm", "Thôn", "Số người tham dự"], [
            [day(s["held_on"]), str(SESSION_KINDS.get(s["kind"], s["kind"])), s["place"],
             s["village"] or "Toàn xã", number(s["attendance"])] for s in figures["sessions_held"]])


def _text_section(doc, title, text, empty):
    doc.add_heading(title, level=2)
    for paragraph in (text or empty).split("\n\n"):
        _paragraph(doc, paragraph)


def report_docx(report, issued_by_name):
    """The Word file of an issued report, as bytes."""
    figures = report.figures
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    issued_on = report.issued_at.astimezone(zone).date()
    with force_locale("vi"):
        doc = Document()
        normal = doc.styles["Normal"]
        normal.font.name, normal.font.size = "Times New Roman", Pt(13)
        for section in doc.sections:
            section.left_margin, section.right_margin = Cm(3), Cm(2)
        _heading_block(doc, report, figures, issued_on)
        _results(doc, figures)
        doc.add_heading("II. KHÓ KHĂN, VƯỚNG MẮC", level=2)
        blocked = [(str(label), figures["barriers"]["total"].get(key, 0)) for key, label in BARRIERS.items()]
        _table(doc, ["Khó khăn của hộ chưa đạt (đến ngày ban hành)", "Số hộ"],
               [[label, number(count)] for label, count in blocked if count])
        for paragraph in (report.difficulties or "").split("\n\n"):
            if paragraph:
                _paragraph(doc, paragraph)
        _text_section(doc, "III. NGUYÊN NHÂN", report.causes, "Không có.")
        _text_section(doc, "IV. GIẢI PHÁP, ĐỀ XUẤT, KIẾN NGHỊ", report.proposals, "Không có.")
        signature = doc.add_table(rows=1, cols=2)
        signature.rows[0].cells[0].text = "Nơi nhận:\n- UBND cấp trên;\n- Lưu: VT."
        right = signature.rows[0].cells[1]
        right.text = ""
        right.paragraphs[0].add_run("NGƯỜI LẬP BÁO CÁO").bold = True
        right.paragraphs[0].alignment = CENTER
        _paragraph(right, issued_by_name or "", align=CENTER)
    data = io.BytesIO()
    doc.save(data)
    return data.getvalue()
