/**
 * The matrix's kinds of the people's own objects: accounts (three administrators, SPEC §5),
 * one's sessions and notifications, enterprise self-registrations, webhook subscriptions and
 * uploaded files.
 */
import { eq } from 'drizzle-orm';
import { isAdminRole, mayListAccounts, mayManageAccount, mayReviewRegistrations, type ManagedAccount } from '../../../src/domain/access/account-policy.ts';
import { can } from '../../../src/domain/access/case-policy.ts';
import { mayRevealAccountPhone } from '../../../src/domain/access/personal-data-policy.ts';
import type { Actor } from '../../../src/domain/access/roles.ts';
import { canReadEnterprise } from '../../../src/domain/enterprises/profile.ts';
import { accounts, attachments, enterpriseRegistrations, notifications, sessions, webhookSubscriptions } from '../../../src/db/schema.ts';
import type { MatrixCase } from './case-kind.ts';
import { allowedIf, unitRelation, type ObjectKind } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

interface MatrixAccount extends ManagedAccount {
  readonly username: string;
  /** A published demo account: on the demo server its password and sign-in are everyone's, so no one resets them. */
  readonly demo: boolean;
}

/** "own account", "an administrator", "a unit handler in own county"…: how the actor stands to an account (SPEC §5). */
const accountRelation = (actor: Actor, target: MatrixAccount): string => {
  if (actor.id === target.id) return 'own account';
  if (isAdminRole(target.role)) return 'an administrator';
  if (target.role !== 'unit_handler') return 'another account of case work';
  return target.unitJurisdictionId !== null && actor.jurisdictionScope.includes(target.unitJurisdictionId) ? 'a unit handler in own county' : 'a unit handler elsewhere';
};

/** Who reads an account: the system administrator every one, a county coordinator the handlers it manages (`mayListAccounts`). */
const mayReadAccount = (actor: Actor, target: MatrixAccount): boolean =>
  mayListAccounts(actor) && (actor.role === 'system_admin' || mayManageAccount(actor, target));

export const accountKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixAccount>> => {
  const { db, app } = world.demo;
  const rows = await db.select().from(accounts).where(eq(accounts.tenantId, app.tenantId)).orderBy(accounts.username);
  const objects = rows.map((row) => ({
    id: row.id,
    username: row.username,
    role: row.role,
    unitId: row.unitId,
    unitJurisdictionId: row.unitId === null ? null : unitOf(world, row.unitId).jurisdictionId,
    demo: row.demo,
  }));
  const url = (target: MatrixAccount, tail = '') => `/api/accounts/${target.id}${tail}`;
  const manage = (actor: Actor, target: MatrixAccount) => allowedIf(mayManageAccount(actor, target));
  return {
    name: 'accounts',
    objects,
    label: (target) => target.username,
    relation: accountRelation,
    hiddenCode: 'ACCOUNT_NOT_FOUND',
    operations: [
      { operationId: 'getAccount', expected: (actor, target) => allowedIf(mayReadAccount(actor, target)), request: (target) => ({ method: 'GET', url: url(target) }) },
      { operationId: 'updateAccount', expected: manage, request: (target) => ({ method: 'PATCH', url: url(target), payload: { displayName: '改名测试' } }) },
      { operationId: 'revealAccountPhone', expected: (actor, target) => allowedIf(mayRevealAccountPhone(actor, target)), request: (target) => ({ method: 'POST', url: url(target, '/phone/reveal') }) },
      { operationId: 'unlockAccount', expected: manage, request: (target) => ({ method: 'POST', url: url(target, '/unlock') }) },
      { operationId: 'resetAccountPassword', reaches: (target) => !target.demo, expected: manage, request: (target) => ({ method: 'POST', url: url(target, '/password-reset') }) },
      { operationId: 'resetAccountSecondFactor', reaches: (target) => !target.demo, expected: manage, request: (target) => ({ method: 'POST', url: url(target, '/second-factor-reset') }) },
      { operationId: 'listAccountSessions', expected: manage, request: (target) => ({ method: 'GET', url: url(target, '/sessions') }) },
      { operationId: 'endAccountSessions', expected: manage, request: (target) => ({ method: 'DELETE', url: url(target, '/sessions') }) },
    ],
  };
};

interface OwnedObject {
  readonly id: string;
  readonly accountId: string;
}

const ownership = (actor: Actor, object: OwnedObject): string => (object.accountId === actor.id ? 'own' : "another account's");

/** A session is ended by its own account only (an administrator ends all of an account's, `endAccountSessions`). */
export const sessionKind = async (world: MatrixWorld): Promise<ObjectKind<OwnedObject>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: sessions.viewId, accountId: sessions.accountId }).from(sessions).where(eq(sessions.tenantId, app.tenantId)).orderBy(sessions.accountId);
  return {
    name: 'sessions',
    objects: rows,
    label: (session) => session.accountId,
    relation: ownership,
    hiddenCode: 'SESSION_NOT_FOUND',
    operations: [
      { operationId: 'revokeMySession', expected: (actor, session) => allowedIf(session.accountId === actor.id), request: (session) => ({ method: 'DELETE', url: `/api/session/sessions/${session.id}` }) },
    ],
  };
};

/** A notification is its addressee's: marking another's read answers as if it did not exist. */
export const notificationKind = async (world: MatrixWorld): Promise<ObjectKind<OwnedObject>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: notifications.id, accountId: notifications.accountId }).from(notifications).where(eq(notifications.tenantId, app.tenantId)).orderBy(notifications.accountId, notifications.id);
  return {
    name: 'notifications',
    objects: rows,
    label: (notification) => notification.accountId,
    relation: ownership,
    hiddenCode: 'NOT_FOUND',
    operations: [
      { operationId: 'markNotificationRead', expected: (actor, notification) => (notification.accountId === actor.id ? 'allowed' : 'hidden'), request: (notification) => ({ method: 'POST', url: `/api/notifications/${notification.id}/read` }) },
    ],
  };
};

/** 营商办 and the system administrator review an enterprise's self-registration (`mayReviewRegistrations`). */
export const registrationKind = async (world: MatrixWorld): Promise<ObjectKind<{ readonly id: string; readonly name: string }>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: enterpriseRegistrations.id, name: enterpriseRegistrations.enterpriseName }).from(enterpriseRegistrations).where(eq(enterpriseRegistrations.tenantId, app.tenantId));
  const review = (actor: Actor) => allowedIf(mayReviewRegistrations(actor));
  const url = (registration: { id: string }, tail: string) => `/api/enterprise-registrations/${registration.id}${tail}`;
  return {
    name: 'enterprise registrations',
    objects: rows,
    label: (registration) => registration.name,
    relation: () => 'a pending registration',
    hiddenCode: 'REGISTRATION_NOT_FOUND',
    operations: [
      { operationId: 'confirmEnterpriseRegistration', expected: review, request: (registration) => ({ method: 'POST', url: url(registration, '/confirm'), payload: {} }) },
      { operationId: 'rejectEnterpriseRegistration', expected: review, request: (registration) => ({ method: 'POST', url: url(registration, '/reject'), payload: { reason: '营业执照照片不清晰' } }) },
      { operationId: 'revealEnterpriseRegistrationPhone', expected: review, request: (registration) => ({ method: 'POST', url: url(registration, '/phone/reveal') }) },
    ],
  };
};

/**
 * Outbound integrations are system configuration, the system administrator's alone (三员分立,
 * `WEBHOOK_ADMINS` in src/webhooks/webhook-subscriptions.ts): whoever could point a webhook at
 * their own server would read every case event.
 */
const keepsWebhooks = (actor: Actor): boolean => actor.role === 'system_admin';

export const webhookKind = async (world: MatrixWorld): Promise<ObjectKind<{ readonly id: string; readonly url: string }>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: webhookSubscriptions.id, url: webhookSubscriptions.url }).from(webhookSubscriptions).where(eq(webhookSubscriptions.tenantId, app.tenantId));
  return {
    name: 'webhook subscriptions',
    objects: rows,
    label: (subscription) => subscription.url,
    relation: () => 'a subscription',
    hiddenCode: 'NOT_FOUND',
    operations: [
      { operationId: 'updateWebhookSubscription', expected: (actor) => allowedIf(keepsWebhooks(actor)), request: (subscription) => ({ method: 'PATCH', url: `/api/webhook-subscriptions/${subscription.id}`, payload: { active: false } }) },
      { operationId: 'listWebhookDeliveries', expected: (actor) => allowedIf(keepsWebhooks(actor)), request: (subscription) => ({ method: 'GET', url: `/api/webhook-subscriptions/${subscription.id}/deliveries` }) },
    ],
  };
};

interface MatrixAttachment {
  readonly id: string;
  readonly fileName: string;
  readonly uploadedBy: string;
  readonly record: MatrixCase['record'] | null;
  /** The enterprise whose application material it is, with that enterprise's county. */
  readonly owner: { readonly id: string; readonly jurisdictionId: string } | null;
}

/**
 * A file is its uploader's, and then of whoever reads the case it is linked to (the case rules)
 * or, an application's material, whoever may see that enterprise's file (`getAttachment`).
 */
const mayDownload = (actor: Actor, file: MatrixAttachment): boolean =>
  file.uploadedBy === actor.id ||
  (file.owner !== null ? canReadEnterprise(actor, { unitId: file.owner.id, jurisdictionId: file.owner.jurisdictionId }) : file.record !== null && can(actor, 'read', file.record));

const attachmentRelation = (actor: Actor, file: MatrixAttachment): string => {
  if (file.uploadedBy === actor.id) return 'own upload';
  if (file.owner !== null) return `material of an enterprise ${unitRelation(actor, file.owner, 'own enterprise')}`;
  if (file.record !== null) return `of a case ${can(actor, 'read', file.record) ? 'one reads' : 'one does not read'}`;
  return "another's upload not yet linked";
};

export const attachmentKind = async (world: MatrixWorld, cases: readonly MatrixCase[]): Promise<ObjectKind<MatrixAttachment>> => {
  const { db, app } = world.demo;
  const rows = await db
    .select({ id: attachments.id, fileName: attachments.fileName, uploadedBy: attachments.uploadedBy, caseId: attachments.caseId, ownerUnitId: attachments.ownerUnitId })
    .from(attachments)
    .where(eq(attachments.tenantId, app.tenantId))
    .orderBy(attachments.createdAt, attachments.id);
  const objects = rows.map((row) => ({
    id: row.id,
    fileName: row.fileName,
    uploadedBy: row.uploadedBy,
    record: cases.find(({ record }) => record.id === row.caseId)?.record ?? null,
    owner: row.ownerUnitId === null ? null : unitOf(world, row.ownerUnitId),
  }));
  return {
    name: 'attachments',
    objects,
    label: (file) => file.fileName,
    relation: attachmentRelation,
    hiddenCode: 'ATTACHMENT_NOT_FOUND',
    operations: [{ operationId: 'downloadAttachment', expected: (actor, file) => allowedIf(mayDownload(actor, file)), request: (file) => ({ method: 'GET', url: `/api/attachments/${file.id}` }) }],
  };
};
