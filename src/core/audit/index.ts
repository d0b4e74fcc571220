// The kernel audit: the case list and the function that runs it on the current backend.
export { AUDIT_BATCH, AUDIT_CASES, type AuditCase, type InputKind } from './cases';
export {
  auditKernels,
  type AuditOptions,
  type AuditReport,
  type CaseAudit,
  type TensorAudit,
} from './audit';
