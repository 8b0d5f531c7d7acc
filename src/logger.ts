import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured logs. Anything that could hold a secret is redacted before it is written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A path fit for the logs: long token-like segments (reset and confirmation links) are masked. */
export function loggablePath(path: string): string {
  return path.replace(/\/[A-Za-z0-9_-]{20,}(?=\/|$)/g, '/:secret');
}

export type { Logger };
