import type { Json } from './flow-state.types.js';

/** What a workflow is told about the dealer it runs for. */
export interface DealerMasterData {
  code: string;
  status: string;
  tier: string;
  homeRegion: string;
  authorizedRegions: readonly string[];
  customFields?: Record<string, unknown> | null;
}

/**
 * The dealer's master data wins over what the start form sent: nobody raises their own credit limit by
 * typing it. The server applies it before `start`; the studio's simulator does the same.
 */
export function withDealerMasterData(given: Record<string, Json>, dealer: DealerMasterData): Record<string, Json> {
  return {
    ...given,
    ...((dealer.customFields ?? {}) as Record<string, Json>),
    code: dealer.code, status: dealer.status, tier: dealer.tier, homeRegion: dealer.homeRegion, authorizedRegions: [...dealer.authorizedRegions],
  };
}
