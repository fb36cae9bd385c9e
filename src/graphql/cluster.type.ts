import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Product } from "./product.type";

@ObjectType({ simpleResolvers: true, description: "A category's share of a group's purchases." })
export class CategoryShare {
  @Field(() => String)
  category!: string;

  @Field(() => Float, { description: "0 to 1." })
  share!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A behaviour cluster: customers who buy alike (k-means over RFM, browsing and category mix).",
})
export class Cluster {
  @Field(() => ID, { description: "The cluster within this model version (a new version numbers its clusters afresh)." })
  id!: string;

  @Field(() => String, { description: "A short description derived from how the cluster differs from the average customer." })
  label!: string;

  @Field(() => Int, { description: "Customers in the cluster." })
  size!: number;

  @Field(() => Float, { description: "Total spend of its customers." })
  revenue!: number;

  @Field(() => Float, { description: "Its share of all customers' spend, 0 to 1." })
  revenueShare!: number;

  @Field(() => Float, { description: "Spend per order." })
  averageOrderValue!: number;

  @Field(() => Float)
  averageRecencyDays!: number;

  @Field(() => Float, { description: "Orders per customer." })
  averageFrequency!: number;

  @Field(() => [CategoryShare], { description: "Categories by share of the cluster's purchases." })
  topCategories!: CategoryShare[];

  @Field(() => [Product], { description: "The products most of its customers bought." })
  topProducts!: Product[];
}
