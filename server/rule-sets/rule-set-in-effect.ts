/** A stored rule-set version's window of effect (dates inclusive; null is open). */
export interface VersionWindow { version: number; effectiveFrom: string | null; effectiveTo: string | null }

/**
 * The one rule for "the version in effect on a date": among the non-draft versions of a key, the
 * newest whose window covers `asOf`. Every caller (the DMS, the workflow rule nodes, the evaluate
 * API) asks here.
 */
export function versionInEffect<T extends VersionWindow>(nonDraftVersions: readonly T[], asOf: string): T | undefined {
  return [...nonDraftVersions]
    .sort((a, b) => b.version - a.version)
    .find((r) => (!r.effectiveFrom || r.effectiveFrom <= asOf) && (!r.effectiveTo || r.effectiveTo >= asOf));
}
