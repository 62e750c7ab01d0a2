import { ApiError } from './errors.ts';

const KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;

function unauthorized(message: string): ApiError {
  return new ApiError(401, { type: 'invalid_request_error', message });
}

/** Any test-mode secret key is accepted, by Bearer or Basic auth, as Stripe does. */
export function checkApiKey(header: string | undefined): string {
  if (!header) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic '))
    key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!KEY.test(key)) {
    const shown =
      key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.min(20, key.length - 12))}${key.slice(-4)}` : key;
    throw unauthorized(`Invalid API Key provided: ${shown || '(empty)'}`);
  }
  return key;
}
