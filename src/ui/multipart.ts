import fs from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { readForm } from './forms.ts';

/**
 * A streaming reader of `multipart/form-data` bodies over busboy: parts come one at a time and a
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

/** Text fields are held whole; one byte over the largest cap any reader sets, so a longer one is refused, not cut. */
const MAX_FIELD_BYTES = 1024 * 1024 + 1;

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const malformed = (why: string) => new AppError('bad_input', `The upload could not be read: ${why}.`);

/** Busboy's words for a broken body, as the reader's own 400. */
function asUploadError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  return malformed(error.message.toLowerCase());
}

/**
 * Reads the parts of a multipart body in order. Malformed bodies end in a 400 AppError; an error
 * the stream itself raises (the body cap's 413) comes through as it is. The body is pulled only as
 * fast as the parts are read, so an unread file holds the upload back instead of filling memory.
 */
export async function* readMultipart(stream: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const parser = busboy({
    headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
    limits: { fieldSize: MAX_FIELD_BYTES },
    preservePath: true,
    defParamCharset: 'utf8',
  });
  const ready: Array<MultipartPart & { skipRest: () => void }> = [];
  let finished = false;
  let failure: unknown;
  let wake = () => {};
  const changed = () => wake();

  parser.on('file', (name, file, info) => {
    // Errors reach the reader through `failure`; a part nobody is reading must not throw them again.
    file.on('error', () => {});
    ready.push({
      name: name ?? '',
      filename: info.filename ?? '',
      contentType: info.mimeType,
      body: fileBody(file),
      skipRest: () => file.resume(),
    });
    changed();
  });
  parser.on('field', (name, value, info) => {
    const bytes = Buffer.from(value, 'utf8');
    const body = (async function* () {
      yield bytes;
    })();
    ready.push({ name: name ?? '', filename: undefined, contentType: info.mimeType, body, skipRest: () => {} });
    changed();
  });
  parser.on('close', () => {
    finished = true;
    changed();
  });
  parser.on('error', (error) => {
    failure ??= asUploadError(error);
    changed();
  });

  /** A file's bytes; leaving the loop early keeps the stream, so the rest can be skipped rather than stall the parser. */
  async function* fileBody(file: Readable): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of file.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    } catch (error) {
      throw failure ?? asUploadError(error);
    }
  }

  const reader = stream.getReader();
  let stopped = false;
  // Feeds the parser one chunk at a time (busboy holds its write callback while a file part is
  // unread); it runs beside the reader of the parts and stops when they stop being read.
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (stopped) return;
        if (done) {
          parser.end();
          return;
        }
        await new Promise<void>((resolve, reject) => parser.write(value, (error) => (error ? reject(error) : resolve())));
      }
    } catch (error) {
      if (stopped) return;
      failure ??= asUploadError(error);
      parser.destroy(failure instanceof Error ? failure : undefined);
      changed();
    }
  })();

  try {
    for (;;) {
      while (ready.length === 0 && !finished && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      const part = ready.shift();
      if (!part) {
        if (failure !== undefined) throw failure;
        return;
      }
      yield part;
      part.skipRest();
    }
  } finally {
    stopped = true;
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
