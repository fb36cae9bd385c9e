import { MONEY } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Each customer with purchases: recency, frequency and monetary value, their scores, segment and cluster. */
export const rfmPerCustomerSheet: ReportSheet = {
  name: "RFM per customer",
  columns: [
    { key: "customerId", header: "Customer", width: 14 },
    { key: "recencyDays", header: "Recency (days)" },
    { key: "frequency", header: "Frequency (orders)" },
    { key: "monetary", header: "Monetary", format: MONEY, width: 14 },
    { key: "r", header: "R" },
    { key: "f", header: "F" },
    { key: "m", header: "M" },
    { key: "segment", header: "Segment", width: 20 },
    { key: "cluster", header: "Cluster", width: 36 },
  ],
  rows: ({ rfm, clusterLabelOf }) =>
    rfm.map((r) => ({
      customerId: r.customerId,
      recencyDays: r.recencyDays,
      frequency: r.frequency,
      monetary: r.monetary,
      r: r.r,
      f: r.f,
      m: r.m,
      segment: r.label,
      cluster: clusterLabelOf(r.customerId),
    })),
};
