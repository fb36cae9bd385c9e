import { DAY_MS } from "../../domain/time";
import { DATE, dateCell, RATIO, SHARE } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Replenishment reminders: customers and products expected to be bought again in the 30 days after the data's end, most likely first. */
export const dueForRepurchaseSheet: ReportSheet = {
  name: "Due for repurchase",
  columns: [
    { key: "customerId", header: "Customer", width: 14 },
    { key: "productId", header: "Product", width: 14 },
    { key: "name", header: "Name", width: 36 },
    { key: "probability", header: "Chance in the window", format: SHARE },
    { key: "expected", header: "Expected next purchase", format: DATE },
    { key: "last", header: "Last purchased", format: DATE },
    { key: "timesBought", header: "Times bought" },
    { key: "interval", header: "Typical interval (days)", format: RATIO },
    { key: "from", header: "Window from", format: DATE },
    { key: "to", header: "Window to", format: DATE },
  ],
  rows: ({ due, productName }) =>
    due.pairs.map((d) => ({
      customerId: d.history.customerId,
      productId: d.history.productId,
      name: productName(d.history.productId),
      probability: d.probability,
      expected: dateCell(d.expectedDay * DAY_MS),
      last: dateCell(d.history.days[d.history.days.length - 1] * DAY_MS),
      timesBought: d.history.timesBought,
      interval: d.typicalGapDays,
      from: dateCell(due.from),
      to: dateCell(due.to),
    })),
};
