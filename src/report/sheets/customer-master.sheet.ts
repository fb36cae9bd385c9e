import type { ReportSheet } from "./report-sheet";

/** Every customer in the file, with their profile, RFM segment and behaviour cluster. */
export const customerMasterSheet: ReportSheet = {
  name: "Customer master",
  columns: [
    { key: "customerId", header: "Customer", width: 14 },
    { key: "country", header: "Country", width: 16 },
    { key: "pageViews", header: "Page views" },
    { key: "timeSpent", header: "Time spent" },
    { key: "segment", header: "Segment", width: 20 },
    { key: "cluster", header: "Cluster", width: 36 },
  ],
  rows: ({ customers, rfm, clusterLabelOf }) => {
    const segmentOf = new Map(rfm.map((r) => [r.customerId, r.label]));
    return customers.map((c) => ({
      customerId: c.customerId,
      country: c.country,
      pageViews: c.pageViews,
      timeSpent: c.timeSpent,
      segment: segmentOf.get(c.customerId) ?? null,
      cluster: clusterLabelOf(c.customerId),
    }));
  },
};
