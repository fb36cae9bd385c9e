import { GraphQLDateTimeISO } from "graphql-scalars";
import { ArgsType, Field, ID, Int } from "type-graphql";
import { PagedRankingArgs, PLACEMENT_DESCRIPTION } from "./ranking.args";

@ArgsType()
export class BuyAgainArgs extends PagedRankingArgs {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Days ahead the probability is for (1 to 366). Left out: the customer's next-order window, their typical days between orders, at most BUY_AGAIN_HORIZON_DAYS (30 unless set): the list is about their next basket.",
  })
  horizonDays?: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "Today, for the estimates; by default the later of the model's data end and the customer's last purchase, never after now.",
  })
  asOf?: Date | null;

  @Field(() => String, { nullable: true, description: PLACEMENT_DESCRIPTION })
  placement?: string | null;
}

@ArgsType()
export class DueForRepurchaseArgs {
  @Field(() => GraphQLDateTimeISO, { description: "The window's start." })
  from!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "The window's end (after from; at most 366 days on)." })
  to!: Date;

  @Field(() => Int, { nullable: true, defaultValue: 100, description: "How many customer–product pairs, 1 to 100." })
  k?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: "Skip this many (offset + k at most 10,000)." })
  offset?: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: "Today, for the estimates; by default the model's data end, never after now.",
  })
  asOf?: Date | null;
}
