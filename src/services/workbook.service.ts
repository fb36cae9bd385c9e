/** The analyst workbook of a model file, as bytes to download (the HTTP route of the dashboard). */
import { Store } from "../store";
import { buildReport } from "./report.service";
import { workbookBytes } from "./report.writers";

/** Reads the model file on its own read-only connection, so the served one is never held up by a write. */
export async function workbookOf(modelDb: string): Promise<Buffer> {
  const store = Store.open(modelDb, { readonly: true });
  try {
    return await workbookBytes(buildReport(store));
  } finally {
    store.close();
  }
}
