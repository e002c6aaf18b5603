import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { officialListStream, XLSX_CONTENT_TYPE, type OfficialList } from '../io/official-list.ts';
import { getUnit } from '../reference/reference-data.ts';
import { sendDownload } from './downloads.ts';

/**
 * Sends a list as an official workbook (src/io/official-list.ts), streamed: 填报单位 is the
 * actor's unit, 填报日期 the city's day. Call it only after the query is validated and the
 * actor authorized: once the first byte is out, an error can only break the download.
 */
export const sendOfficialList = async <T>(
  app: AppContext,
  actor: Actor,
  reply: FastifyReply,
  log: FastifyBaseLogger,
  file: { readonly fileName: string; readonly asciiFileName: string },
  list: Omit<OfficialList<T>, 'reportingUnit' | 'reportedOn'>,
): Promise<FastifyReply> => {
  const reportingUnit = actor.unitId === null ? actor.name : (await getUnit(app.db, app.tenantId, actor.unitId)).name;
  const reportedOn = todayInShanghai(app.clock());
  const content = officialListStream({ ...list, reportingUnit, reportedOn }, (error) => log.error({ err: error }, 'official list export failed'));
  return sendDownload(reply, {
    contentType: XLSX_CONTENT_TYPE,
    fileName: `${file.fileName}_${reportedOn}.xlsx`,
    asciiFileName: `${file.asciiFileName}-${reportedOn}.xlsx`,
    content,
  });
};
