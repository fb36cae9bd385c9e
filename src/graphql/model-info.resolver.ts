import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { ModelInfo } from "./model-info.type";

@Resolver()
export class ModelInfoResolver {
  @Query(() => ModelInfo, { description: "The model version being served." })
  modelInfo(@Ctx() ctx: Context) {
    return ctx.modelInfo.describe();
  }
}
