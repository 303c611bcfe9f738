import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from './open-store.js';
import { inTransaction } from './transaction.js';
import { appendAudit } from './audit.js';
import { isFwError } from '../core/errors.js';

test('changing an audit entry inside a store transaction is the typed FW_ERR_STORE_APPEND_ONLY', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-trx-'));
  const store = await openStore(`sqlite:${join(dir, 'fw.db')}`);
  try {
    await inTransaction(store, (trx) => appendAudit(trx, { modelName: 'm', version: null, action: 'register_model', actor: 'a', reason: null, before: null, after: null }));
    for (const stmt of [sql`UPDATE audit_log SET actor = 'mallory'`, sql`DELETE FROM audit_log`]) {
      await assert.rejects(inTransaction(store, (trx) => stmt.execute(trx)), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_APPEND_ONLY' && /audit_log is append-only/.test(e.message));
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
