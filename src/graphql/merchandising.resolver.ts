import { Arg, Ctx, Extensions, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { byLength, listCost } from "./cost";
import { MerchandisingRuleInput } from "./merchandising-rule.input";
import { MerchandisingRule, ruleView } from "./merchandising-rule.type";
import { ADMIN_ONLY } from "./scopes";

@Resolver()
export class MerchandisingResolver {
  @Query(() => [MerchandisingRule], {
    complexity: 50,
    description: "Every merchandising rule, by name. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  merchandisingRules(@Ctx() ctx: Context) {
    const now = Date.now();
    return ctx.merchandising.rules().map((r) => ruleView(r, now));
  }

  @Mutation(() => [MerchandisingRule], {
    complexity: listCost(20, byLength("rules")),
    description:
      "Adds merchandising rules, or replaces those of the same name: up to 50 in one transaction, all or none (an invalid or conflicting rule is BAD_USER_INPUT naming its field). Every server process applies them from its next request on, without a retrain. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  upsertMerchandisingRules(@Arg("rules", () => [MerchandisingRuleInput]) rules: MerchandisingRuleInput[], @Ctx() ctx: Context) {
    const now = Date.now();
    return ctx.merchandising.upsert(rules).map((r) => ruleView(r, now));
  }

  @Mutation(() => Boolean, {
    complexity: 20,
    description: "Deletes a merchandising rule by name (NOT_FOUND if there is none). Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  deleteMerchandisingRule(@Arg("name", () => String) name: string, @Ctx() ctx: Context) {
    return ctx.merchandising.delete(name);
  }
}
