import { Alert, Button, Card, Col, Descriptions, List, Progress, Rate, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { PageBreadcrumb } from '../components/PageHeader.tsx';
import { CaseFilesCard, FileLink } from '../case/CaseFiles.tsx';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import type { CaseView } from '../api/types.ts';
import { ActionModal } from '../case/ActionModal.tsx';
import { actionLabel } from '../case/action-forms.ts';
import { webLine } from '../case/lines/index.ts';
import { BasisCard } from '../case/BasisCard.tsx';
import { CaseDocumentButtons } from '../case/CaseDocumentButtons.tsx';
import { CaseTimeline } from '../case/CaseTimeline.tsx';
import { FollowUpCard } from '../case/FollowUpCard.tsx';
import { EnterpriseProgressCard } from '../case/EnterpriseProgressCard.tsx';
import { DeadlineStoryCard } from '../case/DeadlineStoryCard.tsx';
import { FlowDiagram } from '../case/FlowDiagram.tsx';
import { CreditProposal } from '../credit/CreditProposal.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { CaseKindCard, CaseKindTag } from '../case/CaseKindTag.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const DANGER: ReadonlySet<CaseAction> = new Set(['dismiss', 'return', 'object', 'merge']);
const PRIMARY: ReadonlySet<CaseAction> = new Set(['accept', 'classify', 'propose_plan', 'consent', 'record_payment', 'submit_feedback', 'close', 'agree', 'judge']);

const AmountCards = ({ record }: { record: CaseView }) => {
  const { m } = useI18n();
  const labels = webLine(record.line).amountLabels?.(m) ?? {
    claimed: m.timeline.claimedAmount,
    confirmed: m.timeline.confirmedAmount,
    paid: m.caseFields.paidAmount,
    outstanding: m.caseFields.outstandingAmount,
  };
  return (
    <Row gutter={[16, 16]}>
      {(
        [
          ['claimed', labels.claimed, record.claimedAmount],
          ['confirmed', labels.confirmed, record.confirmedAmount],
          ['paid', labels.paid, record.paidAmount],
          ['outstanding', labels.outstanding, record.confirmedAmount === null ? null : record.outstandingAmount],
        ] as const
      ).map(([key, title, fen]) => (
        <Col xs={12} md={6} key={key}>
          <Card size="small">
            <Statistic title={title} valueRender={() => <Money fen={fen} exact />} />
          </Card>
        </Col>
      ))}
    </Row>
  );
};

/** The enterprise's rating of the result (SPEC §5), once given. */
const RatingCard = ({ rating }: { rating: NonNullable<CaseView['rating']> }) => {
  const { m } = useI18n();
  return (
    <Card size="small" title={m.casePage.rating} data-testid="case-rating">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space>
          <Rate disabled value={rating.score} />
          <span data-score={rating.score}>{m.casePage.stars(rating.score)}</span>
        </Space>
        {rating.comment && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{rating.comment}</Typography.Paragraph>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {m.casePage.ratedAt(dayjs(rating.ratedAt).format('YYYY-MM-DD HH:mm'))}
        </Typography.Text>
      </Space>
    </Card>
  );
};

/** S3: how the case was taken on, what it was merged into, and the duplicates merged into it. */
const IntakeCard = ({ record }: { record: CaseView }) => {
  const { m } = useI18n();
  const t = m.intake;
  const { intake, mergedInto, mergedCases } = record;
  if (intake === null && mergedInto === null && mergedCases.length === 0) return null;
  return (
    <Card size="small" title={t.intakeCard} data-testid="case-intake">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {intake && (
          <Space wrap>
            <Tag color={intake.status === 'pending' ? 'orange' : 'green'} data-intake={intake.status}>
              {t.intakeStatus[intake.status]}
            </Tag>
            {intake.status === 'accepted' && intake.acceptedBy && intake.acceptedAt && (
              <Typography.Text type="secondary">
                {record.events.some((event) => event.type === 'accept')
                  ? t.acceptedBy(intake.acceptedBy.name, dayjs(intake.acceptedAt).format('YYYY-MM-DD HH:mm'))
                  : t.acceptedOnRegistration}
              </Typography.Text>
            )}
          </Space>
        )}
        {intake?.instruction && <Typography.Paragraph style={{ marginBottom: 0 }}>{m.common.labelled(t.instructionGiven, intake.instruction)}</Typography.Paragraph>}
        {mergedInto && (
          <Alert
            type="info"
            showIcon
            data-testid="merged-into"
            title={
              <span>
                {m.common.label(t.mergedInto)}
                <Link to={`/cases/${mergedInto.caseId}`} className="money">
                  {mergedInto.number}
                </Link>
              </span>
            }
          />
        )}
        {mergedCases.length > 0 && (
          <div data-testid="merged-cases">
            <Typography.Text strong>{t.mergedCases(mergedCases.length)}</Typography.Text>
            <List
              size="small"
              dataSource={mergedCases}
              renderItem={(item) => (
                <List.Item key={item.id}>
                  <Space wrap>
                    <Link to={`/cases/${item.id}`} className="money">
                      {item.number}
                    </Link>
                    <span>{item.title}</span>
                    <Tag>{m.source[item.source]}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          </div>
        )}
      </Space>
    </Card>
  );
};

/** G1: the latest progress reported to 营商办, with the share done when given. */
const ProgressCard = ({ progress }: { progress: NonNullable<CaseView['progress']> }) => {
  const { m } = useI18n();
  const t = m.intake;
  return (
    <Card size="small" title={t.progress} data-testid="progress">
      {progress.percent !== null && <Progress percent={progress.percent} size="small" style={{ maxWidth: 320 }} />}
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{progress.text}</Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.progressAt(dayjs(progress.reportedAt).format('YYYY-MM-DD HH:mm'))}
      </Typography.Text>
    </Card>
  );
};

/** The case page: facts, amounts, plan, the rule that applies, the flow, the history and the caller's actions. */
const CasePage = () => {
  const { id } = useParams();
  const { m } = useI18n();
  const user = useUser();
  const loaded = useApi<CaseView>(`/api/cases/${id}`);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [updated, setUpdated] = useState<CaseView | null>(null);
  if (loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  const record = updated && updated.id === id && updated.version >= (loaded.data?.version ?? 0) ? updated : loaded.data;
  if (!record) return <Card loading />;
  const f = m.caseFields;
  const p = m.casePage;
  const line = webLine(record.line);
  // The enterprise follows its case in plain words: no state machine, no rule ids (staff keep both).
  const enterprise = user.role === 'enterprise';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageBreadcrumb nav={enterprise ? 'portal' : 'ledger'} last={record.number} linked />
      <Card>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            {enterprise ? <Link to="/portal">← {m.nav.portal}</Link> : <Link to="/ledger">← {m.nav.ledger}</Link>}
            <Typography.Text type="secondary" className="money">
              {record.number}
            </Typography.Text>
            <Tag>{m.line[record.line]}</Tag>
            <CaseKindTag kind={record.kind} />
            <Tag>{m.source[record.source]}</Tag>
            {record.supervisionLevel && <Tag color="red">{p.supervised(m.supervisionLevel[record.supervisionLevel])}</Tag>}
          </Space>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title">
            {record.title}
          </Typography.Title>
          <Space wrap size="large">
            <span data-testid="case-state">
              {m.common.label(f.state)}
              <StateTag state={record.state} />
            </span>
            <span>
              {m.common.label(f.timeLimit)}
              <DeadlineBadge deadline={record.deadline} status={record.deadlineStatus} />
            </span>
            {record.rule && !enterprise && <span>{m.common.labelled(p.rule, record.rule)}</span>}
          </Space>
          {record.returnReason && <Alert type="warning" showIcon title={m.common.labelled(p.feedbackReturned, record.returnReason)} />}
          <Space wrap style={{ marginTop: 8 }} data-testid="case-actions">
            {record.availableActions.length === 0 && <Typography.Text type="secondary">{enterprise ? p.nothingToDo : p.noActions}</Typography.Text>}
            {record.availableActions.map(({ action }) => (
              <Button
                key={action}
                type={PRIMARY.has(action) ? 'primary' : 'default'}
                danger={DANGER.has(action)}
                onClick={() => setOpen(action)}
                data-action={action}
              >
                {actionLabel(m, action, record.line)}
              </Button>
            ))}
            <CreditProposal caseId={record.id} version={record.version} />
            <CaseDocumentButtons record={record} />
          </Space>
        </Space>
      </Card>

      {enterprise && <EnterpriseProgressCard progress={record.enterpriseProgress} />}

      {/* A kind of case kept apart (打击报复投诉) owes nothing: no amounts. */}
      {line.showsAmounts(record) && record.kind === null && <AmountCards record={record} />}

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <CaseKindCard record={record} />
            <Card size="small" title={p.overview}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={[
                  { key: 'enterprise', label: f.enterprise, children: record.enterprise?.name ?? m.intake.noEnterprise },
                  { key: 'code', label: f.creditCode, children: <span className="money">{record.enterprise?.creditCode ?? '—'}</span> },
                  { key: 'responsible', label: f.responsibleUnit, children: record.responsibleUnit.name },
                  { key: 'handling', label: f.handlingUnit, children: <>{record.handlingUnit.name}{record.escalated && <Tag color="volcano" style={{ marginInlineStart: 8 }}>{p.escalated}</Tag>}</> },
                  { key: 'jurisdiction', label: f.jurisdiction, children: record.jurisdiction.name },
                  { key: 'lead', label: f.leadUnit, children: record.leadUnit?.name ?? '—' },
                  { key: 'cooperating', label: f.cooperatingUnits, span: 2, children: record.cooperatingUnits.map((unit) => unit.name).join(m.common.enumSeparator) || '—' },
                  ...(record.instruction ? [{ key: 'instruction', label: m.actions.fields.instruction, span: 2, children: record.instruction }] : []),
                  ...(record.externalRef
                    ? [{ key: 'externalRef', label: m.intake.importing.externalRef, span: 2, children: <span className="money">{record.externalRef}</span> }]
                    : []),
                  // 台账导入: the file and row a case came from, for staff (the enterprise's view does not carry it).
                  ...(record.importedFrom && !enterprise
                    ? [
                        {
                          key: 'importedFrom',
                          label: p.importedFrom,
                          span: 2,
                          children: (
                            <span style={{ wordBreak: 'break-all' }} data-testid="case-imported-from">
                              {p.importedFromFile(record.importedFrom.fileName, record.importedFrom.row, record.importedFrom.sha256)}
                            </span>
                          ),
                        },
                      ]
                    : []),
                  { key: 'facts', label: m.register.facts, span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{record.facts}</span> },
                  ...(record.court ? [{ key: 'court', label: m.actions.fields.court, children: record.court }] : []),
                  ...(record.feedback
                    ? [
                        {
                          key: 'feedback',
                          label: p.feedback,
                          span: 2,
                          children: (
                            <div>
                              <div style={{ whiteSpace: 'pre-wrap' }}>{record.feedback.summary}</div>
                              {record.feedback.documents.map((document) => (
                                <div key={document.reference} style={{ color: '#666' }}>
                                  {m.common.labelled(p.attached, m.common.parenthesized(document.title, document.reference))}
                                  {document.attachment && (
                                    <span style={{ marginInlineStart: 8 }}>
                                      <FileLink file={document.attachment} />
                                    </span>
                                  )}
                                </div>
                              ))}
                            </div>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <CaseFilesCard record={record} />
            <line.FactsCard record={record} />
            {record.progress && <ProgressCard progress={record.progress} />}
            {!enterprise && (
              <Card size="small" title={p.flow}>
                <FlowDiagram source={record.flow.mermaid} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {record.rating && <RatingCard rating={record.rating} />}
            <FollowUpCard record={record} />
            <DeadlineStoryCard story={record.deadlineStory} />
            {line.LawCard && <line.LawCard record={record} onAct={setOpen} />}
            <IntakeCard record={record} />
            <BasisCard record={record} showRules={!enterprise} />
            <Card size="small" title={p.history}>
              <CaseTimeline events={record.events} line={record.line} showRules={!enterprise} />
            </Card>
          </Space>
        </Col>
      </Row>

      {open && (
        <ActionModal
          action={open}
          record={record}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            if (next === null) loaded.reload();
            else setUpdated(next);
            setOpen(null);
          }}
        />
      )}
    </Space>
  );
};

export default CasePage;
