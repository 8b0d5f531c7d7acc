import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { createHarness } from '../../test/support/harness.ts';

// Over a real socket, because the failure lives in the connection: an answer sent before the body
// is read must close it, or the client's next request on that kept-alive socket fails.
describe('answers sent before the request body is read', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  let server: ServerType;
  let origin: string;
  let token: string;
  const agents: Agent[] = [];

  beforeAll(async () => {
    h = await createHarness('sqlite');
    const member = await createMember(h.ctx);
    const res = await h.agent().api('POST', '/tokens', { login: member.handle, password: member.password });
    token = ((await res.json()) as { token: string }).token;
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  /** One kept-alive connection, so the second request goes down the same socket as the first. */
  function oneSocket(): Agent {
    const agent = new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 10_000 });
    agents.push(agent);
    return agent;
  }

  /** A body of `bytes` sent in chunks with no Content-Length (chunked transfer encoding). */
  function streamed(bytes: number): ReadableStream<Uint8Array> {
    const chunk = new Uint8Array(64 * 1024).fill(97);
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
  }

  async function nextRequestSucceeds(dispatcher: Agent): Promise<void> {
    const after = await fetch(`${origin}/healthz`, { dispatcher });
    expect(after.status).toBe(200);
    await after.text();
  }

  it('closes the connection after refusing a declared Content-Length over the cap, so the next request works', async () => {
    const dispatcher = oneSocket();
    const res = await fetch(`${origin}/api/v1/accounts`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handle: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    await res.text();
    await nextRequestSucceeds(dispatcher);
  });

  it('closes the connection after cutting off a streamed upload past its cap', async () => {
    const dispatcher = oneSocket();
    const res = await fetch(`${origin}/api/v1/media`, {
      dispatcher,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: streamed(12 * 1024 * 1024),
      duplex: 'half',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('connection')).toBe('close');
    await res.text();
    await nextRequestSucceeds(dispatcher);
  });

  it('closes the connection when a page refuses a form before reading it (not signed in)', async () => {
    const dispatcher = oneSocket();
    const res = await fetch(`${origin}/api/v1/media`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: streamed(4 * 1024 * 1024),
      duplex: 'half',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).toBe('close');
    await res.text();
    await nextRequestSucceeds(dispatcher);
  });

  it('keeps the connection alive when the body was read, as for every ordinary request', async () => {
    const dispatcher = oneSocket();
    const res = await fetch(`${origin}/api/v1/tokens`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'nobody', password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).not.toBe('close');
    await res.text();
    await nextRequestSucceeds(dispatcher);
  });
});
