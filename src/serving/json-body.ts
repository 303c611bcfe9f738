import { errorCodes, type FastifyInstance } from 'fastify';

/**
 * The service's `application/json` body parser: the same result and the same errors as Fastify's default parser
 * (secure-json-parse with prototype and constructor poisoning refused), cheaper on the common body.
 *
 * secure-json-parse runs two regular expressions over the whole text after every parse to decide whether it must
 * walk the result for `__proto__` / `constructor.prototype` keys (~1 ms on a 1,000-record batch, ~1.5 µs on one
 * record). A key can only be spelled in JSON text literally or with `\u` escapes, so a text with no backslash and
 * neither `"__proto__"` nor `"constructor"` cannot contain one: plain JSON.parse is then exact. Anything else (and
 * a byte-order mark, which secure-json-parse strips) takes the full walk below, a copy of its 'error' mode.
 */
export function parseJsonText(text: string): unknown {
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  try {
    let suspect = false;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      suspect = true;
    }
    const obj = JSON.parse(text) as unknown;
    if (obj === null || typeof obj !== 'object') return obj;
    if (suspect || text.includes('\\') || text.includes('"__proto__"') || text.includes('"constructor"')) refusePoisoning(obj);
    return obj;
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Throws on an own `__proto__` key, or a `constructor` object with an own `prototype`, anywhere in the value. */
function refusePoisoning(root: object): void {
  let next: object[] = [root];
  while (next.length) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      if (hasOwn(node, '__proto__')) throw new SyntaxError('Object contains forbidden prototype property');
      const ctor = (node as { constructor?: unknown }).constructor;
      if (hasOwn(node, 'constructor') && ctor !== null && typeof ctor === 'object' && hasOwn(ctor, 'prototype')) {
        throw new SyntaxError('Object contains forbidden prototype property');
      }
      for (const key in node) {
        const v = (node as Record<string, unknown>)[key];
        if (v && typeof v === 'object') next.push(v);
      }
    }
  }
}

/** Replace the instance's (and its children's) `application/json` parser with parseJsonText. */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJsonText(body as string);
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, parsed);
  });
}
