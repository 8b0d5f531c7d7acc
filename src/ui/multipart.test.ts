import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { boundaryOf, partToBuffer, readMultipart } from './multipart.ts';

/** A body delivered in chunks of `size` bytes, so every boundary and header lands split somewhere. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function encode(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

async function readAll(stream: ReadableStream<Uint8Array>, boundary: string) {
  const out: Array<{ name: string; filename: string | undefined; type: string; body: string }> = [];
  for await (const part of readMultipart(stream, boundary)) {
    out.push({
      name: part.name,
      filename: part.filename,
      type: part.contentType,
      body: (await partToBuffer(part, 1e6, () => new AppError('payload_too_large', 'big'))).toString('utf8'),
    });
  }
  return out;
}

describe('the streaming multipart reader', () => {
  it('reads what a standard encoder writes, however the bytes are split', async () => {
    const form = new FormData();
    form.append('title', 'Hello\r\n--not a boundary');
    form.append('file', new Blob(['<rss>\r\n\r\n--almost</rss>'], { type: 'application/xml' }), 'export "1".xml');
    form.append('empty', '');
    const { bytes, type } = await encode(form);
    const boundary = boundaryOf(type)!;
    for (const size of [1, 2, 7, 64, 100_000]) {
      expect(await readAll(chunked(bytes, size), boundary)).toEqual([
        { name: 'title', filename: undefined, type: 'text/plain', body: 'Hello\r\n--not a boundary' },
        { name: 'file', filename: 'export %221%22.xml', type: 'application/xml', body: '<rss>\r\n\r\n--almost</rss>' },
        { name: 'empty', filename: undefined, type: 'text/plain', body: '' },
      ]);
    }
  });

  it('skips a part its reader leaves unread', async () => {
    const form = new FormData();
    form.append('skip', new Blob(['x'.repeat(200_000)]), 'a.bin');
    form.append('keep', 'kept');
    const { bytes, type } = await encode(form);
    const names: string[] = [];
    for await (const part of readMultipart(chunked(bytes, 4096), boundaryOf(type)!)) {
      names.push(part.name);
      if (part.name === 'keep')
        expect((await partToBuffer(part, 100, () => new AppError('payload_too_large', 'big'))).toString()).toBe('kept');
    }
    expect(names).toEqual(['skip', 'keep']);
  });

  it('refuses a body cut short, or one with no boundary, with a 400', async () => {
    const form = new FormData();
    form.append('file', new Blob(['abc'.repeat(1000)]), 'a.txt');
    const { bytes, type } = await encode(form);
    const boundary = boundaryOf(type)!;
    await expect(readAll(chunked(bytes.slice(0, bytes.length - 200), 512), boundary)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(readAll(chunked(new TextEncoder().encode('no parts here'), 4), boundary)).rejects.toMatchObject({ code: 'bad_input' });
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(boundaryOf('multipart/form-data; boundary="quoted-b"')).toBe('quoted-b');
  });

  it('passes on what the body stream fails with mid-file (the body cap’s 413)', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(100_000)]), 'a.bin');
    const { bytes, type } = await encode(form);
    let at = 0;
    const capped = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at > 50_000) return controller.error(new AppError('payload_too_large', 'The request is larger than 1 MB.'));
        controller.enqueue(bytes.slice(at, at + 4096));
        at += 4096;
      },
    });
    await expect(readAll(capped, boundaryOf(type)!)).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});
