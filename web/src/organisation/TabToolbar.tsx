import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The head of a tab of 组织机构与基础数据: what the data is and how edits work, the filters on
 * the left and 新增 on the right (wrapping under them on a phone).
 */
export const TabToolbar = ({ hint, children, onAdd, addTestId }: { hint: string; children?: ReactNode; onAdd?: () => void; addTestId?: string }) => {
  const { m } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Flex wrap gap={8} justify="space-between" align="center" style={{ marginBottom: 16 }}>
        {children && <Space wrap>{children}</Space>}
        {onAdd && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onAdd} style={{ marginLeft: 'auto' }} data-testid={addTestId}>
            {m.organisation.add}
          </Button>
        )}
      </Flex>
    </>
  );
};

/** The 编辑 (or other) link of a table row. */
export const RowLink = ({ children, onClick, testId }: { children: ReactNode; onClick: () => void; testId: string }) => (
  <Typography.Link onClick={onClick} data-testid={testId}>
    {children}
  </Typography.Link>
);
