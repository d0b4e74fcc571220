// The float64 check's two settings: how many elements of each tensor it samples, and whether
// tfjs's own pooling gradients (two of them wrong) run instead of ours — for a class to watch a
// framework bug being caught.
import type { Dispatch } from 'react';
import {
  MAX_FD64_SAMPLES,
  type GradientCheckSettings,
  type SettingsAction,
} from '../state/notebookSettings';
import { NumberField, positiveInteger } from '../train/NumberField';

interface CheckSettingsProps {
  check: GradientCheckSettings;
  dispatch: Dispatch<SettingsAction>;
}

export function CheckSettings({ check, dispatch }: CheckSettingsProps) {
  return (
    <fieldset className="check-settings">
      <legend>The float64 check</legend>
      <NumberField
        label="Elements sampled per tensor"
        value={check.fd64Samples}
        step="1"
        width="7ch"
        check={positiveInteger(MAX_FD64_SAMPLES)}
        onCommit={(fd64Samples) => dispatch({ kind: 'check', check: { fd64Samples } })}
      />
      <label className="stock-kernels">
        <input
          type="checkbox"
          checked={check.stockKernels}
          onChange={(e) => dispatch({ kind: 'check', check: { stockKernels: e.target.checked } })}
        />{' '}
        Use tfjs&apos;s own pooling gradients. Two of them are wrong (AvgPoolGrad with
        &lsquo;same&rsquo; padding, MaxPoolGrad on wasm): try a model with{' '}
        <code>averagePooling2d</code>, padding <code>same</code>, and watch the check catch it.
      </label>
    </fieldset>
  );
}
