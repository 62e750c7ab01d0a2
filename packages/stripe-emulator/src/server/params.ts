import { invalidRequest, missingParameter, unknownParameter } from './errors.ts';

/** A rule checks one parameter value (already decoded by qs) and returns it coerced to its API type. */
export type Rule = ((value: unknown, param: string) => unknown) & { required?: boolean };
export type Spec = Record<string, Rule>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, param: string, what: string): string {
  if (typeof value !== 'string')
    throw invalidRequest(`Invalid ${what}: expected a single value for ${param}`, param);
  return value;
}

export const string: Rule = (value, param) => scalar(value, param, 'string');

/** Redirect addresses: Stripe takes only http(s) URLs, so a `javascript:` link never reaches a page. */
export const url: Rule = (value, param) => {
  const text = scalar(value, param, 'URL');
  if (!/^https?:\/\/[^\s/]/i.test(text)) throw invalidRequest('Not a valid URL', param);
  return text;
};

export const int: Rule = (value, param) => {
  const text = scalar(value, param, 'integer');
  if (!/^-?\d{1,15}$/.test(text)) throw invalidRequest(`Invalid integer: ${text}`, param);
  return Number(text);
};

export const bool: Rule = (value, param) => {
  const text = scalar(value, param, 'boolean');
  if (text !== 'true' && text !== 'false') throw invalidRequest(`Invalid boolean: ${text}`, param);
  return text === 'true';
};

/** Timestamps accept Unix seconds, and `now` where Stripe allows it (trial_end, proration_date). */
export const timestamp: Rule = (value, param) => {
  const text = scalar(value, param, 'timestamp');
  if (text === 'now') return 'now';
  if (!/^\d{1,12}$/.test(text))
    throw invalidRequest(`Invalid timestamp: must be an integer Unix timestamp.`, param);
  return Number(text);
};

export function oneOf(...values: string[]): Rule {
  return (value, param) => {
    const text = scalar(value, param, 'value');
    if (!values.includes(text)) {
      throw invalidRequest(`Invalid ${param}: must be one of ${values.join(', ')}`, param);
    }
    return text;
  };
}

/** Stripe lets many fields be unset by sending an empty string. */
export function emptyable(rule: Rule): Rule {
  return (value, param) => (value === '' ? '' : rule(value, param));
}

export function required(rule: Rule): Rule {
  const wrapped: Rule = (value, param) => rule(value, param);
  wrapped.required = true;
  return wrapped;
}

/** qs turns `a[0]=x` into an array but `a[25]=x` into an object with numeric keys; both mean a list. */
function toArray(value: unknown, param: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => value[key]);
  }
  if (typeof value === 'string' && value === '') return [];
  throw invalidRequest(`Invalid array`, param);
}

export function array(rule: Rule): Rule {
  return (value, param) => toArray(value, param).map((item, index) => rule(item, `${param}[${index}]`));
}

export function object(spec: Spec): Rule {
  return (value, param) => checkObject(value, spec, param);
}

export const metadata: Rule = (value, param) => {
  if (value === '') return '';
  if (!isRecord(value)) throw invalidRequest(`Invalid object`, param);
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw invalidRequest(`Invalid value for metadata key ${key}`, `${param}[${key}]`);
    if (key.length > 40)
      throw invalidRequest(`Metadata keys can have up to 40 characters.`, `${param}[${key}]`);
    if (entry.length > 500)
      throw invalidRequest(`Metadata values can have up to 500 characters.`, `${param}[${key}]`);
    out[key] = entry;
  }
  return out;
};

/** Parts of Stripe's surface that the emulator accepts but does not model keep their raw value. */
export const anything: Rule = (value) => value;

export const strings: Rule = array(string);

function checkObject(value: unknown, spec: Spec, prefix: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalidRequest(`Invalid object`, prefix || undefined);
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const param = prefix ? `${prefix}[${key}]` : key;
    const rule = spec[key];
    if (!rule) throw unknownParameter(param);
    out[key] = rule(entry, param);
  }
  for (const [key, rule] of Object.entries(spec)) {
    if (rule.required && !(key in value)) throw missingParameter(prefix ? `${prefix}[${key}]` : key);
  }
  return out;
}

const common: Spec = { expand: strings };

/** Validate a request's parameters against a spec; every endpoint also takes `expand[]`. */
export function validate<T>(params: Record<string, unknown>, spec: Spec): T {
  return checkObject(params, { ...common, ...spec }, '') as T;
}

export const listSpec: Spec = {
  limit: int,
  starting_after: string,
  ending_before: string,
  created: (value, param) =>
    isRecord(value) ? object({ gt: int, gte: int, lt: int, lte: int })(value, param) : int(value, param),
};
