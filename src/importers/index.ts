/** The input formats the importer understands, by name. */
import type { BoundsOptions } from "../domain/interaction-bounds";
import { importEvents } from "./events.importer";
import type { ImportedData } from "./imported-data";
import { importOnlineRetail } from "./online-retail.importer";
import { importTrio } from "./trio.importer";

export const DATA_FORMATS = {
  trio: { read: importTrio, input: "a folder with customer_interactions.csv, product_details.csv, purchase_history.csv" },
  "online-retail": { read: importOnlineRetail, input: "the Online Retail CSV file" },
  events: { read: importEvents, input: "an events CSV file" },
} as const satisfies Record<string, { read: (input: string, bounds?: BoundsOptions) => Promise<ImportedData>; input: string }>;

export type DataFormat = keyof typeof DATA_FORMATS;

/** Reads a dataset; `bounds` sets the earliest interaction time accepted (domain/interaction-bounds.ts). */
export function readDataset(format: DataFormat, input: string, bounds: BoundsOptions = {}): Promise<ImportedData> {
  return DATA_FORMATS[format].read(input, bounds);
}

export type { ImportedData } from "./imported-data";
export { ImportReport } from "./import-report";
export { importProducts } from "./products.importer";
