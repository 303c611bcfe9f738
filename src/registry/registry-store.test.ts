import { sql } from 'kysely';
import { allTestDatabases } from '../db/test-databases.js';
import { SqlRegistryStore } from './sql-registry-store.js';
import { registryStoreContract } from './registry-store.contract.js';

for (const tdb of await allTestDatabases()) {
  registryStoreContract(tdb.name, tdb.skip, async () => {
    const { store, cleanup } = await tdb.open();
    return { store: new SqlRegistryStore(store), tamper: (q: string) => sql.raw(q).execute(store.db), cleanup };
  });
}
