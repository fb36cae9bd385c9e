import type { AnonymousLine, CustomerRecord, InteractionRecord, ProductRecord } from "../domain/records";
import type { ImportReport } from "./import-report";

/** What every importer yields: the same records whatever the source format. */
export interface ImportedData {
  customers: CustomerRecord[];
  products: ProductRecord[];
  interactions: InteractionRecord[];
  /** Order lines without a customer (only formats with order ids have them): kept for basket analysis. */
  anonymousLines?: AnonymousLine[];
  report: ImportReport;
}
