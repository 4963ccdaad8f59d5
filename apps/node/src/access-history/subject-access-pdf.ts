import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AccessEvent } from './access-events';
import type { SubjectAccessExport } from './subject-access-export.service';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 9;
const LINE = 12;

/**
 * The export as a PDF (pdf-lib, standard Helvetica): the record field by field, then every access, one
 * paragraph each. The same content as the JSON export; the PDF's subject names the child's record id.
 */
export async function subjectAccessPdf(data: SubjectAccessExport): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Subject access export: record ${data.accessHistory.childId}`);
  pdf.setSubject(`ContactPoint ${data.la.name} (${data.la.code}), record ${data.accessHistory.childId}`);
  pdf.setAuthor(`ContactPoint ${data.la.name}`);
  pdf.setCreationDate(new Date(data.exportedAt));
  const writer = new Writer(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  writer.heading('Subject access export', 16);
  writer.paragraph(`ContactPoint, ${data.la.name} (${data.la.code})`);
  writer.paragraph(`Record ${data.accessHistory.childId}, exported ${data.exportedAt}`);
  writer.paragraph(
    `This export is audit entry ${data.export.auditSequence} (correlation id ${data.export.correlationId}).`,
  );
  writer.heading('The record', 13);
  for (const [path, value] of flatten(data.record)) writer.paragraph(`${path}: ${value}`);
  const entries = data.accessHistory.entries;
  writer.heading(`Who has accessed the record (${entries.length} entries)`, 13);
  if (data.accessHistory.truncated) writer.paragraph('Only the oldest entries are listed: ask for the rest.');
  for (const entry of entries) writer.paragraph(accessLine(entry), 4);
  return Buffer.from(await pdf.save());
}

export function accessLine(entry: AccessEvent): string {
  const user = entry.user;
  const who = [user.name ?? `user ${user.id}`, user.organisation, `LA ${user.laCode}`, user.role].filter(
    (part) => part !== null,
  );
  return [
    `#${entry.sequence} ${entry.occurredAt}`,
    `${entry.kind} (${entry.action}, ${entry.outcome})`,
    `by ${who.join(', ')}`,
    `reason: ${entry.reason ?? 'none given'}`,
    `correlation id ${entry.correlationId}`,
  ].join(' - ');
}

/** Every leaf of the record as "path: value", in the record's own order. */
export function flatten(value: unknown, path = ''): [string, string][] {
  if (value === null || value === undefined) return path ? [[path, 'none']] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [[path, 'none']];
    return value.flatMap((item, index) => flatten(item, `${path}[${index + 1}]`));
  }
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => flatten(item, path ? `${path}.${key}` : key));
  return [[path, typeof value === 'string' ? value : JSON.stringify(value)]];
}

/** Text the standard fonts can draw (WinAnsi): accents kept where WinAnsi has them, others as "?". */
export function printable(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return char;
      if (code === 0x2019 || code === 0x2018) return "'";
      if (code === 0x2013 || code === 0x2014) return '-';
      const plain = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      return /^[\x20-\x7e]$/.test(plain) ? plain : '?';
    })
    .join('');
}

class Writer {
  private page: PDFPage;
  private y = 0;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }

  heading(text: string, size: number): void {
    this.space(size + 12);
    this.y -= 6;
    this.page.drawText(printable(text), { x: MARGIN, y: this.y - size, size, font: this.bold });
    this.y -= size + 8;
  }

  paragraph(text: string, after = 0): void {
    for (const line of this.wrap(printable(text))) {
      this.space(LINE);
      this.page.drawText(line, { x: MARGIN, y: this.y - SIZE, size: SIZE, font: this.font });
      this.y -= LINE;
    }
    this.y -= after;
  }

  private wrap(text: string): string[] {
    const width = A4[0] - 2 * MARGIN;
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.font.widthOfTextAtSize(candidate, SIZE) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    // A single word wider than the page (a long id) is cut into pieces that fit.
    return lines.flatMap((each) => this.cut(each, width));
  }

  private cut(line: string, width: number): string[] {
    if (this.font.widthOfTextAtSize(line, SIZE) <= width) return [line];
    let end = line.length;
    while (end > 1 && this.font.widthOfTextAtSize(line.slice(0, end), SIZE) > width) end -= 1;
    return [line.slice(0, end), ...this.cut(line.slice(end), width)];
  }

  private space(needed: number): void {
    if (this.y - needed < MARGIN) this.page = this.newPage();
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
    return page;
  }
}
