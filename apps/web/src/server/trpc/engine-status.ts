/** The parts of the engine's GET /status/all the dashboard reads (amounts in paise). */
export interface EngineStatus {
  readonly now: number;
  readonly nowIst: string;
  readonly configSha: string;
  readonly trading: {
    readonly state: 'ACTIVE' | 'PAUSED' | 'HALTED';
    readonly since: number | null;
    readonly reasons: readonly { readonly code: string; readonly message: string }[];
    readonly halt: { readonly reason: string; readonly at: number } | null;
  };
  readonly mode: { readonly mode: 'PAPER' | 'LIVE'; readonly since?: number | null };
  readonly killSwitch: { readonly engaging: boolean; readonly lastReport: unknown };
  readonly market: {
    readonly covered: boolean;
    readonly open?: boolean;
    readonly minutesToClose?: number | null;
    readonly nextOpen?: string;
  };
  readonly venue: {
    readonly kind: string;
    readonly root: string;
    readonly session: {
      readonly valid: boolean;
      readonly userId: string | null;
      readonly expiresAt: number | null;
      readonly message: string | null;
    };
    readonly orders: string;
  };
  readonly marketData: { readonly state: string; readonly lastTickAt: number | null };
  readonly risk: {
    readonly capital: number;
    readonly realisedPnlToday: number;
    readonly unrealisedPnlToday: number;
    readonly openRisk: number;
    readonly heatLimit: number;
    readonly dailyLossLimit: number;
    readonly openPositions: number;
    readonly maxOpenPositions: number;
    readonly workingOrders: number;
  };
  readonly components: Record<
    string,
    {
      readonly state: 'OK' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';
      readonly lastSeen: number | null;
      readonly detail: string;
    }
  >;
}
