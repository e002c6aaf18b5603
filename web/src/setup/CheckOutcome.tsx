import { Alert, Table } from 'antd';
import type { OrganisationProblem } from '../../../src/domain/setup/organisation.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { SetupCheck } from './setup-check.ts';

/** Where a problem is, in words: a workbook's sheet, row and column, or the form's step, item and field. */
export type ProblemPlace = (sheet: string | null, row: number | null, column: string | null) => string;

/** Every problem, where it is and what it is; the words wrap rather than scroll, so a phone shows them whole. */
const ProblemTable = ({ problems, place, testId }: { problems: readonly OrganisationProblem[]; place: ProblemPlace; testId: string }) => {
  const { m } = useI18n();
  return (
    <Table<OrganisationProblem>
      size="small"
      rowKey={(problem) => `${problem.sheet}-${problem.row}-${problem.column}-${problem.message}`}
      dataSource={[...problems]}
      pagination={false}
      scroll={{ y: 320 }}
      data-testid={`${testId}-problems`}
      columns={[
        { title: m.setup.place, key: 'place', width: '34%', render: (_value, problem) => place(problem.sheet, problem.row, problem.column) || '—' },
        { title: m.setup.problem, dataIndex: 'message' },
      ]}
    />
  );
};

/**
 * What the last check said, the same for a workbook and the form: every problem, or the city it
 * previews and its warnings. Its parts are `${testId}-error`, `-problems` and `-checked`.
 */
export const CheckOutcome = ({ outcome, place, problemsTitle, testId }: { outcome: SetupCheck; place: ProblemPlace; problemsTitle: (count: number) => string; testId: string }) => {
  const { m } = useI18n();
  const s = m.setup;
  const { checked, problems, error } = outcome;
  return (
    <>
      {error !== null && <Alert type="error" showIcon title={problems.length > 0 ? problemsTitle(problems.length) : error} data-testid={`${testId}-error`} />}
      {problems.length > 0 && <ProblemTable problems={problems} place={place} testId={testId} />}
      {checked !== null && <Alert type="success" showIcon title={s.checked(checked.cityName, checked.jurisdictions, checked.units)} data-testid={`${testId}-checked`} />}
      {checked !== null && checked.warnings.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={s.warnings}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {checked.warnings.map((warning) => (
                <li key={warning.message}>{warning.message}</li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
};
