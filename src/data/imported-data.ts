import type { CustomerRecord, InteractionRecord, ProductRecord } from "../domain/records";
import type { ImportReport } from "./import-report";

/** What every importer yields: the same records whatever the source format. */
export interface ImportedData {
  customers: CustomerRecord[];
  products: ProductRecord[];
  interactions: InteractionRecord[];
  report: ImportReport;
}
