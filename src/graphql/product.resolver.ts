import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { ProductInput } from "./product.input";
import type { Context } from "./context";
import { pageInfoOf } from "./page-info.type";
import { Product } from "./product.type";
import { DEFAULT_K, SimilarProductsArgs } from "./ranking.args";
import { SimilarProduct, SimilarProductPage } from "./similar-product.type";
import { byK, byLength, listCost } from "./cost";

const SIMILAR_PRODUCTS =
  "Products bought by the same kind of customers, most similar first. A product nobody has bought yet is compared by its category's typical vector; without a category it has none. Null, with a NOT_FOUND error, for a product that does not exist.";

@Resolver()
export class ProductResolver {
  @Query(() => Product, {
    nullable: true,
    description: "One product from the catalogue; null, with a NOT_FOUND error, for an id it does not hold.",
  })
  product(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.catalog.product(id);
  }

  @Query(() => [Product], {
    complexity: listCost(2, byLength("ids")),
    nullable: "items",
    description: "Up to 100 products by id, in the order asked; null for an id the catalogue does not hold.",
  })
  products(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: Context) {
    return ctx.catalog.products(ids);
  }

  @Mutation(() => [Product], {
    complexity: listCost(10, byLength("inputs"), 0.5),
    description:
      "Adds or updates up to 500 products in one transaction, all or none; idempotent on id. A new product is recommendable at once (by its category) and counts in customers' interactions at once; an unavailable or archived product is never recommended. A field set here keeps its value over later imports, which update the other fields.",
  })
  upsertProducts(@Arg("inputs", () => [ProductInput]) inputs: ProductInput[], @Ctx() ctx: Context) {
    return ctx.catalog.upsertProducts(inputs);
  }

  @Query(() => [SimilarProduct], {
    complexity: listCost(5, byK(DEFAULT_K)),
    nullable: true,
    description: `${SIMILAR_PRODUCTS} The items of similarProductsPage, as a plain list.`,
  })
  similarProducts(@Args(() => SimilarProductsArgs) { productId, k, ...options }: SimilarProductsArgs, @Ctx() ctx: Context) {
    return ctx.catalog.similarProducts(productId, k ?? DEFAULT_K, options).items;
  }

  @Query(() => SimilarProductPage, {
    complexity: listCost(5, byK(DEFAULT_K)),
    nullable: true,
    description: `${SIMILAR_PRODUCTS} With pageInfo, to tell whether another page follows.`,
  })
  similarProductsPage(@Args(() => SimilarProductsArgs) { productId, k, ...options }: SimilarProductsArgs, @Ctx() ctx: Context) {
    const page = ctx.catalog.similarProducts(productId, k ?? DEFAULT_K, options);
    return { items: page.items, pageInfo: pageInfoOf(page) };
  }
}
