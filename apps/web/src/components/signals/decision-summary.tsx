import type { DecisionView } from '../../server/read-model/signal-page';
import { formatRupees } from '../../lib/format';
import { KeyValues } from '../query-status';

/** The risk gates' verdict in numbers: size, risk, heat before and after. */
export function DecisionSummary({ decision }: { readonly decision: DecisionView }) {
  return (
    <KeyValues
      entries={[
        ['verdict', decision.approved ? 'approved' : `refused: ${decision.reason ?? '—'}`],
        ['size', `${decision.quantity} (${decision.lots} lot${decision.lots === 1 ? '' : 's'})`],
        [
          'risk',
          `${formatRupees(decision.riskAmount)} (${(decision.riskPctBps / 100).toFixed(2)} %)`,
        ],
        ['heat', `${formatRupees(decision.heatBefore)} → ${formatRupees(decision.heatAfter)}`],
        ['capital', formatRupees(decision.capital)],
        ['config', decision.configSha.slice(0, 12)],
      ]}
    />
  );
}
