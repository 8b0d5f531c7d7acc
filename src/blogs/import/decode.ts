/**
 * Bytes to text for XML exports: the byte-order mark first, then the XML declaration's encoding,
 * else UTF-8. Decoding never fails: a stray bad byte becomes U+FFFD rather than stopping an import.
 */
export function sniffEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: "<?" as two-byte characters.
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return 'utf-16be';
  const ascii = Buffer.from(head.subarray(0, 300)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(ascii)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).encoding;
    } catch {
      // An encoding we do not know: UTF-8 is the best guess for a modern export.
    }
  }
  return 'utf-8';
}

/** XML 1.0 forbids these control characters, yet old exports carry them: they are dropped. */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Decodes a stream of byte chunks to text chunks, sniffing the encoding from the first chunk. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of chunks) {
    decoder ??= new TextDecoder(sniffEncoding(chunk), { fatal: false, ignoreBOM: false });
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text.replace(forbidden, '');
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield rest.replace(forbidden, '');
  }
}
