import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { Product } from "./product.type";
import { DEFAULT_K, SimilarProductsArgs } from "./ranking.args";
import { SimilarProduct } from "./similar-product.type";

@Resolver()
export class ProductResolver {
  @Query(() => Product, {
    nullable: true,
    description: "One product from the catalogue; null, with a NOT_FOUND error, for an id it does not hold.",
  })
  product(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.catalog.product(id);
  }

  @Query(() => [SimilarProduct], {
    nullable: true,
    description:
      "Products bought by the same kind of customers, most similar first. A product nobody has bought yet is compared by its category's typical vector; without a category it has none. Null, with a NOT_FOUND error, for a product that does not exist.",
  })
  similarProducts(@Args(() => SimilarProductsArgs) { productId, k, ...options }: SimilarProductsArgs, @Ctx() ctx: Context) {
    return ctx.catalog.similarProducts(productId, k ?? DEFAULT_K, options);
  }
}
