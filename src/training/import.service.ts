/** Loading an imported dataset into a store. */
import type { ImportedData, ImportReport } from "../importers";
import { importProducts } from "../importers";
import type { ImportChange, Store } from "../store";

/**
 * Writes a dataset in one transaction (a bulk one: see Store.bulkTransaction). A new import replaces
 * the interactions of the previous import, writing only the difference (rows it brings again keep
 * their ids, so the data cut of a model version being served still says which rows it was trained
 * on: see store/import.repository.ts); interactions recorded live through the API are kept, and
 * customers and products are updated in place.
 */
export function loadIntoStore(store: Store, data: ImportedData): ImportChange {
  return store.bulkTransaction(() => {
    store.catalog.upsertProducts(data.products);
    store.customers.upsert(data.customers);
    const change = store.imports.replaceImported(data.interactions);
    store.imports.replaceAnonymousLines(data.anonymousLines ?? []);
    return change;
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
