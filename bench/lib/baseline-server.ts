// The bare baseline: a plain node:http server answering the exact bytes and headers that
// Commonplace answered for one URL. Run as its own process; prints "ready <port>".
import fs from 'node:fs';
import http from 'node:http';

interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const captured = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Captured;
const body = Buffer.from(captured.body, 'base64');
const headers = { ...captured.headers, 'content-length': String(body.length) };
delete (headers as Record<string, string | undefined>)['transfer-encoding'];

const server = http.createServer((_req, res) => {
  res.writeHead(captured.status, headers);
  res.end(body);
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
