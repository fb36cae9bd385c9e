/** What the storefront asks the GraphQL API, and the shapes of the answers it uses. */

export interface Product {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  currency: string | null;
  imageUrl: string | null;
}

export interface Recommendation {
  recommendationId: string;
  score: number;
  source: "PERSONALIZED" | "SESSION" | "CLUSTER" | "POPULAR";
  product: Product;
  because: { id: string; name: string }[];
}

export interface CustomerSegment {
  rfm: { label: string; action: string; recencyDays: number; frequency: number; monetary: number; r: number; f: number; m: number } | null;
  cluster: { id: string; label: string } | null;
}

const PRODUCT = "id name category price currency imageUrl";
export const RECOMMENDATIONS = `query Recommendations($customerId: ID, $context: SessionContext, $k: Int!) {
  recommendations(customerId: $customerId, context: $context, k: $k, placement: "demo") {
    recommendationId score source product { ${PRODUCT} } because(k: 2) { id name }
  }
}`;
export const SEGMENT = `query Segment($customerId: ID!) {
  segment(customerId: $customerId) { rfm { label action recencyDays frequency monetary r f m } cluster { id label } }
}`;
export const RELATED = `query Related($productId: ID!) {
  similarProducts(productId: $productId, k: 6) { similarity product { ${PRODUCT} } }
  frequentlyBoughtTogether(productId: $productId, k: 6) { support confidence lift baskets product { id name } }
}`;
export const RECORD = `mutation Record($input: InteractionInput!) { recordInteraction(input: $input) { id type productId } }`;
