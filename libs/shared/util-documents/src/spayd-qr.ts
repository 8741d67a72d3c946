import { create, toString } from 'qrcode';

/**
 * QR code of a SPAYD string. Error correction level M, as the Czech Banking Association recommends for QR
 * Platba. Both helpers work in the browser and in Node (no file or stream APIs).
 */
export async function spaydQrSvg(spayd: string): Promise<string> {
  return toString(spayd, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
}

/** The QR modules as rows of booleans (true = dark), so a PDF can draw the code as vector squares. */
export function spaydQrModules(spayd: string): boolean[][] {
  const qr = create(spayd, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const rows: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const cells: boolean[] = [];
    for (let column = 0; column < size; column++) cells.push(qr.modules.get(row, column) === 1);
    rows.push(cells);
  }
  return rows;
}
