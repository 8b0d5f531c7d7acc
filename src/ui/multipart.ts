import fs from 'node:fs';
import { once } from 'node:events';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { readForm } from './forms.ts';

/**
 * A streaming reader of `multipart/form-data` bodies (RFC 7578): parts come one at a time and a
 * file part's bytes flow through without the whole body ever sitting in memory. Node's own
 * `Request.formData()` reads the whole body first (measured: RSS grew by the file's size), hence this.
 */
export interface MultipartPart {
  readonly name: string;
  /** Set for file inputs (possibly empty when none was chosen). */
  readonly filename: string | undefined;
  readonly contentType: string;
  /** The part's bytes; read it before asking for the next part (what is left is skipped). */
  readonly body: AsyncIterable<Buffer>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PREAMBLE_BYTES = 64 * 1024;

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function param(header: string, name: string): string | undefined {
  const m =
    new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
    new RegExp(`(?:^|;)\\s*${name}=([^;\\s]*)`, 'i').exec(header);
  return m?.[1]?.replace(/\\(.)/g, '$1');
}

/** Reads the parts of a multipart body in order. Malformed bodies end in a 400 AppError. */
export async function* readMultipart(stream: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const reader = stream.getReader();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A CRLF in front lets the first delimiter be found like every other one.
  let buf: Buffer = Buffer.from(CRLF);
  let ended = false;
  const malformed = (why: string) => new AppError('bad_input', `The upload could not be read: ${why}.`);

  async function fill(): Promise<boolean> {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return true;
  }

  async function* partBody(): AsyncGenerator<Buffer> {
    const keep = delimiter.length - 1;
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield buf.subarray(0, at);
        buf = buf.subarray(at + delimiter.length);
        return;
      }
      if (buf.length > keep) {
        const out = buf.subarray(0, buf.length - keep);
        buf = buf.subarray(buf.length - keep);
        yield out;
      }
      if (!(await fill())) throw malformed('it ended in the middle of a part');
    }
  }

  try {
    // The preamble, up to the first delimiter.
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        buf = buf.subarray(at + delimiter.length);
        break;
      }
      if (buf.length > MAX_PREAMBLE_BYTES) throw malformed('no part boundary was found');
      if (!(await fill())) throw malformed('no part boundary was found');
    }
    for (;;) {
      while (buf.length < 2) if (!(await fill())) throw malformed('it ended after a boundary');
      if (buf[0] === 0x2d && buf[1] === 0x2d) return; // "--": the closing delimiter
      let headerEnd: number;
      for (;;) {
        const lineEnd = buf.indexOf(CRLF);
        headerEnd = lineEnd >= 0 ? buf.indexOf(HEADER_END, lineEnd) : -1;
        if (headerEnd >= 0) break;
        if (buf.length > MAX_HEADER_BYTES) throw malformed('a part’s headers are too long');
        if (!(await fill())) throw malformed('it ended in a part’s headers');
      }
      const lineEnd = buf.indexOf(CRLF);
      const headerText = buf.subarray(Math.min(lineEnd + 2, headerEnd), headerEnd).toString('utf8');
      buf = buf.subarray(headerEnd + HEADER_END.length);
      const headers = new Map<string, string>();
      for (const line of headerText.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const disposition = headers.get('content-disposition') ?? '';
      const body = partBody();
      yield {
        name: param(disposition, 'name') ?? '',
        filename: param(disposition, 'filename'),
        contentType: headers.get('content-type') ?? 'text/plain',
        body,
      };
      // Whatever the reader left of this part is skipped.
      for await (const _ of body) void _;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Collects a part's bytes, refusing more than `max`. */
export async function partToBuffer(part: MultipartPart, max: number, tooBig: () => AppError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    size += chunk.length;
    if (size > max) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Writes a part's bytes to a file as they arrive (with back-pressure); returns the byte count. */
export async function partToFile(part: MultipartPart, file: string, max: number, tooBig: () => AppError): Promise<number> {
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  let size = 0;
  try {
    for await (const chunk of part.body) {
      size += chunk.length;
      if (size > max) throw tooBig();
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return size;
}

export interface UploadedFile {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/**
 * The text fields and (small) files of a form, multipart or urlencoded. Files are held in memory up
 * to `maxFileBytes` each (images); bigger ones are refused with 413 naming the field.
 */
export async function readUploadForm(
  c: Context,
  options: { maxFileBytes: number; tooBig: (field: string) => AppError },
): Promise<{ fields: Record<string, string>; files: Map<string, UploadedFile>; fileErrors: Record<string, string> }> {
  const boundary = boundaryOf(c.req.header('content-type'));
  const files = new Map<string, UploadedFile>();
  const fileErrors: Record<string, string> = {};
  if (!boundary || !c.req.raw.body) return { fields: await readForm(c), files, fileErrors };
  const fields: Record<string, string> = {};
  for await (const part of readMultipart(c.req.raw.body, boundary)) {
    if (part.filename === undefined) {
      fields[part.name] = (
        await partToBuffer(part, 1024 * 1024, () => new AppError('payload_too_large', `The field ${part.name} is too long.`))
      ).toString('utf8');
    } else {
      try {
        const bytes = await partToBuffer(part, options.maxFileBytes, () => options.tooBig(part.name));
        if (bytes.length > 0) files.set(part.name, { filename: part.filename, contentType: part.contentType, bytes });
      } catch (error) {
        // Too big: the rest of that file is skipped, and the form comes back with what was typed.
        if (!(error instanceof AppError)) throw error;
        fileErrors[part.name] = error.fields?.[part.name] ?? error.message;
      }
    }
  }
  return { fields, files, fileErrors };
}
