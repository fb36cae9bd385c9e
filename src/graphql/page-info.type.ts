import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { Page } from "../serving/paging";

@ObjectType({ simpleResolvers: true, description: "Where a page sits in its ranked list, and whether another page follows." })
export class PageInfo {
  @Field(() => Int, { description: "Ranked items skipped before this page." })
  offset!: number;

  @Field(() => Int, { description: "The page size asked for; the page holds fewer items only when it is the last." })
  k!: number;

  @Field(() => Boolean, { description: "Whether another page follows: ask again with offset nextOffset." })
  hasMore!: boolean;

  @Field(() => Int, { nullable: true, description: "The offset of the next page (offset + k); null on the last page." })
  nextOffset!: number | null;
}

/** The base of a list's page type (type-graphql's generic types): its items and their PageInfo. */
export function PageOf<T extends object>(item: ClassType<T>) {
  @ObjectType()
  abstract class Page {
    @Field(() => [item])
    items!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Page;
}

/** A service's page as the API shows it: the items, and a PageInfo. */
export function pageInfoOf(page: Page<unknown>): PageInfo {
  return { offset: page.offset, k: page.k, hasMore: page.hasMore, nextOffset: page.hasMore ? page.offset + page.k : null };
}

/** The description every offset argument shares. */
export function offsetDescription(what: string, max: string): string {
  return `Skip this many ranked ${what} (0 to ${max}): page n of size k is offset n·k. Pages never overlap while the ranking is unchanged.`;
}
