import { Args, Ctx, Query, Resolver } from "type-graphql";
import { InvalidInputError } from "../domain/errors";
import { AssociationRulesArgs, FrequentlyBoughtTogetherArgs } from "./basket.args";
import { AssociationRule, AssociationRulePage, BoughtTogether, BoughtTogetherPage } from "./basket.type";
import type { Context } from "./context";
import { pageInfoOf } from "./page-info.type";
import { DEFAULT_K } from "./ranking.args";
import { DEFAULT_RULES } from "../serving/basket.service";
import { byK, listCost } from "./cost";

const BOUGHT_TOGETHER =
  "Products most often in the same basket as this one, most confident first, then by lift. Null, with a NOT_FOUND error, for a product that does not exist.";
const RULES = "Association rules between products, highest lift first, then by confidence.";

@Resolver()
export class BasketResolver {
  @Query(() => [BoughtTogether], {
    complexity: listCost(5, byK(DEFAULT_K)),
    nullable: true,
    description: `${BOUGHT_TOGETHER} The items of frequentlyBoughtTogetherPage, as a plain list.`,
  })
  frequentlyBoughtTogether(@Args(() => FrequentlyBoughtTogetherArgs) args: FrequentlyBoughtTogetherArgs, @Ctx() ctx: Context) {
    return this.boughtTogether(args, ctx).items;
  }

  @Query(() => BoughtTogetherPage, {
    complexity: listCost(5, byK(DEFAULT_K)),
    nullable: true,
    description: `${BOUGHT_TOGETHER} With pageInfo, to tell whether another page follows.`,
  })
  frequentlyBoughtTogetherPage(@Args(() => FrequentlyBoughtTogetherArgs) args: FrequentlyBoughtTogetherArgs, @Ctx() ctx: Context) {
    const page = this.boughtTogether(args, ctx);
    return { items: page.items, pageInfo: pageInfoOf(page) };
  }

  @Query(() => [AssociationRule], {
    complexity: listCost(10, byK(DEFAULT_RULES), 0.2),
    description: `${RULES} The items of associationRulesPage, as a plain list.`,
  })
  associationRules(@Args(() => AssociationRulesArgs) args: AssociationRulesArgs, @Ctx() ctx: Context) {
    return this.rules(args, ctx).items;
  }

  @Query(() => AssociationRulePage, {
    complexity: listCost(10, byK(DEFAULT_RULES), 0.2),
    description: `${RULES} With pageInfo, to tell whether another page follows.`,
  })
  associationRulesPage(@Args(() => AssociationRulesArgs) args: AssociationRulesArgs, @Ctx() ctx: Context) {
    const page = this.rules(args, ctx);
    return { items: page.items, pageInfo: pageInfoOf(page) };
  }

  private boughtTogether({ productId, k, offset, placement }: FrequentlyBoughtTogetherArgs, ctx: Context) {
    return ctx.baskets.frequentlyBoughtTogether(productId, k ?? DEFAULT_K, offset, placement);
  }

  private rules({ k, offset, limit, ...filter }: AssociationRulesArgs, ctx: Context) {
    const size = k ?? DEFAULT_RULES;
    if (limit != null && size !== DEFAULT_RULES && size !== limit)
      throw new InvalidInputError(`give k or its old name limit, not both (k: ${size}, limit: ${limit})`);
    return ctx.baskets.associationRules(filter, limit ?? size, offset);
  }
}
