/** Buy again's bounds, shared by the settings and the API. */

/** buyAgain's longest default horizon in days, unless BUY_AGAIN_HORIZON_DAYS says otherwise. */
export const DEFAULT_BUY_AGAIN_HORIZON_DAYS = 30;
/** The longest horizon, and the longest window of dueForRepurchase, in days. */
export const MAX_BUY_AGAIN_DAYS = 366;
