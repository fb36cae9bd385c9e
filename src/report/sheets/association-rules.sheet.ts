import { RATIO } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Every basket rule the model version mined: if one product is bought, then another, with its figures. */
export const associationRulesSheet: ReportSheet = {
  name: "Association rules",
  columns: [
    { key: "antecedentId", header: "If bought" },
    { key: "antecedentName", header: "Name", width: 36 },
    { key: "consequentId", header: "Then also" },
    { key: "consequentName", header: "Name", width: 36 },
    { key: "baskets", header: "Baskets" },
    { key: "support", header: "Support", format: "0.0000" },
    { key: "confidence", header: "Confidence", format: RATIO },
    { key: "lift", header: "Lift", format: "0.00" },
  ],
  rows: ({ rules, productName }) =>
    rules.map((r) => ({
      antecedentId: r.antecedent,
      antecedentName: productName(r.antecedent),
      consequentId: r.consequent,
      consequentName: productName(r.consequent),
      baskets: r.count,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
    })),
};
