import type { DisableableRole, TargetPlan, TargetRole } from './group-types';

/**
 * How much each target should have working, given the quantity to protect. Targets are filled
 * in plan order (TP1 first, the nearer one), each up to what its plan still wants, so partial
 * entry fills arm TP1 before TP2 and every size stays a sum or difference of given sizes.
 */
export function allocateTargets(
  targets: readonly TargetPlan[],
  filledByRole: Readonly<Record<TargetRole, number>>,
  protectedQuantity: number,
  disabled: readonly DisableableRole[],
): Record<TargetRole, number> {
  const allocation: Record<TargetRole, number> = { TP1: 0, TP2: 0 };
  let remaining = Math.max(0, protectedQuantity);
  for (const target of targets) {
    if (disabled.includes(target.role)) continue;
    const wanted = Math.max(0, target.quantity - filledByRole[target.role]);
    const given = Math.min(wanted, remaining);
    allocation[target.role] = given;
    remaining -= given;
  }
  return allocation;
}
