import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { CustomerSegment } from "./segment.type";
import { Segments } from "./segments.type";
import { COST } from "./cost";

@Resolver()
export class SegmentResolver {
  @Query(() => CustomerSegment, {
    complexity: COST.segment,
    nullable: true,
    description:
      "The customer's RFM segment and the action it suggests; null, with a NOT_FOUND error, for a customer the service has never seen.",
  })
  segment(@Arg("customerId", () => ID) customerId: string, @Ctx() ctx: Context) {
    return ctx.segments.segment(customerId);
  }

  @Query(() => Segments, {
    complexity: COST.segments,
    description: "Per RFM segment and per behaviour cluster: customers, revenue, order value, recency, top categories.",
  })
  segments(@Ctx() ctx: Context) {
    return ctx.segments.all();
  }
}
