import { toBuffer } from 'qrcode';

/** PNG bytes of the QR payment code (Node only: qrcode renders PNG through Node streams). */
export async function spaydQrPng(
  spayd: string,
  options: { readonly widthPx?: number } = {},
): Promise<Uint8Array> {
  const png = await toBuffer(spayd, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: options.widthPx ?? 300,
  });
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
