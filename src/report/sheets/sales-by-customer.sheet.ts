import { DATE, dateCell, MONEY } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Each customer's orders, items, revenue, distinct products and first and last purchase. */
export const salesByCustomerSheet: ReportSheet = {
  name: "Sales by customer",
  columns: [
    { key: "customerId", header: "Customer", width: 14 },
    { key: "country", header: "Country", width: 16 },
    { key: "orders", header: "Orders" },
    { key: "items", header: "Items" },
    { key: "revenue", header: "Revenue", format: MONEY, width: 14 },
    { key: "distinctProducts", header: "Distinct products" },
    { key: "firstPurchase", header: "First purchase", format: DATE, width: 14 },
    { key: "lastPurchase", header: "Last purchase", format: DATE, width: 14 },
  ],
  rows: ({ store }) =>
    store.reports
      .salesByCustomer()
      .map((s) => ({ ...s, firstPurchase: dateCell(s.firstPurchase), lastPurchase: dateCell(s.lastPurchase) })),
};
