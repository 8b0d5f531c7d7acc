import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeXmlChunks } from './decode.ts';

/** The bytes in chunks of `size`, so multi-byte characters land split between chunks. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function decodeAll(bytes: Uint8Array, size = 3): Promise<string> {
  let text = '';
  for await (const part of decodeXmlChunks(chunked(bytes, size))) text += part;
  return text;
}

describe('decoding an XML document as it streams', () => {
  const xml = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?><rss><title>Café – “quoted”</title></rss>`;

  it('goes by the XML declaration, else UTF-8', async () => {
    expect(await decodeAll(iconv.encode(xml('windows-1252'), 'windows-1252'))).toBe(xml('windows-1252'));
    expect(await decodeAll(Buffer.from(xml('UTF-8')))).toBe(xml('UTF-8'));
    expect(await decodeAll(Buffer.from('<rss><title>Café</title></rss>'))).toBe('<rss><title>Café</title></rss>');
  });

  it('reads wide encodings by their byte-order mark or their pattern, whatever the declaration says', async () => {
    expect(await decodeAll(iconv.encode(xml('UTF-16'), 'utf-16le', { addBOM: true }))).toBe(xml('UTF-16'));
    expect(await decodeAll(iconv.encode(xml('UTF-16'), 'utf-16be'))).toBe(xml('UTF-16'));
    expect(await decodeAll(iconv.encode(xml('UTF-32'), 'utf-32le', { addBOM: true }), 5)).toBe(xml('UTF-32'));
  });

  it('drops characters XML forbids and never fails on a bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('<rss>a\u0007b'), Buffer.from([0xff]), Buffer.from('c</rss>')]);
    expect(await decodeAll(bytes)).toBe('<rss>ab\uFFFDc</rss>');
  });
});
