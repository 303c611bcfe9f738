import { errorCodes, type FastifyInstance } from 'fastify';
import { HttpErrors } from '../http/errors.js';
import { ServingErrors } from './errors.js';

/**
 * The service's `application/json` body parser.
 *
 * Keys named `__proto__` or `constructor` are accepted: JSON.parse creates them as own data properties, which
 * pollute nothing, and the service never merges a body into another object by assignment (records are built with
 * setOwn). They used to be refused as "not valid JSON", which was false, and made a feature named `__proto__`
 * unservable.
 *
 * Nesting deeper than MAX_JSON_DEPTH, and objects with more than MAX_JSON_KEYS members, are refused before parsing:
 * no request shape needs them, and half a megabyte of `[` would otherwise build half a million arrays (~300 ms of
 * blocked event loop) only to be refused afterwards.
 */
export const MAX_JSON_DEPTH = 64;
/** Members of one JSON object at most (records, columnar inputs): JSON.parse of a 70,000-key object takes ~200 ms. */
export const MAX_JSON_KEYS = 10_000;

/**
 * `maxItems`: objects, arrays and strings one array may hold (records, rows, category values): the batch limit, so a
 * body of a million `{}` is refused before JSON.parse builds them. Numbers are not counted (a v2 tensor holds N × P).
 */
export function parseJsonText(text: string, maxItems = Number.MAX_SAFE_INTEGER): unknown {
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > 2 * MAX_JSON_DEPTH) {
    const broken = structuralLimit(text, maxItems);
    if (broken) throw broken.tooLarge ? ServingErrors.FW_ERR_SERVE_BODY_TOO_LARGE(broken.message) : HttpErrors.FW_ERR_HTTP_MALFORMED_BODY(broken.message);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
}

/**
 * The first structural limit the text breaks, or undefined: nesting deeper than MAX_JSON_DEPTH, or an object with
 * more than MAX_JSON_KEYS members. One pass over the characters, no allocation beyond two small stacks.
 */
function structuralLimit(text: string, maxItems: number): { message: string; tooLarge?: boolean } | undefined {
  const keys = new Int32Array(MAX_JSON_DEPTH + 2);
  const isObj = new Uint8Array(MAX_JSON_DEPTH + 2);
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      if (depth > 0 && isObj[depth] === 0 && ++keys[depth]! > maxItems) return tooMany(maxItems);
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (depth > 0 && isObj[depth] === 0 && ++keys[depth]! > maxItems) return tooMany(maxItems);
      if (++depth > MAX_JSON_DEPTH) return { message: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep; no request needs that` };
      isObj[depth] = c === 123 ? 1 : 0;
      keys[depth] = c === 123 ? 1 : 0;
    } else if (c === 93 || c === 125) {
      depth--;
    } else if ((c >= 48 && c <= 57) || c === 45) {
      // A number token: JSON.parse of a million digits takes ~50 ms; no feature value needs more than a few dozen.
      const start = i;
      while (i + 1 < n && isNumberChar(text.charCodeAt(i + 1))) i++;
      if (i - start + 1 > MAX_NUMBER_CHARS) return { message: `a JSON number has more than ${MAX_NUMBER_CHARS} characters; no feature value needs that` };
    } else if (c === 44 && depth > 0 && isObj[depth] === 1 && ++keys[depth]! > MAX_JSON_KEYS) {
      return { message: `a JSON object has more than ${MAX_JSON_KEYS} members; no request needs that (a model has far fewer features)` };
    }
  }
  return undefined;
}

const isNumberChar = (c: number): boolean => (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
/** Longest number token accepted (characters). */
export const MAX_NUMBER_CHARS = 1024;

const tooMany = (max: number): { message: string; tooLarge: boolean } => ({
  message: `a JSON array holds more than ${max} records, rows or strings; the limit is ${max} per request (serve.maxBatchRecords)`,
  tooLarge: true,
});

/** Replace the instance's (and its children's) `application/json` parser with parseJsonText. */
export function installJsonParser(app: FastifyInstance, maxItems?: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJsonText(body as string, maxItems);
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, parsed);
  });
}
