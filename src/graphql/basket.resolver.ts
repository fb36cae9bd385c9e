import { Args, Ctx, Query, Resolver } from "type-graphql";
import { AssociationRulesArgs, FrequentlyBoughtTogetherArgs } from "./basket.args";
import { AssociationRule, BoughtTogether } from "./basket.type";
import type { Context } from "./context";
import { DEFAULT_K } from "./ranking.args";

@Resolver()
export class BasketResolver {
  @Query(() => [BoughtTogether], {
    nullable: true,
    description:
      "Products most often in the same basket as this one, most confident first, then by lift. Null, with a NOT_FOUND error, for a product that does not exist.",
  })
  frequentlyBoughtTogether(@Args(() => FrequentlyBoughtTogetherArgs) { productId, k }: FrequentlyBoughtTogetherArgs, @Ctx() ctx: Context) {
    return ctx.baskets.frequentlyBoughtTogether(productId, k ?? DEFAULT_K);
  }

  @Query(() => [AssociationRule], { description: "Association rules between products, highest lift first, then by confidence." })
  associationRules(@Args(() => AssociationRulesArgs) args: AssociationRulesArgs, @Ctx() ctx: Context) {
    return ctx.baskets.associationRules(args);
  }
}
