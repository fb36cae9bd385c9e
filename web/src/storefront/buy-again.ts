/** The customer's "Buy again" shelf: their own products most likely bought again, with when. */
import { h } from "../shared/dom";
import { formatInteger, formatPercent } from "../shared/format";
import type { BuyAgain } from "./queries";

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export function buyAgainView(page: BuyAgain): Node[] {
  if (page.items.length === 0) return [h("p", { className: "muted" }, "Nothing bought yet, so nothing to buy again.")];
  const note = page.dated
    ? `Chance of buying again within ${formatInteger(page.horizonDays ?? 0)} days, as of ${day(page.asOf)}.`
    : "The data has no dates: ranked by how often each was bought, with no expected dates.";
  return [
    h("p", { className: "muted" }, note),
    h(
      "ol",
      { className: "again", id: "again-list" },
      ...page.items.map((item) =>
        h(
          "li",
          {},
          h("strong", {}, item.product.name),
          h("span", { className: "again-probability" }, ` ${formatPercent(item.probability)}`),
          h(
            "span",
            { className: "muted" },
            item.expectedNextPurchase
              ? ` · next around ${day(item.expectedNextPurchase)} · bought ${formatInteger(item.timesBought)}×, last ${day(item.lastPurchased!)}`
              : ` · bought ${formatInteger(item.timesBought)}×`,
          ),
        ),
      ),
    ),
  ];
}
