import { Field, Float, ID, InputType, Int } from "type-graphql";

@InputType({ description: "What this visit tells: for visitors without a customer id, and to sharpen a known customer's list." })
export class SessionContext {
  @Field(() => [ID], {
    nullable: true,
    description: "Products viewed in this visit (at most 100); they are folded in as views and not recommended back.",
  })
  viewedProductIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: "Pages viewed in this visit." })
  pageViews?: number | null;

  @Field(() => Float, { nullable: true, description: "Time spent in this visit, in the unit of the shop's data." })
  timeSpent?: number | null;
}
