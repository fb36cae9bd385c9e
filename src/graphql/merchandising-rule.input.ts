import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, InputType } from "type-graphql";
import {
  BoostAction,
  BuryAction,
  CuratedAction,
  DiversityAction,
  ExcludeAction,
  PinAction,
  PromotionAction,
  RuleScope,
} from "./merchandising-action.type";

@InputType("MerchandisingRuleInput", { description: "A merchandising rule: a name, where and when it applies, and exactly one action." })
export class MerchandisingRuleInput {
  @Field(() => String, { description: "Unique, 1 to 64 characters; a rule of the same name is replaced." })
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Applies from then on (always, if left out)." })
  activeFrom?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Applies until then." })
  activeTo?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Left out: applies to every list. Given: only to lists of an experiment arm that names this rule set.",
  })
  ruleSet?: string | null;

  @Field(() => RuleScope, { nullable: true })
  scope?: RuleScope | null;

  @Field(() => PinAction, { nullable: true })
  pin?: PinAction | null;

  @Field(() => BoostAction, { nullable: true })
  boost?: BoostAction | null;

  @Field(() => BuryAction, { nullable: true })
  bury?: BuryAction | null;

  @Field(() => ExcludeAction, { nullable: true })
  exclude?: ExcludeAction | null;

  @Field(() => DiversityAction, { nullable: true })
  diversity?: DiversityAction | null;

  @Field(() => PromotionAction, { nullable: true })
  promotion?: PromotionAction | null;

  @Field(() => CuratedAction, { nullable: true })
  curated?: CuratedAction | null;
}
