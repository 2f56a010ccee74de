// What a safeguarding flag is about. The four a phrase can find, and "other" for a reader who
// flags an account by hand for a reason none of them covers.
export const RISK_CATEGORIES = ['self_harm', 'abuse', 'child_at_risk', 'immediate_danger'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const FLAG_CATEGORIES = [...RISK_CATEGORIES, 'other'] as const;
export type FlagCategory = (typeof FLAG_CATEGORIES)[number];

export const RESOLUTIONS = ['actioned', 'referred', 'no_concern'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
