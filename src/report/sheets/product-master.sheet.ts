import { MONEY } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Every product in the catalogue, with its category, price and rating. */
export const productMasterSheet: ReportSheet = {
  name: "Product master",
  columns: [
    { key: "productId", header: "Product" },
    { key: "name", header: "Name", width: 36 },
    { key: "category", header: "Category", width: 18 },
    { key: "price", header: "Price", format: MONEY },
    { key: "rating", header: "Rating", format: "0.0" },
  ],
  rows: ({ products }) => products.map((p) => ({ ...p })),
};
