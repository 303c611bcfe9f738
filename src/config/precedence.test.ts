import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSetting, setBeforeYaml } from './precedence.js';

test('flag > environment > yaml > default, empty strings count as unset', () => {
  const env = { FW_X: 'env' };
  assert.deepEqual(resolveSetting({ flag: 'flag', envVar: 'FW_X', yaml: 'yaml', fallback: 'dflt' }, env), { value: 'flag', from: 'flag' });
  assert.deepEqual(resolveSetting({ flag: undefined, envVar: 'FW_X', yaml: 'yaml', fallback: 'dflt' }, env), { value: 'env', from: 'env' });
  assert.deepEqual(resolveSetting({ flag: '', envVar: 'FW_X', yaml: 'yaml', fallback: 'dflt' }, { FW_X: '' }), { value: 'yaml', from: 'yaml' });
  assert.deepEqual(resolveSetting({ envVar: 'FW_X', fallback: 'dflt' }, {}), { value: 'dflt', from: 'default' });
  assert.deepEqual(resolveSetting({ yaml: 0, fallback: 5 }, {}), { value: 0, from: 'yaml' }, 'a zero from YAML is a value, not unset');
  assert.equal(setBeforeYaml(undefined, 'FW_X', { FW_X: 'v' }), true);
  assert.equal(setBeforeYaml(undefined, 'FW_X', {}), false);
});
