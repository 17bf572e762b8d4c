"""Bank statement PDFs for the statement-upload tests, written with reportlab (pinned in requirements.txt).

`statement(...)` lays out a one-page US checking statement the way core-banking report engines do: the bank's name
and return address top left, the account number, statement period and page number top right, the holder's
window-envelope block (names, street, "CITY, ST ZIP") under it on the left, an account summary and a transaction
table. The PDF's document information says what a bank's generator would say: a Creator naming the statement
system, reportlab as Producer, and CreationDate = ModDate a few days after the period closed. Optionally the file
is encrypted with an owner password only (opens without a password, editing not permitted), as many banks do,
or with a user password too (which an upload must refuse).

The tampered variants change what a forger's tool would change:
  * `producer=` / `creator=`: a file last written by an image or PDF editor ("Adobe Photoshop");
  * `annotation=`: a free-text annotation printed over the ending balance;
  * `overlay=`: the ending balance covered with a white box and another amount drawn on top;
  * `append_incremental_edit(pdf, old, new)`: an incremental update (a second xref section with /Prev) that
    replaces the page's content stream with one where `old` reads `new`, and bumps ModDate, as editors that
    "save" in place do.
Everything is built in memory; nothing is written to disk.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

BANK_NAME = "HARBOR POINT COMMUNITY BANK"
BANK_RETURN_ADDRESS = ("PO BOX 4000", "BOSTON, MA 02110")
GENERATOR = "Harbor Point Core Banking Statements 9.1"


@dataclass(frozen=True)
class Transaction:
    day: date
    description: str
    amount: float  # negative = withdrawal


@dataclass(frozen=True)
class Statement:
    """What is printed on the statement."""

    names: tuple[str, ...] = ("JANE Q DOE",)
    street: str = "1234 GRAND AVE"
    city_line: str = "OAKLAND, CA 94103"
    account_number: str = "1111222233335555"  # printed as is: full, or masked like "****5555"
    period: tuple[date, date] = (date(2026, 1, 1), date(2026, 1, 31))
    opening_balance: float = 3402.17
    transactions: tuple[Transaction, ...] = field(default_factory=lambda: (
        Transaction(date(2026, 1, 2), "PAYROLL DEPOSIT ACME CORP", 2560.00),
        Transaction(date(2026, 1, 5), "DEBIT CARD PURCHASE GROCERY OUTLET", -84.17),
        Transaction(date(2026, 1, 9), "ONLINE TRANSFER TO SAVINGS", -500.00),
        Transaction(date(2026, 1, 14), "CHECK 1042", -1250.00),
        Transaction(date(2026, 1, 16), "PAYROLL DEPOSIT ACME CORP", 2560.00),
        Transaction(date(2026, 1, 22), "PG&E UTILITY PAYMENT", -96.40),
        Transaction(date(2026, 1, 28), "ATM WITHDRAWAL 1ST ST", -200.00),
    ))

    @property
    def closing_balance(self) -> float:
        return round(self.opening_balance + sum(t.amount for t in self.transactions), 2)


def money(amount: float) -> str:
    return f"{amount:,.2f}" if amount >= 0 else f"-{-amount:,.2f}"


def statement(printed: Statement = Statement(), *, created: datetime | None = None, producer: str | None = None,
              creator: str = GENERATOR, owner_password: str | None = None, user_password: str | None = None,
              annotation: str | None = None, overlay: str | None = None) -> bytes:
    """The statement as PDF bytes. `created` (CreationDate = ModDate) defaults to 09:15 UTC three days after the
    period ends; `producer` to reportlab's own; `owner_password` encrypts the file with only printing allowed, and
    with an empty user password unless `user_password` is given (so it opens without a password, as banks'
    statements often do); `annotation` / `overlay` print that text over the ending balance (see the module docs)."""
    created = created or datetime.combine(printed.period[1] + timedelta(days=3), datetime.min.time(),
                                          timezone.utc).replace(hour=9, minute=15)
    buffer = io.BytesIO()
    # invariant: no run-dependent timestamp or ID; pageCompression 0: the content stream stays readable, so an
    # incremental edit can replace text in it.
    encrypt = None if owner_password is None and user_password is None else StandardEncryption(
        user_password or "", ownerPassword=owner_password, canPrint=1, canModify=0, canCopy=0, canAnnotate=0)
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1, pageCompression=0, encrypt=encrypt)
    # reportlab writes this one moment as both CreationDate and ModDate.
    c.setDateFormatter(lambda *_: pdf_date(created))
    c.setCreator(creator)
    if producer is not None:
        c.setProducer(producer)
    c.setTitle(f"Statement {printed.period[1]:%Y-%m}")
    c.setAuthor(BANK_NAME)

    c.setFont("Helvetica-Bold", 15)
    c.drawString(50, 740, BANK_NAME)
    c.setFont("Helvetica", 8)
    for i, line in enumerate(BANK_RETURN_ADDRESS):
        c.drawString(50, 727 - 10 * i, line)
    c.setFont("Helvetica", 9)
    c.drawString(360, 740, f"Account Number: {printed.account_number}")
    start, end = printed.period
    c.drawString(360, 727, f"Statement Period: {start:%m/%d/%Y} - {end:%m/%d/%Y}")
    c.drawString(360, 714, "Page 1 of 1")

    c.setFont("Helvetica", 10)
    for i, line in enumerate((*printed.names, printed.street, printed.city_line)):
        c.drawString(72, 650 - 12 * i, line)

    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, 570, "Account Summary")
    c.setFont("Helvetica", 9)
    deposits = sum(t.amount for t in printed.transactions if t.amount > 0)
    withdrawals = sum(t.amount for t in printed.transactions if t.amount < 0)
    summary = [("Beginning balance", printed.opening_balance), ("Deposits and credits", deposits),
               ("Withdrawals and debits", withdrawals), ("Ending balance", printed.closing_balance)]
    for i, (label, amount) in enumerate(summary):
        c.drawString(72, 552 - 13 * i, label)
        c.drawRightString(540, 552 - 13 * i, money(amount))
    ending_y = 552 - 13 * (len(summary) - 1)

    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, 480, "Transaction Details")
    c.setFont("Helvetica-Bold", 9)
    y = 462
    for x, heading in ((72, "Date"), (130, "Description")):
        c.drawString(x, y, heading)
    c.drawRightString(450, y, "Amount")
    c.drawRightString(540, y, "Balance")
    c.setFont("Helvetica", 9)
    balance = printed.opening_balance
    for row, transaction in enumerate(printed.transactions):
        y -= 15
        if row % 2 == 0:
            c.setFillGray(0.93)
            c.rect(64, y - 4, 484, 14, stroke=0, fill=1)
            c.setFillGray(0)
        balance = round(balance + transaction.amount, 2)
        c.drawString(72, y, f"{transaction.day:%m/%d}")
        c.drawString(130, y, transaction.description)
        c.drawRightString(450, y, money(transaction.amount))
        c.drawRightString(540, y, money(balance))

    c.setFont("Helvetica", 7)
    c.drawString(50, 60, "Questions? Call 1-800-555-0100 or write to us at the address above. Member FDIC.")

    if overlay is not None:
        c.setFillGray(1)
        c.rect(470, ending_y - 3, 74, 12, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont("Helvetica", 9)
        c.drawRightString(540, ending_y, overlay)
    if annotation is not None:
        # DA is written as given, so it must already be a PDF string literal.
        c.freeTextAnnotation(annotation, "(/Helv 9 Tf 0 g)", Rect=(470, ending_y - 3, 545, ending_y + 10))
    c.showPage()
    c.save()
    return buffer.getvalue()


def pdf_date(moment: datetime) -> str:
    """A PDF date, `D:YYYYMMDDHHmmSS+00'00'`, in UTC."""
    return moment.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


_OBJECT = re.compile(rb"(\d+) 0 obj\b")


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Object number -> its body (between `N 0 obj` and `endobj`) in the original, uncompressed file."""
    found = {}
    for match in _OBJECT.finditer(pdf):
        end = pdf.index(b"endobj", match.end())
        found[int(match.group(1))] = pdf[match.end():end]
    return found


def append_incremental_edit(pdf: bytes, old: str, new: str, *, modified: datetime) -> bytes:
    """Append an incremental update that rewrites page 1's content stream with every `old` replaced by `new` and sets
    a new ModDate, keeping the original bytes in front (what "Save" in a PDF editor does)."""
    objects = _objects(pdf)
    page_number = next(n for n, body in objects.items() if re.search(rb"/Type /Page\b", body))
    contents = int(re.search(rb"/Contents (\d+) 0 R", objects[page_number]).group(1))
    info_number = int(re.search(rb"/Info (\d+) 0 R", pdf).group(1))
    root_number = int(re.search(rb"/Root (\d+) 0 R", pdf).group(1))
    size = int(re.search(rb"/Size (\d+)", pdf).group(1))
    file_id = re.search(rb"/ID\s*(\[[^\]]*\])", pdf)
    previous_xref = int(pdf.rstrip().rsplit(b"startxref", 1)[1].split(b"%%EOF")[0].strip())

    stream = re.search(rb"stream\r?\n(.*?)\r?\nendstream", objects[contents], re.S).group(1)
    old_text, new_text = f"({old})".encode(), f"({new})".encode()
    if old_text not in stream:
        raise AssertionError(f"{old!r} is not drawn on page 1")
    edited = stream.replace(old_text, new_text)
    if b"/Encrypt" in pdf:
        raise ValueError("only unencrypted statements can be edited here")
    info = re.sub(rb"/ModDate \(D:[^)]*\)", b"/ModDate (%s)" % pdf_date(modified).encode("ascii"),
                  objects[info_number])

    update = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    offsets[contents] = len(update)
    update += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (contents, len(edited), edited)
    offsets[info_number] = len(update)
    update += b"%d 0 obj%sendobj\n" % (info_number, info)
    xref = len(update)
    update += b"xref\n"
    for number in sorted(offsets):
        update += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    update += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d%s >>\nstartxref\n%d\n%%%%EOF\n"
               % (size, root_number, info_number, previous_xref,
                  b" /ID " + file_id.group(1) if file_id else b"", xref))
    return bytes(update)
