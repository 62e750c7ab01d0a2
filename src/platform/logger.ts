import { pino, type Logger } from 'pino';

export type { Logger };

/** Keeps the first character of the local part and the domain: enough to debug, not to identify. */
export function maskEmail(value: unknown): unknown {
  if (typeof value !== 'string') return '[Redacted]';
  const at = value.indexOf('@');
  if (at < 1) return '[Redacted]';
  return `${value[0]}***${value.slice(at)}`;
}

const secretPaths = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: secretPaths, censor: '[Redacted]' },
      serializers: {
        // Query strings can carry tokens (reset links, checkout ids): log the path only.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          path: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
      formatters: {
        // E-mail addresses are personal data: log them masked wherever they appear as a field.
        log(object) {
          for (const key of ['email', 'to']) {
            if (key in object) object[key] = maskEmail(object[key]);
          }
          return object;
        },
      },
    },
    destination,
  );
}
