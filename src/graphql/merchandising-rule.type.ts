import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import type { MerchandisingRule as StoredRule } from "../domain/merchandising";
import {
  BoostAction,
  BuryAction,
  CuratedAction,
  DiversityAction,
  ExcludeAction,
  PinAction,
  PromotionAction,
  RuleActionKind,
  RuleScope,
} from "./merchandising-action.type";

@ObjectType({
  simpleResolvers: true,
  description: "A merchandising rule as stored: where and when it applies, and its one action (the others are null).",
})
export class MerchandisingRule {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  activeFrom!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  activeTo!: Date | null;

  @Field(() => Boolean, { description: "Enabled, and within its schedule now." })
  activeNow!: boolean;

  @Field(() => String, { nullable: true })
  ruleSet!: string | null;

  @Field(() => RuleScope)
  scope!: RuleScope;

  @Field(() => RuleActionKind)
  action!: RuleActionKind;

  @Field(() => PinAction, { nullable: true })
  pin!: PinAction | null;

  @Field(() => BoostAction, { nullable: true })
  boost!: BoostAction | null;

  @Field(() => BuryAction, { nullable: true })
  bury!: BuryAction | null;

  @Field(() => ExcludeAction, { nullable: true })
  exclude!: ExcludeAction | null;

  @Field(() => DiversityAction, { nullable: true })
  diversity!: DiversityAction | null;

  @Field(() => PromotionAction, { nullable: true })
  promotion!: PromotionAction | null;

  @Field(() => CuratedAction, { nullable: true })
  curated!: CuratedAction | null;

  @Field(() => GraphQLDateTimeISO)
  updatedAt!: Date;
}

/** A stored rule as the API shows it. */
export function ruleView(rule: StoredRule, now: number): MerchandisingRule {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  const { action } = rule;
  const { kind: _kind, ...fields } = action;
  const only = <K extends StoredRule["action"]["kind"]>(kind: K) => (action.kind === kind ? (fields as never) : null);
  return {
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    activeFrom: date(rule.activeFrom),
    activeTo: date(rule.activeTo),
    activeNow: rule.enabled && (rule.activeFrom === null || rule.activeFrom <= now) && (rule.activeTo === null || now < rule.activeTo),
    ruleSet: rule.ruleSet,
    scope: rule.scope as RuleScope,
    action: action.kind as RuleActionKind,
    pin: only("pin"),
    boost: only("boost"),
    bury: only("bury"),
    exclude: only("exclude"),
    diversity: only("diversity"),
    promotion: only("promotion"),
    curated: only("curated"),
    updatedAt: new Date(rule.updatedAt),
  };
}
