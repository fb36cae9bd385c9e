import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { ModelInfo } from "./model-info.type";
import { COST } from "./cost";

@Resolver()
export class ModelInfoResolver {
  @Query(() => ModelInfo, { complexity: COST.modelInfo, description: "The model version being served." })
  modelInfo(@Ctx() ctx: Context) {
    return ctx.modelInfo.describe();
  }
}
