/** Byte sources for the readers, which take an AsyncIterable<Uint8Array> so the library stays free of Node I/O. */
export async function* bytesFrom(bytes: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
  }
}

export function bytesFromText(text: string, chunkSize?: number): AsyncGenerator<Uint8Array> {
  return bytesFrom(new TextEncoder().encode(text), chunkSize);
}

/** Encodes text chunks (e.g. from the writer) as UTF-8 bytes, to feed a reader or a file. */
export async function* encodeText(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of chunks) yield encoder.encode(chunk);
}
