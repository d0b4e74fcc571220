// Curves and a gradient report read back from a file or the autosave, shown over the live
// session until the learner moves on. The weights are not saved, so the worker's session starts
// afresh; the saved curves stand for the run they came from until a setting changes or the
// learner trains, steps or resets (the live run then starts again at step 0).
import type { GradientsReport, Request, StepRecord } from '../../worker/protocol';
import { urlHashOf } from './notebookUrl';
import type { NotebookSettings } from './notebookSettings';
import type { SessionState } from './sessionState';

export interface RestoredSession {
  records: StepRecord[];
  report: GradientsReport | null;
  /** The settings the curves belong to (as the URL names them). */
  settingsKey: string;
}

export const restoredFor = (
  settings: NotebookSettings,
  saved: { records: StepRecord[]; report: GradientsReport | null },
): RestoredSession => ({ ...saved, settingsKey: urlHashOf(settings) });

/** Requests that move the live run on, after which the saved curves no longer describe it. */
export const endsRestored = (request: Request) =>
  request.type === 'train' ||
  request.type === 'step' ||
  request.type === 'reset' ||
  request.type === 'resume';

export const isRestoredCurrent = (restored: RestoredSession, settings: NotebookSettings) =>
  restored.settingsKey === urlHashOf(settings);

/** The session the cells see: the live one, with the saved curves and report over it. */
export function withRestored(
  session: SessionState,
  restored: RestoredSession | null,
  settings: NotebookSettings,
): SessionState {
  if (!restored || !isRestoredCurrent(restored, settings)) return session;
  return {
    ...session,
    records: restored.records,
    report: restored.report ?? session.report,
  };
}
