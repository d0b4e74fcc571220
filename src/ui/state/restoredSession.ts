// Curves and a gradient report read back from a file or the autosave, shown over the live
// session until the learner moves on. Without weights the worker's session starts afresh: the
// saved curves stand for the run they came from until a setting changes or the learner trains,
// steps or resets (the live run then starts again at step 0). With a file's weights sent to the
// worker (it answers in order, so the next run starts from them), the live run continues the
// saved one: its steps are drawn after the saved curves.
import type { GradientsReport, Request, StepRecord } from '../../worker/protocol';
import { urlHashOf } from './notebookUrl';
import type { NotebookSettings } from './notebookSettings';
import { appendRecords } from './recordHistory';
import type { SessionState } from './sessionState';

export interface RestoredSession {
  records: StepRecord[];
  report: GradientsReport | null;
  /** The settings the curves belong to (as the URL names them). */
  settingsKey: string;
  /** The step of the weights loaded with the curves, when the file had them. */
  resumesAt?: number;
}

/** The settings the curves depend on: all but how many steps the Train button asks for. */
const keyOf = (settings: NotebookSettings) => urlHashOf({ ...settings, trainSteps: 1 });

export const restoredFor = (
  settings: NotebookSettings,
  saved: { records: StepRecord[]; report: GradientsReport | null },
  resumesAt?: number,
): RestoredSession => ({
  ...saved,
  settingsKey: keyOf(settings),
  ...(resumesAt !== undefined ? { resumesAt } : {}),
});

/**
 * The live session holds the restored weights, or has been sent them: its run continues the
 * saved curves.
 */
export const isContinued = (restored: RestoredSession, session: Pick<SessionState, 'resumedAt'>) =>
  restored.resumesAt !== undefined && session.resumedAt === restored.resumesAt;

/**
 * Requests that move the live run on, after which the saved curves no longer describe it —
 * unless the run continues them from their weights, which only a reset ends.
 */
export const endsRestored = (request: Request, isContinuing = false) =>
  request.type === 'reset' ||
  (!isContinuing &&
    (request.type === 'train' || request.type === 'step' || request.type === 'resume'));

export const isRestoredCurrent = (restored: RestoredSession, settings: NotebookSettings) =>
  restored.settingsKey === keyOf(settings);

/** The session the cells see: the live one, with the saved curves and report over it. */
export function withRestored(session: SessionState, settings: NotebookSettings): SessionState {
  const { restored } = session;
  if (!restored || !isRestoredCurrent(restored, settings)) return session;
  if (isContinued(restored, session))
    return {
      ...session,
      // Live steps start where the saved ones end; a report at the loaded weights wins. Until the
      // worker has taken them its reports are of other weights (the configure's fresh ones).
      records: appendRecords(
        restored.records.filter((r) => r.step < restored.resumesAt!),
        session.records.filter((r) => r.step >= restored.resumesAt!),
      ),
      report:
        session.importsPending > 0
          ? (restored.report ?? session.report)
          : (session.report ?? restored.report),
    };
  return {
    ...session,
    records: restored.records,
    report: restored.report ?? session.report,
  };
}
