/**
 * Merchandising rules as the API reads and writes them. Each shape is both an input and an object type
 * (`FooInput` and `Foo`), so a rule reads back as it was written.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum RuleQuery {
  RECOMMENDATIONS = "recommendations",
  SIMILAR_PRODUCTS = "similarProducts",
  FREQUENTLY_BOUGHT_TOGETHER = "frequentlyBoughtTogether",
  BUY_AGAIN = "buyAgain",
}
registerEnumType(RuleQuery, { name: "RuleQuery", description: "A kind of ranked list a rule may shape." });

export enum RuleActionKind {
  PIN = "pin",
  BOOST = "boost",
  BURY = "bury",
  EXCLUDE = "exclude",
  DIVERSITY = "diversity",
  PROMOTION = "promotion",
  CURATED = "curated",
}
registerEnumType(RuleActionKind, { name: "RuleActionKind", description: "What a rule does." });

export enum CuratedMode {
  LEAD = "lead",
  REPLACE = "replace",
}
registerEnumType(CuratedMode, {
  name: "CuratedMode",
  valuesConfig: {
    LEAD: { description: "The curated products first, then the model's list." },
    REPLACE: { description: "The curated products alone." },
  },
});

@ObjectType("AttributeEquals", { simpleResolvers: true })
@InputType("AttributeEqualsInput")
export class AttributeEquals {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "Compared with the attribute's value as text, without regard to case." })
  value!: string;
}

@ObjectType("ProductCondition", { simpleResolvers: true, description: "Which products an action acts on: every part given must hold." })
@InputType("ProductConditionInput", { description: "Which products an action acts on: every part given must hold (at least one)." })
export class ProductCondition {
  @Field(() => [ID], { nullable: true, description: "These products (at most 1000, each in the catalogue)." })
  productIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Products of these categories (compared without regard to case)." })
  categories?: string[] | null;

  @Field(() => [AttributeEquals], { nullable: true, description: "Products whose attributes have these values." })
  attributes?: AttributeEquals[] | null;

  @Field(() => Float, { nullable: true })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true })
  maxPrice?: number | null;
}

@ObjectType("RuleScope", {
  simpleResolvers: true,
  description: "Where a rule applies: every part given must hold; a part left out holds everywhere.",
})
@InputType("RuleScopeInput", { description: "Where a rule applies: every part given must hold; a part left out holds everywhere." })
export class RuleScope {
  @Field(() => [String], { nullable: true, description: "The lists' placement arguments." })
  placements?: string[] | null;

  @Field(() => [RuleQuery], { nullable: true })
  queries?: RuleQuery[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "similarProducts and frequentlyBoughtTogether: the category of the product the list is about.",
  })
  seedCategories?: string[] | null;

  @Field(() => [String], { nullable: true, description: "recommendations: the customer's RFM segment (as segment's label)." })
  segments?: string[] | null;

  @Field(() => [Int], { nullable: true, description: "recommendations: the customer's behaviour cluster." })
  clusters?: number[] | null;
}

@ObjectType("Pin", { simpleResolvers: true })
@InputType("PinInput")
export class Pin {
  @Field(() => ID, {
    description:
      "A product in the catalogue; shown only while the list may hold it (in stock, not filtered out or excluded, not already bought).",
  })
  productId!: string;

  @Field(() => Int, { description: "Its place in the whole ranking, from 1 (offset included)." })
  position!: number;
}

@ObjectType("PinAction", { simpleResolvers: true })
@InputType("PinActionInput")
export class PinAction {
  @Field(() => [Pin], { description: "1 to 20 pins, on distinct positions." })
  pins!: Pin[];
}

@ObjectType("BoostAction", { simpleResolvers: true })
@InputType("BoostActionInput")
export class BoostAction {
  @Field(() => ProductCondition)
  condition!: ProductCondition;

  @Field(() => Float, { description: "Above 1 (at most 1000): the score is multiplied by it (a negative score divided by it)." })
  factor!: number;
}

@ObjectType("BuryAction", { simpleResolvers: true })
@InputType("BuryActionInput")
export class BuryAction {
  @Field(() => ProductCondition)
  condition!: ProductCondition;

  @Field(() => Float, {
    nullable: true,
    description: "Between 0 and 1: the score is multiplied by it; left out: after every other product.",
  })
  factor?: number | null;
}

@ObjectType("ExcludeAction", { simpleResolvers: true })
@InputType("ExcludeActionInput")
export class ExcludeAction {
  @Field(() => ProductCondition)
  condition!: ProductCondition;
}

@ObjectType("DiversityAction", { simpleResolvers: true })
@InputType("DiversityActionInput")
export class DiversityAction {
  @Field(() => String, { nullable: true, description: "The attribute whose values are capped; left out: the category." })
  attribute?: string | null;

  @Field(() => Int, { description: "At most this many products of one value…" })
  maxPerValue!: number;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: "…in the first this many positions (2 to 100)." })
  withinFirst?: number | null;
}

@ObjectType("PromotionAction", { simpleResolvers: true })
@InputType("PromotionActionInput")
export class PromotionAction {
  @Field(() => ProductCondition)
  condition!: ProductCondition;

  @Field(() => Int, {
    description: "Slots reserved in every block of `per` positions for the best-ranked products matching the condition.",
  })
  slots!: number;

  @Field(() => Int, { nullable: true, defaultValue: 10 })
  per?: number | null;
}

@ObjectType("CuratedAction", { simpleResolvers: true })
@InputType("CuratedActionInput")
export class CuratedAction {
  @Field(() => ID, { description: "The product whose similarProducts and frequentlyBoughtTogether lists this curates." })
  seedProductId!: string;

  @Field(() => [ID], { description: "1 to 100 products, in the order shown." })
  productIds!: string[];

  @Field(() => CuratedMode, { nullable: true, defaultValue: CuratedMode.LEAD })
  mode?: CuratedMode | null;
}
