import { Tag } from 'antd';
import type { CreditStatus } from '../../../src/domain/credit/states.ts';
import { useI18n } from '../i18n/i18n.tsx';

const STATUS_COLOR = {
  ordered: 'gold',
  rectified: 'cyan',
  refused: 'volcano',
  recorded: 'red',
  objected: 'orange',
  revoked: 'default',
  repaired: 'green',
} satisfies Record<CreditStatus, string>;

export const CreditStatusTag = ({ status }: { status: CreditStatus }) => {
  const { m } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-credit-status={status}>
      {m.credit.status[status]}
    </Tag>
  );
};
