/**
 * The report's sheets, in the order of the workbook (and the CSV files). A new sheet is a file in
 * sheets/ and a line here.
 */
import { associationRulesSheet } from "./sheets/association-rules.sheet";
import { clusterSummarySheet } from "./sheets/cluster-summary.sheet";
import { customerMasterSheet } from "./sheets/customer-master.sheet";
import { dueForRepurchaseSheet } from "./sheets/due-for-repurchase.sheet";
import { experimentsSheet } from "./sheets/experiments.sheet";
import { productAssociationsSheet } from "./sheets/product-associations.sheet";
import { productMasterSheet } from "./sheets/product-master.sheet";
import type { ReportSheet } from "./sheets/report-sheet";
import { rfmPerCustomerSheet } from "./sheets/rfm-per-customer.sheet";
import { salesByCustomerSheet } from "./sheets/sales-by-customer.sheet";
import { salesByProductSheet } from "./sheets/sales-by-product.sheet";
import { segmentSummarySheet } from "./sheets/segment-summary.sheet";
import { summaryStatisticsSheet } from "./sheets/summary-statistics.sheet";

export type { ReportSheet } from "./sheets/report-sheet";

export const REPORT_SHEETS: readonly ReportSheet[] = [
  summaryStatisticsSheet,
  rfmPerCustomerSheet,
  segmentSummarySheet,
  clusterSummarySheet,
  associationRulesSheet,
  productAssociationsSheet,
  experimentsSheet,
  salesByCustomerSheet,
  salesByProductSheet,
  customerMasterSheet,
  productMasterSheet,
  dueForRepurchaseSheet,
];
