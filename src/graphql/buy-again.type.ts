import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { PageOf } from "./page-info.type";
import { Product } from "./product.type";

@ObjectType({ simpleResolvers: true, description: "One of a customer's own products, with how likely they are to buy it again, and when." })
export class BuyAgainItem {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, {
    description:
      "P(they buy it again within the page's horizonDays), from their own intervals between purchases of it and every buyer's (a gamma–Poisson model with a survival function: a product long overdue for them counts as dropped). Without dates: P(they buy it again at all).",
  })
  probability!: number;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "The day (00:00 UTC) their next purchase of it is expected: the median of their next interval, given the time since the last one; null when their purchases have no dates.",
  })
  expectedNextPurchase!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "The day (00:00 UTC) they last bought it; null without dates." })
  lastPurchased!: Date | null;

  @Field(() => Int, { description: "Orders of theirs that held it." })
  timesBought!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Their typical days between purchases of it: their own mean interval, shrunk towards every buyer's; null without dates.",
  })
  typicalIntervalDays!: number | null;

  @Field(() => [String], { description: "The merchandising rules that changed its place, by name." })
  rules!: string[];
}

@ObjectType({ simpleResolvers: true, description: "A page of a customer's buy-again list." })
export class BuyAgainPage extends PageOf(BuyAgainItem) {
  @Field(() => Boolean, {
    description: "Whether their purchases have dates. Without, the list ranks by how often they bought each product and gives no dates.",
  })
  dated!: boolean;

  @Field(() => GraphQLDateTimeISO, {
    description:
      "Today, for the estimates: asOf if given, else the later of the model's data end and the customer's last purchase, never after now.",
  })
  asOf!: Date;

  @Field(() => Int, {
    nullable: true,
    description:
      "The days ahead the probabilities are for: as given, or the customer's next-order window (their typical days between orders, at most BUY_AGAIN_HORIZON_DAYS); null without dates.",
  })
  horizonDays!: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "A customer and a product of theirs whose next purchase is expected in a window: for a reminder.",
})
export class DueForRepurchase {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Product)
  product!: Product;

  @Field(() => Float, { description: "P(they buy it within the window), given that they have not since their last purchase of it." })
  probability!: number;

  @Field(() => GraphQLDateTimeISO, { description: "The day (00:00 UTC) their next purchase of it is expected." })
  expectedNextPurchase!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "The day (00:00 UTC) they last bought it." })
  lastPurchased!: Date;

  @Field(() => Int)
  timesBought!: number;

  @Field(() => Float)
  typicalIntervalDays!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A page of the customers and products due for repurchase in a window, most likely first.",
})
export class DueForRepurchasePage extends PageOf(DueForRepurchase) {
  @Field(() => GraphQLDateTimeISO, { description: "Today, for the estimates: asOf if given, else the model's data end, never after now." })
  asOf!: Date;
}
