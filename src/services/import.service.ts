/** Loading an imported dataset into a store. */
import type { ImportedData } from "../data";
import type { Store } from "../store";

export interface ImportResult {
  /** Previously imported interactions that this import replaced. */
  replaced: number;
  inserted: number;
}

/**
 * Writes a dataset in one transaction. A new import replaces the interactions of the previous import;
 * interactions recorded live through the API are kept, and customers and products are updated in place.
 */
export function loadIntoStore(store: Store, data: ImportedData): ImportResult {
  return store.transaction(() => {
    const replaced = store.interactions.deleteByOrigin("import");
    store.catalog.upsertProducts(data.products);
    store.catalog.upsertCustomers(data.customers);
    const inserted = store.interactions.insertMany(data.interactions, "import");
    store.interactions.insertAnonymousLines(data.anonymousLines ?? [], "import");
    return { replaced, inserted };
  });
}
