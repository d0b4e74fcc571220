// The training twins as chart series: the reference underneath, the chained twin dashed on top
// (their curves coincide), the naive twin solid.
import type { StepRecord, TwinName } from '../../worker/protocol';
import type { Palette } from '../theme/palette';
import type { StepSeries } from './StepLineChart';

export const TWIN_LABELS: Record<TwinName, string> = {
  reference: 'reference (full tape)',
  vjp: 'split (chained VJPs)',
  naive: 'split (naive tapes)',
};

const TWINS: TwinName[] = ['reference', 'vjp', 'naive'];

/**
 * A series per twin: those the session trains when known (so the lines exist before the first
 * step and the first update only adds points), else those that appear in `records`.
 */
export function twinSeries(
  records: StepRecord[],
  field: 'losses' | 'timingsMs',
  palette: Palette,
  twins?: readonly TwinName[],
): StepSeries[] {
  const shown = twins
    ? TWINS.filter((t) => t !== 'naive' || twins.includes('naive'))
    : TWINS.filter((t) => records.some((r) => r[field][t] !== undefined));
  return shown.map((t) => ({
    key: t,
    label: TWIN_LABELS[t],
    color: palette.series[t],
    isUnderlay: t === 'reference',
    isDashed: t === 'vjp',
  }));
}
