import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import { getUnit, supervisorsFor } from '../reference/reference-data.ts';
import { namesOf } from './case-view.ts';

/**
 * S3, SPEC §6: the lead and cooperating units that accepting (or assigning) a case of `line` to
 * `responsibleUnitId` would bring from the responsibility matrix — what `accept` will record.
 * @throws AppError FORBIDDEN for enterprises, UNIT_NOT_FOUND, VALIDATION_FAILED for an enterprise as the unit
 */
export const previewIntakeSupervisors = async (app: AppContext, actor: Actor, line: Line, responsibleUnitId: string) => {
  if (actor.role === 'enterprise') throw new AppError('FORBIDDEN', '当前账号无权查看交办分工');
  const unit = await getUnit(app.db, app.tenantId, responsibleUnitId);
  if (unit.kind === 'enterprise') throw new AppError('VALIDATION_FAILED', '不能交办给民营企业', { field: 'responsibleUnitId' });
  const supervisors = await supervisorsFor(app.db, app.tenantId, line, unit);
  const ids = [...(supervisors.leadUnitId === null ? [] : [supervisors.leadUnitId]), ...supervisors.cooperatingUnitIds];
  const names = await namesOf(app.db, app.tenantId, ids, []);
  return {
    leadUnit: supervisors.leadUnitId === null ? null : names.unit(supervisors.leadUnitId),
    cooperatingUnits: supervisors.cooperatingUnitIds.map(names.unit),
  };
};
