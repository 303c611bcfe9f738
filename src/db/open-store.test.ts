import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openStore, knownStoreSchemes } from './open-store.js';
import { parsePostgresUrl } from './postgres-store.js';
import { sqlitePath } from './sqlite-store.js';
import { redactUrl } from './sql-store.js';
import { allTestDatabases } from './test-databases.js';
import { appliedMigrations, describeSchema } from './schema-snapshot.js';
import { isFwError } from '../core/errors.js';

const run = promisify(execFile);

const ALL_MIGRATIONS = ['0001-tracking-registry-audit', '0002-model-version-decision', '0003-run-owner-heartbeat', '0004-prediction-log', '0005-stream-alerts'];

/** Expected schema per dialect. Update deliberately together with a new migration. */
const SNAPSHOT_TABLES = [
  'alias_history', 'audit_log', 'experiment_tags', 'experiments', 'latest_metrics', 'metrics', 'model_aliases',
  'model_baselines', 'model_versions', 'params', 'prediction_log', 'registered_models', 'run_artifacts', 'run_tags', 'runs', 'stream_alerts',
];

describe('openStore', () => {
  it('lists the known schemes on an unknown or missing scheme', async () => {
    for (const url of ['mysql://x/y', 'just-a-path.db', '']) {
      await assert.rejects(openStore(url), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_UNKNOWN_SCHEME' && /sqlite:/.test(e.message) && /postgres/.test(e.message));
    }
    assert.deepEqual(knownStoreSchemes(), ['sqlite', 'postgres', 'postgresql']);
  });

  it('resolves sqlite paths against the base dir and parses postgres URLs', () => {
    assert.equal(sqlitePath('sqlite:.forewarn/forewarn.db', '/proj'), '/proj/.forewarn/forewarn.db');
    assert.equal(sqlitePath('sqlite:///abs/x.db', '/proj'), '/abs/x.db');
    assert.equal(sqlitePath('sqlite::memory:'), ':memory:');
    assert.deepEqual(parsePostgresUrl('postgres://u@h:5432/db?schema=fw_a'), { connectionString: 'postgres://u@h:5432/db', schema: 'fw_a' });
    assert.throws(() => parsePostgresUrl('postgres://u@h/db?schema=Robert%27);drop'), (e: unknown) => isFwError(e) && /schema/.test(e.message));
    assert.equal(redactUrl('postgres://u:pw@h/db'), 'postgres://u:***@h/db');
  });

  it('a bad SQLite path fails fast with the path named (no hang on pseudo file systems)', { timeout: 10_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-bad-'));
    try {
      writeFileSync(join(dir, 'file'), 'x');
      await assert.rejects(openStore(`sqlite:${join(dir, 'file', 'x.db')}`), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_UNREACHABLE' && /is not a folder/.test(e.message));
      if (process.platform === 'linux') {
        await assert.rejects(openStore('sqlite:/proc/fw-nope/x.db'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_UNREACHABLE' && e.message.includes('/proc/fw-nope'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable PostgreSQL without the password', async () => {
    await assert.rejects(openStore('postgres://u:topsecret@127.0.0.1:1/db'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_UNREACHABLE' && !e.message.includes('topsecret'));
  });

  it('two processes opening a fresh SQLite store at once both succeed, migrations applied once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-mig-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const mod = new URL('./open-store.js', import.meta.url).href;
    const script = `const { openStore } = await import(${JSON.stringify(mod)}); const s = await openStore(${JSON.stringify(url)}); await s.close(); console.log('ok');`;
    try {
      const outs = await Promise.all([0, 1, 2].map(() => run(process.execPath, ['--input-type=module', '-e', script])));
      assert.deepEqual(outs.map((o) => o.stdout.trim()), ['ok', 'ok', 'ok']);
      const s = await openStore(url);
      assert.deepEqual(await appliedMigrations(s), ALL_MIGRATIONS);
      await s.close();
      assert.ok(existsSync(fileURLToPath(new URL(`file://${join(dir, 'f.db')}`))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const tdb of await allTestDatabases()) {
  describe(`schema snapshot: ${tdb.name}`, { skip: tdb.skip }, () => {
    it('has exactly the expected tables and key column types; reopening is a no-op', async () => {
      const { store, url, cleanup } = await tdb.open();
      try {
        const text = await describeSchema(store);
        const tables = text.split('\n').map((l) => l.slice(0, l.indexOf('(')));
        assert.deepEqual(tables, SNAPSHOT_TABLES);
        // Exact per-dialect snapshot (src/db/schema-snapshots/<dialect>.txt); UPDATE_SNAPSHOTS=1 rewrites it.
        const file = fileURLToPath(new URL(`../../../src/db/schema-snapshots/${tdb.name}.txt`, import.meta.url));
        if (process.env.UPDATE_SNAPSHOTS) writeFileSync(file, `${text}\n`);
        assert.equal(text, readFileSync(file, 'utf8').trimEnd(), `schema differs from ${file}; if intended, rerun with UPDATE_SNAPSHOTS=1`);
        const again = await openStore(url);
        assert.equal(await describeSchema(again), text);
        assert.deepEqual(await appliedMigrations(again), ALL_MIGRATIONS);
        await again.close();
      } finally {
        await cleanup();
      }
    });
  });
}

describe('concurrent first open: postgres', async () => {
  const pgDb = (await allTestDatabases())[1]!;
  it('several pools migrating the same fresh schema at once all succeed, migration applied once', { skip: pgDb.skip }, async () => {
    const { store, url, cleanup } = await pgDb.open();
    await store.close();
    const fresh = url.replace(/schema=([a-z0-9_]+)/, 'schema=$1_b');
    try {
      const stores = await Promise.all([0, 1, 2].map(() => openStore(fresh)));
      assert.deepEqual(await appliedMigrations(stores[0]!), ALL_MIGRATIONS);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      const s = await openStore(fresh, { migrate: false });
      await s.db.schema.dropSchema(/schema=([a-z0-9_]+)/.exec(fresh)![1]!).cascade().execute();
      await s.close();
      await cleanup();
    }
  });
});

describe('migration guard', () => {
  it('a database migrated by a newer forewarn is refused with a hint, not damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-newer-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    try {
      const s = await openStore(url);
      await s.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '0001-tracking-registry-audit' as never).execute();
      await s.db.insertInto('kysely_migration' as never).values({ name: '0000-from-the-future', timestamp: new Date().toISOString() } as never).execute();
      await s.close();
      await assert.rejects(openStore(url), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_STORE_MIGRATION' && /newer forewarn/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
