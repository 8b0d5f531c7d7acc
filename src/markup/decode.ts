import type chardetModule from 'chardet';
import type iconvModule from 'iconv-lite';
import { lazy } from '../lazy.ts';

const chardet = lazy<typeof chardetModule>('chardet');
const iconv = lazy<typeof iconvModule>('iconv-lite');

/**
 * Bytes from elsewhere (feeds, pages, uploaded exports) to text. No feed parser decodes bytes, and
 * `fetch().text()` assumes UTF-8, so we decide in the order that proved right on real feeds:
 * byte-order mark, HTTP charset, the UTF-16/32 pattern of `<?xml`, the XML declaration (or an HTML
 * meta charset), valid UTF-8, then a detector, then windows-1252. A stream, whose whole text is not
 * at hand, goes by its first bytes only (`decodeXmlChunks`).
 */

export interface Decoded {
  readonly text: string;
  /** The encoding used, by its WHATWG or iconv name. */
  readonly encoding: string;
  /** How it was chosen: for tests and diagnostics. */
  readonly by: 'bom' | 'http' | 'pattern' | 'declaration' | 'utf-8' | 'detector' | 'fallback';
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'utf-32le', length: 4 };
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'utf-32be', length: 4 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** The byte pattern of `<?` in the wide encodings, when there is no BOM (XML 1.0 appendix F). */
function patternEncoding(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x3c])) return 'utf-32be';
  if (startsWith(bytes, [0x3c, 0x00, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) return 'utf-16be';
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00])) return 'utf-16le';
  return undefined;
}

const asciiHead = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 1024)).toString('latin1');

/** `encoding="…"` of an XML declaration, read as ASCII from the start. */
function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(asciiHead(bytes))?.[1];
}

/** The XML declaration's encoding, or an HTML `<meta charset>`. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  return xmlDeclaredEncoding(bytes) ?? /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(asciiHead(bytes))?.[1];
}

/** The `charset` parameter of a Content-Type header. */
export function httpCharset(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

/** Decodes with TextDecoder where it knows the label, iconv-lite otherwise; undefined if neither does. */
function decodeAs(bytes: Uint8Array, label: string): { text: string; encoding: string } | undefined {
  const name = label.trim().toLowerCase();
  let decoder: TextDecoder | undefined;
  try {
    decoder = new TextDecoder(name);
  } catch {
    // An unknown label to TextDecoder (UTF-32, some legacy sets): iconv-lite may know it.
  }
  if (decoder) return { text: decoder.decode(bytes), encoding: decoder.encoding };
  if (iconv().encodingExists(name)) return { text: iconv().decode(Buffer.from(bytes), name), encoding: name };
  return undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const isWide = (encoding: string) => /^utf-(16|32)/i.test(encoding);

export function decodeBytes(input: Uint8Array, contentType?: string | null): Decoded {
  const bom = bomEncoding(input);
  if (bom) {
    const decoded = decodeAs(input.subarray(bom.length), bom.encoding);
    if (decoded) return { ...decoded, by: 'bom' };
  }
  const fromHttp = httpCharset(contentType);
  const pattern = patternEncoding(input);
  if (fromHttp && !(isWide(fromHttp) && !pattern)) {
    const decoded = decodeAs(input, fromHttp);
    if (decoded) return { ...decoded, by: 'http' };
  }
  if (pattern) {
    const decoded = decodeAs(input, pattern);
    if (decoded) return { ...decoded, by: 'pattern' };
  }
  const declared = declaredEncoding(input);
  // A declaration of UTF-16/32 in bytes we could read as ASCII is wrong: fall through to sniffing.
  if (declared && !isWide(declared)) {
    const decoded = decodeAs(input, declared);
    if (decoded) return { ...decoded, by: 'declaration' };
  }
  if (isValidUtf8(input)) return { text: new TextDecoder('utf-8').decode(input), encoding: 'utf-8', by: 'utf-8' };
  const guess = chardet().detect(input);
  if (guess && !/^utf-8$/i.test(guess)) {
    const decoded = decodeAs(input, guess);
    if (decoded) return { ...decoded, by: 'detector' };
  }
  return { text: new TextDecoder('windows-1252').decode(input), encoding: 'windows-1252', by: 'fallback' };
}

/** XML 1.0 forbids these control characters, yet old exports carry them: they are dropped. */
const forbiddenInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A streaming decoder for `label`: TextDecoder where it knows it, iconv-lite otherwise, else UTF-8. */
function streamDecoder(label: string): { write(chunk: Uint8Array): string; end(): string } {
  try {
    const decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false });
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  } catch {
    // An unknown label to TextDecoder (UTF-32, some legacy sets).
  }
  if (iconv().encodingExists(label)) {
    const decoder = iconv().getDecoder(label);
    return { write: (chunk) => decoder.write(Buffer.from(chunk)), end: () => decoder.end() ?? '' };
  }
  return streamDecoder('utf-8');
}

/** What the first bytes of an XML document say: byte-order mark, `<?` pattern, declaration, else UTF-8. */
function xmlEncodingOf(head: Uint8Array): string {
  const declared = xmlDeclaredEncoding(head);
  return bomEncoding(head)?.encoding ?? patternEncoding(head) ?? (declared && !isWide(declared) ? declared.toLowerCase() : 'utf-8');
}

/**
 * Decodes an XML document arriving in chunks, by what its first kilobyte says (see xmlEncodingOf).
 * Never fails: a stray bad byte becomes U+FFFD, and characters XML forbids are dropped, rather than
 * stopping an import.
 */
export async function* decodeXmlChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: ReturnType<typeof streamDecoder> | undefined;
  for await (const chunk of firstBytesTogether(chunks, 1024)) {
    decoder ??= streamDecoder(xmlEncodingOf(chunk));
    const text = decoder.write(chunk);
    if (text) yield text.replace(forbiddenInXml, '');
  }
  const rest = decoder?.end();
  if (rest) yield rest.replace(forbiddenInXml, '');
}

/** The same bytes, the first `size` of them (or all, if fewer) in one chunk. */
async function* firstBytesTogether(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let head: Uint8Array[] | undefined = [];
  let headBytes = 0;
  for await (const chunk of chunks) {
    if (!head) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= size) {
      yield Buffer.concat(head);
      head = undefined;
    }
  }
  if (head?.length) yield Buffer.concat(head);
}
