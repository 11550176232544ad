/**
 * The stopping rule: true once the loss fell by less than `tolerance` (a fraction of the earlier
 * loss) per step between the last two evaluations. `losses` are in step order; 0 = never stop.
 */
export function lossHasLevelledOff(losses: { step: number; loss: number }[], tolerance: number): boolean {
  if (tolerance <= 0 || losses.length < 2) return false;
  const a = losses.at(-2)!;
  const b = losses.at(-1)!;
  const perStep = (a.loss - b.loss) / Math.abs(a.loss) / Math.max(1, b.step - a.step);
  return perStep < tolerance;
}
