/**
 * How interaction weights become confidences, and how strongly each row is regularized; shared by
 * training and fold-in so both solve exactly the same per-row problem.
 */

export type ConfidenceScaling = "linear" | "log";

export interface ConfidenceOptions {
  alpha: number;
  /** linear: c = 1 + α·w (Hu et al. 2008); log: c = 1 + α·log(1 + w/ε). */
  scaling: ConfidenceScaling;
  epsilon: number;
}

export interface RegularizationOptions {
  regularization: number;
  /**
   * Frequency scaling ν (Rendle et al. 2021): λ_u = λ·(Σ_i c_ui)^ν, the confidence mass of the row over
   * all columns. ν = 0 is plain L2 with the same λ for every row.
   */
  regularizationExponent: number;
}

export type RowProblemOptions = ConfidenceOptions & RegularizationOptions;

/**
 * The largest confidence. The float32 kernel loses a row's solve above about 1e14 (its residuals
 * cancel to nothing), and an infinite one stops conjugate gradients, leaving the row at its random
 * start. A pair this confident is fitted as closely as the ridge allows anyway.
 */
export const MAX_CONFIDENCE = 1e12;

/** c = 1 + α·w, or c = 1 + α·log(1 + w/ε); at most MAX_CONFIDENCE. */
export function confidenceOf(weight: number, o: ConfidenceOptions): number {
  const c = o.scaling === "log" ? 1 + o.alpha * Math.log1p(weight / o.epsilon) : 1 + o.alpha * weight;
  return Math.min(c, MAX_CONFIDENCE);
}

/**
 * λ_u = λ·(Σ_i c_ui)^ν where Σ_i c_ui = columns + Σ_{i observed} (c_ui − 1): every unobserved column
 * has confidence 1.
 */
export function rowRidge(extraConfidence: number, columns: number, o: RegularizationOptions): number {
  if (o.regularizationExponent === 0) return o.regularization;
  return o.regularization * (columns + extraConfidence) ** o.regularizationExponent;
}
