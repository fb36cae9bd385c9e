import { Args, Ctx, Extensions, Query, Resolver } from "type-graphql";
import type { BuyAgainItem as ServedItem, DueItem } from "../serving/buy-again.service";
import { BuyAgainArgs, DueForRepurchaseArgs } from "./buy-again.args";
import { BuyAgainItem, BuyAgainPage, DueForRepurchasePage } from "./buy-again.type";
import type { Context } from "./context";
import { byK, listCost } from "./cost";
import { pageInfoOf } from "./page-info.type";
import { DEFAULT_K } from "./ranking.args";
import { ADMIN_ONLY } from "./scopes";

const BUY_AGAIN =
  "The customer's own past products, most likely bought again within the horizon first, each with the probability, the expected day of their next purchase of it, the last one, how often and how regularly they bought it. Products bought once get their chance from how often every buyer bought the product again. Unavailable and archived products are left out; the filter and the merchandising rules for buyAgain apply. A live purchase moves the dates at once. Empty for a customer who bought nothing.";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const itemView = (item: ServedItem) => ({
  ...item,
  expectedNextPurchase: date(item.expectedNextPurchase),
  lastPurchased: date(item.lastPurchased),
});
const dueView = (item: DueItem) => ({
  ...item,
  expectedNextPurchase: new Date(item.expectedNextPurchase),
  lastPurchased: new Date(item.lastPurchased),
});

@Resolver()
export class BuyAgainResolver {
  @Query(() => [BuyAgainItem], { complexity: listCost(10, byK(DEFAULT_K)), description: `${BUY_AGAIN} The items of buyAgainPage.` })
  buyAgain(@Args(() => BuyAgainArgs) { customerId, k, asOf, ...options }: BuyAgainArgs, @Ctx() ctx: Context) {
    return ctx.buyAgain.buyAgain(customerId, k ?? DEFAULT_K, { ...options, asOf: asOf?.getTime() }).items.map(itemView);
  }

  @Query(() => BuyAgainPage, {
    complexity: listCost(10, byK(DEFAULT_K)),
    description: `${BUY_AGAIN} With pageInfo, the horizon and today.`,
  })
  buyAgainPage(@Args(() => BuyAgainArgs) { customerId, k, asOf, ...options }: BuyAgainArgs, @Ctx() ctx: Context) {
    const page = ctx.buyAgain.buyAgain(customerId, k ?? DEFAULT_K, { ...options, asOf: asOf?.getTime() });
    return {
      items: page.items.map(itemView),
      pageInfo: pageInfoOf(page),
      dated: page.dated,
      asOf: new Date(page.asOf),
      horizonDays: page.horizonDays,
    };
  }

  @Query(() => DueForRepurchasePage, {
    complexity: listCost(200, byK(100)),
    description:
      "Replenishment reminders: customers and products whose next purchase is expected from `from` to `to`, most likely to fall in the window first, for an e-mail campaign. Reads every customer's purchases. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  async dueForRepurchase(@Args(() => DueForRepurchaseArgs) { from, to, k, offset, asOf }: DueForRepurchaseArgs, @Ctx() ctx: Context) {
    const page = await ctx.buyAgain.dueForRepurchase(from.getTime(), to.getTime(), k ?? 100, offset ?? 0, asOf?.getTime() ?? null);
    return { items: page.items.map(dueView), pageInfo: pageInfoOf(page), asOf: new Date(page.asOf) };
  }
}
