import { Field, Float, ID, InputType } from "type-graphql";
import { ArmRanker, RankerBlend } from "./experiment.type";

@InputType()
export class ExperimentArmInput {
  @Field(() => String, { description: "1 to 64 characters, distinct within the experiment." })
  name!: string;

  @Field(() => Float, { description: "Share of the placement's visitors, above 0 and at most 1; the arms' shares add up to at most 1." })
  share!: number;

  @Field(() => ArmRanker, { nullable: true, defaultValue: ArmRanker.MODEL })
  ranker?: ArmRanker | null;

  @Field(() => RankerBlend, { nullable: true, description: "The weights of a BLEND arm (and only of one)." })
  blend?: RankerBlend | null;

  @Field(() => [String], { nullable: true, description: "Rule sets applied to this arm's lists, on top of the rules without a set." })
  ruleSets?: string[] | null;
}

@InputType()
export class ExperimentInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'A stable id of your choosing ("home-rankers-2026-12": 1 to 64 letters, digits, "-" or "_"), unique among experiments; a new UUID if left out. The id decides which arm each visitor lands in.',
  })
  id?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "The placements whose recommendations lists it splits (none of them in another running experiment); every placement if left out.",
  })
  placements?: string[] | null;

  @Field(() => [ExperimentArmInput], { description: "2 to 10 arms." })
  arms!: ExperimentArmInput[];

  @Field(() => String, { nullable: true, description: "The arm the others are compared with; the first if left out." })
  control?: string | null;
}
