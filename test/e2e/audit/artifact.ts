// Writes audit reports to the git-ignored artifacts/kernel-audit.json, one entry per run
// ("node cpu", "chromium webgl stock pool kernels", …), so the Node and browser tests can each
// record theirs without erasing the other's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditReport } from '../../../src/core/audit';

const ARTIFACTS = resolve(import.meta.dirname, '../../../artifacts');
export const AUDIT_ARTIFACT = join(ARTIFACTS, 'kernel-audit.json');

export function recordAudit(run: string, report: AuditReport, extra: object = {}): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  const runs: Record<string, unknown> = existsSync(AUDIT_ARTIFACT)
    ? (JSON.parse(readFileSync(AUDIT_ARTIFACT, 'utf8')) as { runs: Record<string, unknown> }).runs
    : {};
  runs[run] = {
    ...extra,
    backend: report.backend,
    floatPrecision: report.floatPrecision,
    epsilon: report.epsilon,
    elapsedMs: Math.round(report.elapsedMs),
    cases: report.cases.map((c) => ({
      name: c.name,
      backend: c.backend,
      agrees: c.agrees,
      errors: Object.fromEntries(c.tensors.map((t) => [t.tensor, t.maxRelError])),
    })),
  };
  writeFileSync(AUDIT_ARTIFACT, JSON.stringify({ runs }, null, 2) + '\n');
}
