import type { ReportData } from "../report-data";
import { RATIO } from "../report-table";
import type { ReportSheet } from "./report-sheet";

/** Companions per product shown, most confident first. */
export const COMPANIONS = 5;

/** Each product's most confident companions in baskets, products in id order. */
export const productAssociationsSheet: ReportSheet = {
  name: "Product associations",
  columns: [
    { key: "productId", header: "Product" },
    { key: "productName", header: "Name", width: 36 },
    { key: "rank", header: "Rank" },
    { key: "companionId", header: "Bought with" },
    { key: "companionName", header: "Name", width: 36 },
    { key: "baskets", header: "Baskets" },
    { key: "confidence", header: "Confidence", format: RATIO },
    { key: "lift", header: "Lift", format: "0.00" },
  ],
  rows: ({ rules, productName }) => {
    const byProduct = new Map<string, ReportData["rules"]>();
    for (const r of rules) byProduct.set(r.antecedent, [...(byProduct.get(r.antecedent) ?? []), r]);
    return [...byProduct.keys()].sort().flatMap((id) =>
      byProduct
        .get(id)!
        .sort((a, b) => b.confidence - a.confidence || b.lift - a.lift)
        .slice(0, COMPANIONS)
        .map((r, rank) => ({
          productId: id,
          productName: productName(id),
          rank: rank + 1,
          companionId: r.consequent,
          companionName: productName(r.consequent),
          baskets: r.count,
          confidence: r.confidence,
          lift: r.lift,
        })),
    );
  },
};
