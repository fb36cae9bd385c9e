/**
 * Vectors for items the model has never seen: the mean vector of the trained items in the same
 * category, so a new product is ranked like its category's typical product until it is trained on.
 */

/**
 * @param factors  trained items × k, row-major
 * @param category each trained item's category number, or −1 for none
 * @returns categories × k means (a row of zeros for a category without trained items) and counts
 */
export function categoryMeans(
  factors: ArrayLike<number>,
  items: number,
  k: number,
  category: ArrayLike<number>,
  categories: number,
): { means: Float64Array; counts: Int32Array } {
  const means = new Float64Array(categories * k);
  const counts = new Int32Array(categories);
  for (let i = 0; i < items; i++) {
    const c = category[i];
    if (c < 0) continue;
    counts[c]++;
    for (let f = 0; f < k; f++) means[c * k + f] += factors[i * k + f];
  }
  for (let c = 0; c < categories; c++) {
    if (counts[c] === 0) continue;
    for (let f = 0; f < k; f++) means[c * k + f] /= counts[c];
  }
  return { means, counts };
}
