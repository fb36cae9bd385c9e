import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { CustomerSegment } from "./segment.type";

@Resolver()
export class SegmentResolver {
  @Query(() => CustomerSegment, { description: "The customer's RFM segment and the action it suggests." })
  segment(@Arg("customerId", () => ID) customerId: string, @Ctx() ctx: Context) {
    return ctx.recommender.segment(customerId);
  }
}
