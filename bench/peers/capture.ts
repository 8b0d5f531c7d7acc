// Captures one answer as the bare baseline replays it (bench/lib/baseline-server.ts): status,
// headers and body, with the framing headers left to the baseline.
import fs from 'node:fs';

export interface Captured {
  readonly status: number;
  readonly bytes: number;
  readonly html: string;
}

const framing = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'];

export async function captureAnswer(url: string, file: string): Promise<Captured> {
  const res = await fetch(url, { redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    if (!framing.includes(key)) headers[key] = value;
  });
  fs.writeFileSync(file, JSON.stringify({ status: res.status, headers, body: body.toString('base64') }));
  return { status: res.status, bytes: body.length, html: body.toString('utf8') };
}
