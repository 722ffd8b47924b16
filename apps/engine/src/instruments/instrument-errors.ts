import type { BrokerFailure } from '@kavach/broker';
import type { SkipReason } from './screen-instrument';

/** Expected outcomes of a lookup; the engine decides whether a miss matters. */
export type InstrumentLookupError =
  | { readonly code: 'UNKNOWN_TOKEN'; readonly token: number; readonly message: string }
  | { readonly code: 'UNKNOWN_SYMBOL'; readonly key: string; readonly message: string }
  | { readonly code: 'INVALID_SYMBOL_KEY'; readonly key: string; readonly message: string };

export type InstrumentLookup<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: InstrumentLookupError };

/** Why a refresh stored nothing; the previous cache stays in use. */
export type InstrumentRefreshError =
  | { readonly code: 'DOWNLOAD_FAILED'; readonly failure: BrokerFailure; readonly message: string }
  | {
      readonly code: 'NOTHING_VALID';
      readonly downloaded: number;
      readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
      readonly message: string;
    };
