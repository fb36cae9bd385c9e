import { summarizeSegments } from "../../rfm/segment-summary";
import { MONEY, SHARE } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Each RFM segment: its customers, revenue and share, order value, recency and what to do with it. */
export const segmentSummarySheet: ReportSheet = {
  name: "Segment summary",
  columns: [
    { key: "segment", header: "Segment", width: 20 },
    { key: "customers", header: "Customers" },
    { key: "revenue", header: "Revenue", format: MONEY, width: 16 },
    { key: "revenueShare", header: "Revenue share", format: SHARE },
    { key: "averageOrderValue", header: "Average order value", format: MONEY },
    { key: "averageRecencyDays", header: "Average recency (days)", format: "0.0" },
    { key: "action", header: "Recommended action", width: 80 },
  ],
  rows: ({ rfm }) => summarizeSegments(rfm).map(({ label, topCategories: _t, ...g }) => ({ segment: label, ...g })),
};
