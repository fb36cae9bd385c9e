/**
 * The storefront demo: a customer's recommendations as product cards (or an anonymous visit's, changing
 * as products are viewed), their RFM segment and cluster, similar products and baskets for a card, and,
 * when the operator allows it, recording a view, cart add or purchase to watch the list change.
 */
import { type Api, ApiError, apiOf, loadConfig, type PagesConfig } from "./shared/api";
import { byId, h, showStatus } from "./shared/dom";
import { formatDecimal, formatInteger, formatMoney } from "./shared/format";
import { buyAgainView } from "./storefront/buy-again";
import {
  BUY_AGAIN,
  type BuyAgain,
  type CustomerSegment,
  type Product,
  RECOMMENDATIONS,
  RECORD,
  type Recommendation,
  SEGMENT,
} from "./storefront/queries";
import { renderRelated } from "./storefront/related";
import { segmentView } from "./storefront/segment";

const SOURCE_NAMES: Record<Recommendation["source"], string> = {
  PERSONALIZED: "Personalised",
  SESSION: "This visit",
  CLUSTER: "Similar customers",
  POPULAR: "Best seller",
  RULE: "Picked by the shop",
  BUY_AGAIN: "Buy again",
};
const EVENT_NAMES = { VIEW: "a view", ADD_TO_CART: "a cart add", PURCHASE: "a purchase" } as const;
type EventType = keyof typeof EVENT_NAMES;

const LIST_SIZE = 12;

class Storefront {
  private mode: "customer" | "anonymous" | "none" = "none";
  private customerId = "";
  private viewed: string[] = [];
  private readonly status = byId("status");
  private readonly cards = byId<HTMLUListElement>("cards");
  /** The button that opened the details, to return the focus to when they close. */
  private opener: HTMLElement | null = null;

  constructor(
    private readonly api: Api,
    private readonly config: PagesConfig,
  ) {}

  start(): void {
    const form = byId<HTMLFormElement>("customer-form");
    const input = byId<HTMLInputElement>("customer-id");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const id = input.value.trim();
      if (id) void this.showCustomer(id);
      else showStatus(this.status, "error", "Type a customer id first, or pick a sample customer.");
    });
    byId("anonymous").addEventListener("click", () => void this.startVisit());
    byId("details-close").addEventListener("click", () => this.closeDetails());
    byId("details").addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeDetails();
    });
    const samples = byId("samples");
    for (const sample of this.config.sampleCustomers) {
      samples.append(
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              className: "chip",
              onclick: () => {
                input.value = sample.customerId;
                void this.showCustomer(sample.customerId);
              },
            },
            `${sample.customerId} · ${sample.label}`,
          ),
        ),
      );
    }
    byId("write-note").textContent = this.config.recordEvents
      ? "This demo records the views, cart adds and purchases you click into the model file."
      : "Recording events is turned off for this demo (DEMO_RECORDS_EVENTS).";
    const fromAddress = new URLSearchParams(location.search).get("customer");
    if (fromAddress) {
      input.value = fromAddress;
      void this.showCustomer(fromAddress);
    }
  }

  private async showCustomer(customerId: string): Promise<void> {
    this.mode = "customer";
    this.customerId = customerId;
    this.viewed = [];
    byId("browse").hidden = true;
    byId("recs-title").textContent = `Recommended for customer ${customerId}`;
    this.closeDetails();
    await Promise.all([this.refreshList(), this.refreshSegment(), this.refreshBuyAgain()]);
  }

  private async startVisit(): Promise<void> {
    this.mode = "anonymous";
    this.customerId = "";
    this.viewed = [];
    byId("recs-title").textContent = "Recommended for this anonymous visit";
    byId("segment-body").replaceChildren(h("p", {}, "An anonymous visit has no segment: view a few products and watch the list follow."));
    byId("again-body").replaceChildren(h("p", { className: "muted" }, "An anonymous visit has bought nothing to buy again."));
    this.closeDetails();
    const browse = byId("browse");
    browse.hidden = false;
    const catalogue = byId<HTMLUListElement>("catalogue");
    catalogue.setAttribute("aria-busy", "true");
    try {
      const { recommendations } = await this.api.request<{ recommendations: Recommendation[] }>(RECOMMENDATIONS, { k: 24 });
      catalogue.replaceChildren(...recommendations.map((r) => this.card(r, "browse")));
    } catch (error) {
      this.fail(error);
    } finally {
      catalogue.removeAttribute("aria-busy");
    }
    this.renderViewed();
    await this.refreshList();
  }

  private async refreshList(): Promise<void> {
    showStatus(this.status, "loading", "fetching recommendations …");
    this.cards.setAttribute("aria-busy", "true");
    try {
      const variables =
        this.mode === "customer"
          ? { customerId: this.customerId, k: LIST_SIZE }
          : { context: { viewedProductIds: this.viewed, pageViews: this.viewed.length }, k: LIST_SIZE };
      const { recommendations } = await this.api.request<{ recommendations: Recommendation[] }>(RECOMMENDATIONS, variables);
      this.cards.replaceChildren(...recommendations.map((r) => this.card(r, "list")));
      if (recommendations.length === 0) this.cards.append(h("li", { className: "empty" }, "Nothing left to recommend."));
      showStatus(this.status, "info", this.listSummary(recommendations));
    } catch (error) {
      this.cards.replaceChildren();
      this.fail(error);
    } finally {
      this.cards.removeAttribute("aria-busy");
    }
  }

  private listSummary(list: Recommendation[]): string {
    const sources = [...new Set(list.map((r) => SOURCE_NAMES[r.source].toLowerCase()))].join(", ");
    return `${formatInteger(list.length)} products (${sources || "none"}).`;
  }

  private async refreshBuyAgain(): Promise<void> {
    const body = byId("again-body");
    try {
      const { buyAgainPage } = await this.api.request<{ buyAgainPage: BuyAgain }>(BUY_AGAIN, { customerId: this.customerId });
      body.replaceChildren(...buyAgainView(buyAgainPage));
    } catch (error) {
      body.replaceChildren(h("p", { className: "notice" }, h("strong", {}, "Error: "), (error as Error).message));
    }
  }

  private async refreshSegment(): Promise<void> {
    const body = byId("segment-body");
    body.replaceChildren(h("p", { className: "muted" }, "Loading the segment …"));
    try {
      const { segment } = await this.api.request<{ segment: CustomerSegment }>(SEGMENT, { customerId: this.customerId });
      body.replaceChildren(...segmentView(segment));
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_FOUND")
        body.replaceChildren(
          h(
            "p",
            { className: "notice" },
            h("strong", {}, "Unknown customer. "),
            `The service has never seen "${this.customerId}": the list shows what a new visitor would see.`,
          ),
        );
      else body.replaceChildren(h("p", { className: "notice" }, h("strong", {}, "Error: "), (error as Error).message));
    }
  }

  private card(rec: Recommendation, where: "list" | "browse"): HTMLLIElement {
    const p = rec.product;
    const actions = h("div", { className: "actions" });
    actions.append(
      h(
        "button",
        { type: "button", onclick: () => void this.openDetails(p), "aria-label": `Similar products and baskets for ${p.name}` },
        "Similar & baskets",
      ),
    );
    if (where === "browse")
      actions.append(h("button", { type: "button", onclick: () => void this.view(p), "aria-label": `View ${p.name}` }, "View"));
    else if (this.mode === "customer" && this.config.recordEvents)
      for (const type of ["VIEW", "ADD_TO_CART", "PURCHASE"] as const)
        actions.append(
          h(
            "button",
            { type: "button", onclick: () => void this.record(rec, type), "aria-label": `Record ${EVENT_NAMES[type]} of ${p.name}` },
            type === "VIEW" ? "View" : type === "ADD_TO_CART" ? "Add to cart" : "Buy",
          ),
        );
    return h(
      "li",
      { className: "card", "data-product-id": p.id },
      p.imageUrl
        ? h("img", { src: p.imageUrl, alt: "", loading: "lazy", width: 160, height: 120 })
        : h("div", { className: "no-image", "aria-hidden": "true" }, (p.category ?? p.name).slice(0, 1)),
      h("h3", {}, p.name),
      h("p", { className: "muted" }, p.category ?? "no category"),
      h("p", { className: "price" }, formatMoney(p.price, p.currency)),
      where === "list"
        ? h(
            "p",
            { className: "meta" },
            h("span", { className: `badge badge-${rec.source.toLowerCase()}` }, SOURCE_NAMES[rec.source]),
            ` score ${formatDecimal(rec.score)}`,
          )
        : null,
      where === "list" && rec.because.length > 0
        ? h("p", { className: "because" }, `Because you bought ${rec.because.map((b) => b.name).join(" and ")}`)
        : null,
      actions,
    );
  }

  private async record(rec: Recommendation, type: EventType): Promise<void> {
    const input = { customerId: this.customerId, productId: rec.product.id, type, recommendationId: rec.recommendationId };
    showStatus(this.status, "loading", `recording ${EVENT_NAMES[type]} of ${rec.product.name} …`);
    try {
      await this.api.request(RECORD, { input }, true);
    } catch (error) {
      return this.fail(error);
    }
    await Promise.all([this.refreshList(), this.refreshSegment(), this.refreshBuyAgain()]);
    showStatus(this.status, "info", `Recorded ${EVENT_NAMES[type]} of ${rec.product.name}; the list above is the model's answer now.`);
  }

  private async view(product: Product): Promise<void> {
    if (!this.viewed.includes(product.id)) this.viewed.push(product.id);
    this.renderViewed();
    await this.refreshList();
  }

  private renderViewed(): void {
    const list = byId("viewed");
    list.replaceChildren(...this.viewed.map((id) => h("li", {}, this.nameOf(id))));
    if (this.viewed.length === 0) list.append(h("li", { className: "muted" }, "nothing yet"));
  }

  private nameOf(productId: string): string {
    const card = document.querySelector(`#catalogue [data-product-id="${CSS.escape(productId)}"] h3`);
    return card?.textContent ?? productId;
  }

  private async openDetails(product: Product): Promise<void> {
    this.opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const details = byId("details");
    details.hidden = false;
    byId("details-title").textContent = `Around ${product.name}`;
    const similar = byId<HTMLUListElement>("similar");
    const together = byId<HTMLTableSectionElement>("together-rows");
    similar.replaceChildren(h("li", { className: "muted" }, "Loading …"));
    together.replaceChildren();
    details.focus();
    await renderRelated(this.api, product.id, similar, together);
  }

  private closeDetails(): void {
    const details = byId("details");
    if (details.hidden) return;
    details.hidden = true;
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }

  private fail(error: unknown): void {
    showStatus(this.status, "error", error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const status = byId("status");
  try {
    const config = await loadConfig();
    new Storefront(apiOf(config), config).start();
    showStatus(status, "info", "Type a customer id, pick a sample customer, or browse anonymously.");
  } catch (error) {
    showStatus(status, "error", (error as Error).message);
  }
  document.body.dataset.ready = "true";
}

void main();
