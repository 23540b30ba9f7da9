/** One worksheet per table: its heading, a blank row, the header row in bold, the rows; A4 landscape. */
export interface SheetTable {
  sheet: string;
  heading: string;
  columns: string[];
  widths: number[];
  rows: (string | number | null)[][];
}

export async function tablesToXlsx(tables: readonly SheetTable[], subtitle: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { pageSetup: { orientation: 'landscape', paperSize: 9 } });
    ws.addRow([`${t.heading} — ${subtitle}`]).font = { bold: true, size: 13 };
    ws.addRow([]);
    ws.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    t.widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.max(8, Math.round(w * 0.9))));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
