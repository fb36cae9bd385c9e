import { type Csr, csrFromTriples } from "../../src/model/csr";

/**
 * Users and items in `blocks` groups: every user of a block bought every item of that block, except
 * that user 0 has not bought item 0 (the withheld item). Any working recommender must rank item 0
 * first for user 0.
 */
export function blockFixture(blocks = 3, usersPerBlock = 8, itemsPerBlock = 5): { weights: Csr; users: number; items: number } {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let b = 0; b < blocks; b++) {
    for (let u = 0; u < usersPerBlock; u++) {
      for (let i = 0; i < itemsPerBlock; i++) {
        const user = b * usersPerBlock + u;
        const item = b * itemsPerBlock + i;
        if (user === 0 && item === 0) continue;
        rows.push(user);
        cols.push(item);
        vals.push(1);
      }
    }
  }
  const users = blocks * usersPerBlock;
  const items = blocks * itemsPerBlock;
  return { weights: csrFromTriples(users, items, rows, cols, vals), users, items };
}
