import { allTestDatabases } from '../db/test-databases.js';
import { SqlTrackingStore } from './sql-tracking-store.js';
import { trackingStoreContract } from './tracking-store.contract.js';

for (const tdb of await allTestDatabases()) {
  trackingStoreContract(tdb.name, tdb.skip, async () => {
    const { store, cleanup } = await tdb.open();
    return { store: new SqlTrackingStore(store), cleanup };
  });
}
