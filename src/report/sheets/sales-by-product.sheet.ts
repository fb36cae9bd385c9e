import { MONEY } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Each product's orders, items, revenue and buyers. */
export const salesByProductSheet: ReportSheet = {
  name: "Sales by product",
  columns: [
    { key: "productId", header: "Product" },
    { key: "name", header: "Name", width: 36 },
    { key: "category", header: "Category", width: 18 },
    { key: "orders", header: "Orders" },
    { key: "items", header: "Items" },
    { key: "revenue", header: "Revenue", format: MONEY, width: 14 },
    { key: "customers", header: "Customers" },
  ],
  rows: ({ store }) => store.reports.salesByProduct().map((s) => ({ ...s })),
};
