/**
 * Products with no trained vector that share one: a category's mean vector, or zeros (no category, or
 * a category nobody bought from). They tie on every score, so a graph would hold copies of one point;
 * ANN ranking scores each group once instead (serving/ann-search.ts).
 */
export interface ColdGroup {
  /** A member: the group's vector is its row of productFactors. */
  row: number;
  /** Product indices, ascending (ties rank by index). */
  members: Int32Array;
}

/**
 * The products after the `trained` ones grouped by the vector they share: untrained product u (index
 * trained + u) has its category's mean when `categories[u]` names one with trained products
 * (`counts`), else zeros.
 */
export function coldGroups(trained: number, categories: readonly number[], counts: ArrayLike<number>): ColdGroup[] {
  const groups = new Map<number, number[]>();
  categories.forEach((c, u) => {
    const key = c >= 0 && counts[c] > 0 ? c : -1;
    const members = groups.get(key);
    if (members) members.push(trained + u);
    else groups.set(key, [trained + u]);
  });
  return Array.from(groups.values(), (members) => ({ row: members[0], members: Int32Array.from(members) }));
}
