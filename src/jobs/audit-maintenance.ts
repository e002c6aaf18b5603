/**
 * The daily audit job (issue 11, 等保 安全审计): re-seals a tenant's case chains still carrying
 * the bare SM3 seal of an earlier version (once), purges the security log beyond its retention
 * (at least 180 days), and anchors the audit heads in the table and the external file. It also
 * recomputes the cockpit's rollups from the cases and counts the rows that differ (a bug).
 */
import type { AppContext } from '../app-context.ts';
import { upgradeLegacySeals } from '../audit/seal-upgrade.ts';
import { verifyRollups } from '../cases/verify-rollups.ts';
import { writeAnchor } from '../security/anchors.ts';
import { purgeSecurityLog } from '../security/audit-log.ts';

export interface AuditMaintenanceOptions {
  /** The external anchor file's folder (`anchorDirectory`); null writes the table only. */
  readonly anchorDir: string | null;
  /** Days the security log keeps (never under 180; default `CHENGXIN_AUDIT_RETENTION_DAYS` or 180). */
  readonly retentionDays?: number;
  readonly now?: Date;
}

export interface AuditMaintenanceResult {
  /** Case events re-sealed from SM3 to HMAC-SM3; null when there was nothing to upgrade. */
  readonly resealedEvents: number | null;
  readonly purged: number;
  readonly anchorId: string | null;
  /** Why no anchor was written (the anchored case heads no longer match the previous anchor). */
  readonly problem: string | null;
  /** Rows of the cockpit's rollups that differ from the cases (src/cases/verify-rollups.ts): 0 unless a bug. */
  readonly rollupDifferences: number;
}

export const runAuditMaintenance = async (app: AppContext, options: AuditMaintenanceOptions): Promise<AuditMaintenanceResult> => {
  const upgraded = await upgradeLegacySeals(app, { anchorDir: options.anchorDir });
  const purge = await purgeSecurityLog(app, { retentionDays: options.retentionDays, now: options.now });
  // After the purge, so that the anchor names the log as it is kept.
  const anchor = await writeAnchor(app, { anchorDir: options.anchorDir });
  const rollups = await verifyRollups(app);
  return {
    rollupDifferences: rollups.differing,
    resealedEvents: upgraded?.events ?? null,
    purged: purge.purged,
    anchorId: anchor.written ? anchor.anchor.id : null,
    problem: anchor.written ? (upgraded?.anchor.written === false ? upgraded.anchor.problem : null) : anchor.problem,
  };
};
