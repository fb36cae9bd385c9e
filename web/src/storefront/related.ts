/** Around one product: similar products, and what is bought with it (support, confidence, lift). */
import type { Api } from "../shared/api";
import { h } from "../shared/dom";
import { formatDecimal, formatInteger, formatMoney, formatPercent, formatRatio } from "../shared/format";
import { RELATED, type Related } from "./queries";

/** Fills `similar` (a list) and `together` (a table's body); an error is written into the list. */
export async function renderRelated(api: Api, productId: string, similar: HTMLElement, together: HTMLElement): Promise<void> {
  try {
    const data = await api.request<Related>(RELATED, { productId });
    similar.replaceChildren(
      ...data.similarProducts.map((s) =>
        h(
          "li",
          { "data-product-id": s.product.id },
          h("strong", {}, s.product.name),
          ` · ${s.product.category ?? "no category"} · ${formatMoney(s.product.price, s.product.currency)} · similarity ${formatDecimal(s.similarity)}`,
        ),
      ),
    );
    if (data.similarProducts.length === 0) similar.append(h("li", { className: "muted" }, "No similar products."));
    together.replaceChildren(
      ...data.frequentlyBoughtTogether.map((t) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, t.product.name),
          h("td", {}, formatPercent(t.support)),
          h("td", {}, formatPercent(t.confidence)),
          h("td", {}, formatRatio(t.lift)),
          h("td", {}, formatInteger(t.baskets)),
        ),
      ),
    );
    if (data.frequentlyBoughtTogether.length === 0)
      together.append(h("tr", {}, h("td", { colspan: 5, className: "muted" }, "Not bought with anything often enough to count.")));
  } catch (error) {
    similar.replaceChildren(h("li", { className: "notice" }, h("strong", {}, "Error: "), (error as Error).message));
  }
}
