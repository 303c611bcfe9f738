import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonText } from './json-body.js';

const code = (text: string): string | undefined => {
  try {
    parseJsonText(text);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

test('JSON bodies parse as with JSON.parse; a byte-order mark is skipped', () => {
  assert.deepEqual(parseJsonText('{"a":[1,{"b":null}],"c":"__proto__"}'), { a: [1, { b: null }], c: '__proto__' });
  assert.deepEqual(parseJsonText('\uFEFF{"a":1}'), { a: 1 });
  assert.equal(parseJsonText('3'), 3);
  assert.deepEqual(parseJsonText('{"constructor":1,"x":{"constructor":{"other":1}}}'), { constructor: 1, x: { constructor: { other: 1 } } });
  assert.deepEqual(parseJsonText('{"a\\u0062":"\\"__proto__\\""}'), { ab: '"__proto__"' });
});

test('__proto__ / constructor keys are accepted as own data properties and pollute nothing, however spelled', () => {
  for (const text of [
    '{"__proto__":{"x":1}}',
    '{"a":[{"b":{"__proto__":{"x":1}}}]}',
    '{"\\u005f\\u005fproto__":{"x":1}}',
    '\uFEFF{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
  ]) {
    const v = parseJsonText(text) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype, text);
    assert.equal(({} as Record<string, unknown>).x, undefined, text);
    assert.equal((v as { x?: unknown }).x, undefined, text);
  }
  const own = parseJsonText('{"__proto__":{"x":1}}') as Record<string, unknown>;
  assert.ok(Object.prototype.hasOwnProperty.call(own, '__proto__'));
  assert.deepEqual(Object.keys(own), ['__proto__']);
});

test('nesting deeper than 64 levels is refused before parsing, with a message saying so', () => {
  assert.deepEqual(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`), JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`));
  assert.equal(code(`${'['.repeat(65)}${']'.repeat(65)}`), 'FW_ERR_HTTP_MALFORMED_BODY');
  assert.equal(code(`{"a":${'{"b":'.repeat(70)}1${'}'.repeat(71)}`), 'FW_ERR_HTTP_MALFORMED_BODY');
  // Brackets inside strings (escaped quotes included) do not count.
  assert.deepEqual(parseJsonText(JSON.stringify({ s: `\\"${'['.repeat(500)}` })), { s: `\\"${'['.repeat(500)}` });
});

test('empty and malformed bodies give Fastify error codes (mapped to 400s by the error handler)', () => {
  assert.equal(code(''), 'FST_ERR_CTP_EMPTY_JSON_BODY');
  assert.equal(code('{"a":'), 'FST_ERR_CTP_INVALID_JSON_BODY');
  assert.equal(code('{a:1}'), 'FST_ERR_CTP_INVALID_JSON_BODY');
});
