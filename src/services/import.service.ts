/** Loading an imported dataset into a store. */
import type { ImportedData, ImportReport } from "../data";
import { importProducts } from "../data";
import type { Store } from "../store";

export interface ImportResult {
  /** Previously imported interactions that this import replaced. */
  replaced: number;
  inserted: number;
}

/**
 * Writes a dataset in one transaction (a bulk one: see Store.bulkTransaction). A new import replaces
 * the interactions of the previous import; interactions recorded live through the API are kept, and
 * customers and products are updated in place.
 */
export function loadIntoStore(store: Store, data: ImportedData): ImportResult {
  return store.bulkTransaction(() => {
    // Building an index once over all rows is faster than updating it row by row (about a third of
    // Online Retail's insert time), so when the import brings at least as many rows as the store
    // holds, the interactions' indexes are dropped and rebuilt, within this transaction.
    const rebuild = data.interactions.length >= store.interactions.count() ? store.imports.dropIndexes() : null;
    const replaced = store.imports.deleteByOrigin("import");
    store.catalog.upsertProducts(data.products);
    store.catalog.upsertCustomers(data.customers);
    const inserted = store.imports.insertMany(data.interactions, "import");
    store.imports.insertAnonymousLines(data.anonymousLines ?? [], "import");
    rebuild?.();
    return { replaced, inserted };
  });
}

/**
 * Imports a products file into a model file's catalogue on its own (see data/products.importer.ts):
 * new products are added, imported ones updated, and products changed through the API only have
 * their empty fields filled. A server reading the file sees the change on its next request.
 */
export function importProductsFile(store: Store, file: string): { report: ImportReport } {
  const { products, report } = importProducts(file);
  store.catalog.upsertProducts(products);
  return { report };
}
