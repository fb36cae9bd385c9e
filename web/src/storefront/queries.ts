/** What the storefront asks the GraphQL API, and the shapes of the answers it uses (picked from the generated types). */
import type * as Schema from "../generated/schema";

export type Product = Pick<Schema.Product, "id" | "name" | "category" | "price" | "currency" | "imageUrl">;

export interface Recommendation extends Pick<Schema.Recommendation, "recommendationId" | "score" | "source"> {
  product: Product;
  because: Pick<Schema.Product, "id" | "name">[];
}

export interface CustomerSegment {
  rfm: Pick<Schema.RfmSegment, "label" | "action" | "recencyDays" | "frequency" | "monetary" | "r" | "f" | "m"> | null;
  cluster: Pick<Schema.Cluster, "id" | "label"> | null;
}

/** A customer's buy-again shelf, as BUY_AGAIN asks for it. */
export interface BuyAgain extends Pick<Schema.BuyAgainPage, "dated" | "asOf" | "horizonDays"> {
  items: (Pick<Schema.BuyAgainItem, "probability" | "expectedNextPurchase" | "lastPurchased" | "timesBought"> & {
    product: Pick<Schema.Product, "id" | "name">;
  })[];
}

/** Similar products and baskets, as RELATED asks for them. */
export interface Related {
  similarProducts: (Pick<Schema.SimilarProduct, "similarity"> & { product: Product })[];
  frequentlyBoughtTogether: (Pick<Schema.BoughtTogether, "support" | "confidence" | "lift" | "baskets"> & {
    product: Pick<Schema.Product, "id" | "name">;
  })[];
}

export const PRODUCT = "id name category price currency imageUrl";
export const RECOMMENDATIONS = `query Recommendations($customerId: ID, $context: SessionContext, $k: Int!) {
  recommendations(customerId: $customerId, context: $context, k: $k, placement: "demo") {
    recommendationId score source product { ${PRODUCT} } because(k: 2) { id name }
  }
}`;
export const SEGMENT = `query Segment($customerId: ID!) {
  segment(customerId: $customerId) { rfm { label action recencyDays frequency monetary r f m } cluster { id label } }
}`;
export const BUY_AGAIN = `query BuyAgain($customerId: ID!) {
  buyAgainPage(customerId: $customerId, k: 6, placement: "demo") {
    dated asOf horizonDays items { probability expectedNextPurchase lastPurchased timesBought product { id name } }
  }
}`;
export const RELATED = `query Related($productId: ID!) {
  similarProducts(productId: $productId, k: 6) { similarity product { ${PRODUCT} } }
  frequentlyBoughtTogether(productId: $productId, k: 6) { support confidence lift baskets product { id name } }
}`;
export const RECORD = `mutation Record($input: InteractionInput!) { recordInteraction(input: $input) { id type productId } }`;
