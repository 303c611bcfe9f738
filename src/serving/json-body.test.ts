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

test('prototype poisoning is refused however the key is spelled, at any depth, as Fastify refuses it', () => {
  for (const text of [
    '{"__proto__":{"x":1}}',
    '{"a":[{"b":{"__proto__":{}}}]}',
    '{"\\u005f\\u005fproto__":{}}',
    '{"__pr\\u006fto__":1}',
    '\uFEFF{"__proto__":{}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '[{"a":{"constructor":{"prototype":null}}}]',
    '{"c\\u006fnstructor":{"prototype":{}}}',
  ]) {
    assert.equal(code(text), 'FST_ERR_CTP_INVALID_JSON_BODY', text);
  }
});

test('empty and malformed bodies give Fastify error codes (mapped to 400s by the error handler)', () => {
  assert.equal(code(''), 'FST_ERR_CTP_EMPTY_JSON_BODY');
  assert.equal(code('{"a":'), 'FST_ERR_CTP_INVALID_JSON_BODY');
  assert.equal(code('{a:1}'), 'FST_ERR_CTP_INVALID_JSON_BODY');
});
