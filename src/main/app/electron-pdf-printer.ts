/**
 * The desktop app's PDF printer (issue 19): the report page loaded in a hidden, sandboxed window and
 * printed by Electron's webContents.printToPDF, honouring the page's own @page size (print-pdf.ts adds
 * A4 or Letter), backgrounds on so colour bars and ramps print. Thin glue: what is printed, and how the
 * file is put in place, is the host's (src/main/host/report/print-pdf.ts).
 */
import { BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { PdfPrinter } from '../host/report/print-pdf.ts';

export const electronPdfPrinter: PdfPrinter = async (htmlPath, pdfPath) => {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    await win.loadURL(pathToFileURL(htmlPath).href);
    const data = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    await writeFile(pdfPath, data);
  } finally {
    win.destroy();
  }
};
